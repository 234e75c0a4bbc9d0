import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convexityData } from '../../extension/labs/convexity-data';
import { parseFromLandscapeView } from '../../webview/views/landscape/protocol';

test('webview intents of the landscape views are checked field by field', () => {
  assert.deepEqual(parseFromLandscapeView({ type: 'slice', directions: 'pca', resolution: 41, seed: 3, extra: 'dropped' }), { type: 'slice', directions: 'pca', resolution: 41, seed: 3 });
  assert.deepEqual(parseFromLandscapeView({ type: 'race', surface: 'beale', racers: [{ optimizer: 'adam', learningRate: 0.1 }], steps: 10, start: [1, 2] }),
    { type: 'race', surface: 'beale', racers: [{ optimizer: 'adam', learningRate: 0.1 }], steps: 10, start: [1, 2] });
  for (const bad of [
    null, [], 'slice', { type: 'slice', directions: 'up', resolution: 41, seed: 1 }, { type: 'slice', directions: 'random', resolution: 5000, seed: 1 },
    { type: 'race', surface: 'everest', racers: [{ optimizer: 'adam', learningRate: 0.1 }], steps: 10, start: [0, 0] },
    { type: 'race', surface: 'bowl', racers: [{ optimizer: 'adam', learningRate: 0 }], steps: 10, start: [0, 0] },
    { type: 'race', surface: 'bowl', racers: [{ optimizer: 'lbfgs', learningRate: 0.1 }], steps: 10, start: [0, 0] },
    { type: 'race', surface: 'bowl', racers: [], steps: 10, start: [0, 0] },
    { type: 'race', surface: 'bowl', racers: [{ optimizer: 'sgd', learningRate: 0.1 }], steps: 1e9, start: [0, 0] },
    { type: 'race', surface: 'bowl', racers: [{ optimizer: 'sgd', learningRate: 0.1 }], steps: 10, start: [0, NaN] },
    { type: 'compare', source: 'builtin', feature: -1, start: [0, 0], learningRate: 1, steps: 10 },
    { type: 'compare', source: 'disk', feature: 0, start: [0, 0], learningRate: 1, steps: 10 },
    { type: 'compare', source: 'run', feature: 0, start: [0, 0], learningRate: 1, steps: 1.5 },
    { type: 'frobnicate' },
  ]) assert.equal(parseFromLandscapeView(bad), undefined, JSON.stringify(bad));
});

test('the convexity lab uses the run\'s data only where its task fits', () => {
  const run = (task: 'classification' | 'regression', classes: number) => ({ title: 't', source: 's', task, classes, features: 2, status: 'running' });
  assert.deepEqual(convexityData('run', 1, run('classification', 2)), { classification: { feature: 1 }, regression: { builtIn: 'regression' } });
  assert.deepEqual(convexityData('run', 0, run('regression', 0)), { classification: { builtIn: 'classification' }, regression: { feature: 0 } });
  assert.deepEqual(convexityData('run', 0, run('classification', 3)), { classification: { builtIn: 'classification' }, regression: { builtIn: 'regression' } });
  assert.deepEqual(convexityData('run', 0, null), { classification: { builtIn: 'classification' }, regression: { builtIn: 'regression' } });
});
