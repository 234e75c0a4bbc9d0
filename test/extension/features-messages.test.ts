/* What the Layer Features view may ask the worker for: every field checked, nothing extra passed on. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFeaturesFromView, parseFeaturesToView } from '../../webview/views/features/protocol';

test('well-formed probe requests pass, rebuilt from only their own fields', () => {
  assert.deepEqual(parseFeaturesFromView({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFeaturesFromView({ type: 'probe', request: { type: 'probeTopActivations', id: 3, layer: 'conv1', k: 8, rows: { set: 'train', maxRows: 2000 }, extra: 'dropped' } }),
    { type: 'probe', request: { type: 'probeTopActivations', id: 3, layer: 'conv1', k: 8, rows: { set: 'train', maxRows: 2000 } } });
  assert.deepEqual(parseFeaturesFromView({ type: 'probe', request: { type: 'probeActivationMap', id: 4, layer: 'dense1', method: 'umap', umap: { nNeighbors: 20, minDist: 0.01 }, grid: { size: 20, minPoints: 3 } } }),
    { type: 'probe', request: { type: 'probeActivationMap', id: 4, layer: 'dense1', method: 'umap', umap: { nNeighbors: 20, minDist: 0.01 }, grid: { size: 20, minPoints: 3 } } });
  assert.deepEqual(parseFeaturesFromView({ type: 'probe', request: { type: 'probeNeuronResponses', id: 5, xRange: [-6, 6], yRange: [-5, 5], resolution: 48 } }),
    { type: 'probe', request: { type: 'probeNeuronResponses', id: 5, xRange: [-6, 6], yRange: [-5, 5], resolution: 48 } });
  assert.deepEqual(parseFeaturesFromView({ type: 'cancel', id: 5, extra: 1 }), { type: 'cancel', id: 5 });
});

test('malformed or absurd requests are refused', () => {
  const bad: unknown[] = [
    null, 7, 'probe', { type: 'probe' }, { type: 'probe', request: null },
    { type: 'probe', request: { type: 'probeLayers' } }, // no id
    { type: 'probe', request: { type: 'probeLayers', id: -1 } },
    { type: 'probe', request: { type: 'probeLayers', id: 1.5 } },
    { type: 'probe', request: { type: 'probeCancel', id: 5 } }, // a cancel is a message of its own
    { type: 'cancel', id: 'all' },
    { type: 'probe', request: { type: 'trainForever', id: 1 } },
    { type: 'probe', request: { type: 'probeTopActivations', id: 1 } }, // no layer
    { type: 'probe', request: { type: 'probeTopActivations', id: 1, layer: 'x'.repeat(65) } },
    { type: 'probe', request: { type: 'probeTopActivations', id: 1, layer: 'conv1', k: 1000 } },
    { type: 'probe', request: { type: 'probeTopActivations', id: 1, layer: 'conv1', rows: { set: 'test' } } },
    { type: 'probe', request: { type: 'probeTopActivations', id: 1, layer: 'conv1', rows: { set: 'train', maxRows: 1e9 } } },
    { type: 'probe', request: { type: 'probeActivationMap', id: 1, layer: 'conv1', method: 'tsne' } },
    { type: 'probe', request: { type: 'probeActivationMap', id: 1, layer: 'conv1', method: 'umap', umap: { nNeighbors: 1 } } },
    { type: 'probe', request: { type: 'probeActivationMap', id: 1, layer: 'conv1', method: 'umap', umap: { metric: 'euclidean' } } },
    { type: 'probe', request: { type: 'probeActivationMap', id: 1, layer: 'conv1', method: 'pca', grid: { size: 1000, minPoints: 3 } } },
    { type: 'probe', request: { type: 'probeComposition', id: 1, layer: 'conv2', neuron: -2 } },
    { type: 'probe', request: { type: 'probeNeuronResponses', id: 1, xRange: [1, -1], yRange: [0, 1], resolution: 10 } },
    { type: 'probe', request: { type: 'probeNeuronResponses', id: 1, xRange: [0, 1], yRange: [0, 1], resolution: 5000 } },
    { type: 'probe', request: { type: 'probeNeuronResponses', id: 1, xRange: [0, Infinity], yRange: [0, 1], resolution: 10 } },
  ];
  for (const m of bad) assert.equal(parseFeaturesFromView(m), undefined, JSON.stringify(m));
});

test('the view accepts run updates and job replies whose answers are events it draws, nothing else', () => {
  assert.ok(parseFeaturesToView({ type: 'run', run: null }));
  assert.ok(parseFeaturesToView({ type: 'run', run: { runId: 'r', title: 't', status: 'running', step: 3 } }));
  assert.ok(parseFeaturesToView({ type: 'result', id: 2, value: { type: 'filters', id: 2, step: 0, filters: null } }));
  assert.ok(parseFeaturesToView({ type: 'progress', id: 2, phase: 'UMAP', fraction: 0.5 }));
  assert.ok(parseFeaturesToView({ type: 'failed', id: 2, message: 'no run', userError: true }));
  assert.ok(parseFeaturesToView({ type: 'cancelled', id: 2 }));
  for (const m of [
    { type: 'run', run: { runId: 'r', title: 't', status: 'bogus', step: 3 } }, { type: 'result', id: 1, value: { type: 'landscape', id: 1 } },
    { type: 'result', value: { type: 'filters' } }, { type: 'progress', id: 2, phase: 'x', fraction: 0.1, partial: { type: 'race' } }, { type: 'failed', id: 3 }, { type: 'snapshot' },
  ]) {
    assert.equal(parseFeaturesToView(m), undefined, JSON.stringify(m));
  }
});
