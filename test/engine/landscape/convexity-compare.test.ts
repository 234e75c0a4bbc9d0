/*
 * The "Compare Loss Convexity" data: for logistic regression on the built-in 1-D set, from the
 * saturated start (−4, 4) with η 1 for 200 steps, descent on cross-entropy reaches the grid's
 * minimum region while descent on MSE-on-sigmoid is still stuck on its plateau; only the latter
 * surface fails the convexity check.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareConvexity, descend } from '../../../engine/landscape/convexity-compare';
import { oneFeatureDataset, oneFeatureOf } from '../../../engine/landscape/data-1d';

test('MSE-on-sigmoid vs cross-entropy: non-convex and stuck vs convex and converged', () => {
  const data = oneFeatureOf(oneFeatureDataset('classification'));
  const [mseSig, ce] = compareConvexity(data, { resolution: 41 });
  assert.equal(mseSig!.loss, 'mse-on-sigmoid');
  assert.equal(ce!.loss, 'binary-cross-entropy');
  assert.ok(mseSig!.convexity.violations > 0);
  assert.equal(ce!.convexity.violations, 0);
  assert.deepEqual([mseSig!.path.w[0], mseSig!.path.b[0]], [-4, 4]);
  assert.deepEqual([ce!.path.w[0], ce!.path.b[0]], [-4, 4]);
  // Cross-entropy ends within 0.01 of the best loss on the grid (or below it); MSE-on-sigmoid far above its own.
  assert.ok(ce!.path.loss.at(-1)! <= ce!.surface.min.value + 0.01, `CE ends at ${ce!.path.loss.at(-1)}, grid min ${ce!.surface.min.value}`);
  assert.ok(mseSig!.path.loss.at(-1)! > mseSig!.surface.min.value + 0.2, `MSE-on-sigmoid ends at ${mseSig!.path.loss.at(-1)}, grid min ${mseSig!.surface.min.value}`);
  assert.ok(ce!.path.w.at(-1)! > 0, 'CE turned the weight the right way round');
});

test('linear MSE and hinge panels: both convex on the grid; descent on the MSE bowl reaches the least-squares line', () => {
  const reg = oneFeatureOf(oneFeatureDataset('regression', { noise: 0 }));
  const [mse] = compareConvexity(reg, { losses: ['mse'], learningRate: 0.1, steps: 500, start: [-5, 5], resolution: 31 });
  assert.equal(mse!.convexity.violations, 0);
  assert.ok(Math.abs(mse!.path.w.at(-1)! - 1.5) < 1e-3 && Math.abs(mse!.path.b.at(-1)! - 0.5) < 1e-3);
  const [hinge] = compareConvexity(oneFeatureOf(oneFeatureDataset('classification')), { losses: ['hinge'], resolution: 31 });
  assert.equal(hinge!.convexity.violations, 0);
  assert.equal(descend('hinge', oneFeatureOf(oneFeatureDataset('classification')), [0, 0], 0.1, 0).w.length, 1);
});
