import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dense } from '../../engine/nn/layers/dense';
import { singularValues, symmetricEigenvalues } from '../../engine/linalg/symmetric-eigen';
import { effectiveRank, layerSymmetry, symmetryProbe } from '../../engine/probes/symmetry';
import { parseConfig } from '../../engine/config-parse';
import { syntheticDataset } from '../../engine/data/synthetic';
import { tensor } from '../../engine/nn/tensor';
import { Trainer, prepareData } from '../../engine/trainer';
import { runAll, summaryOf, trainerFor } from './helpers';

/** A dense layer with the given [inputs × units] weights (row-major) and biases. */
function dense(inputs: number, units: number, weights: number[], bias: number[], grads?: number[]): Dense {
  const d = new Dense('h', inputs, units);
  d.weights.value.set(weights);
  d.bias.value.set(bias);
  if (grads) d.weights.grad.set(grads);
  return d;
}

test('Jacobi eigenvalues of a known symmetric matrix; singular values of a diagonal one', () => {
  // [[2,1,0],[1,2,0],[0,0,5]] has eigenvalues 5, 3, 1.
  const ev = symmetricEigenvalues(Float64Array.of(2, 1, 0, 1, 2, 0, 0, 0, 5), 3);
  [5, 3, 1].forEach((v, i) => assert.ok(Math.abs(ev[i]! - v) < 1e-12, `${ev[i]} ≠ ${v}`));
  const sv = singularValues(Float32Array.of(3, 0, 0, -4, 0, 0), 3, 2);
  [4, 3].forEach((v, i) => assert.ok(Math.abs(sv[i]! - v) < 1e-6));
});

test('effective rank: 1 for one non-zero singular value, n for n equal ones', () => {
  assert.equal(effectiveRank([2, 0, 0]), 1);
  assert.ok(Math.abs(effectiveRank([1, 1, 1]) - 3) < 1e-12);
  assert.equal(effectiveRank([0, 0]), 0);
});

test('identical neurons: one group, zero spread, similarity 1, rank 1', () => {
  // 3 inputs × 4 units, every column (neuron) (0.5, −1, 2), every bias 0.1.
  const w = [0.5, 0.5, 0.5, 0.5, -1, -1, -1, -1, 2, 2, 2, 2];
  const s = layerSymmetry(dense(3, 4, w, [0.1, 0.1, 0.1, 0.1], w.map((x) => x * 3)));
  assert.equal(s.distinctNeurons, 1);
  assert.equal(s.maxDifference, 0);
  for (const v of s.weightSimilarity) assert.ok(Math.abs(v - 1) < 1e-12);
  for (const v of s.gradientSimilarity) assert.ok(Math.abs(v - 1) < 1e-12);
  assert.ok(Math.abs(s.effectiveRank - 1) < 1e-6);
});

test('two groups of neurons, and a difference below the tolerance still counts as the same', () => {
  // Neurons (columns): a=(1,0), b=(1,0)+1e-9, c=(0,1); biases 0.
  const s = layerSymmetry(dense(2, 3, [1, 1 + 1e-9, 0, 0, 0, 1], [0, 0, 0]));
  assert.equal(s.distinctNeurons, 2);
  assert.equal(s.maxDifference, 1);
  assert.ok(Math.abs(s.weightSimilarity[0 * 3 + 2]!) < 1e-12, 'orthogonal neurons have similarity 0');
  assert.ok(Math.abs(s.effectiveRank - effectiveRank([Math.SQRT2, 1])) < 1e-6);
});

test('zero weights: all neurons the same, similarity 1 by convention, rank 0', () => {
  const s = layerSymmetry(dense(2, 3, [0, 0, 0, 0, 0, 0], [0, 0, 0]));
  assert.equal(s.distinctNeurons, 1);
  assert.deepEqual(s.weightSimilarity, new Array(9).fill(1));
  assert.equal(s.effectiveRank, 0);
});

test('per-neuron gradient norms and the dead ReLU share', () => {
  const d = dense(1, 2, [1, -1], [0, 0], [3, 4]);
  d.bias.grad.set([0, 0]);
  const s = layerSymmetry(d, { data: Float32Array.of(0.5, 0, 2, 0), rows: 2 });
  assert.deepEqual(s.gradientNorms, [3, 4]);
  assert.equal(s.deadShare, 0.5);
});

test('the probe on a model: hidden layers only, dead neurons from probe rows, weights untouched', () => {
  const trainer = trainerFor({ dataset: { synthetic: 'xor', samples: 40 }, model: { hidden: [5, 3], activation: 'relu' }, training: { epochs: 1 } });
  const before = trainer.model.snapshot();
  const train = trainer.data.train;
  const probe = symmetryProbe(trainer.model, tensor([train.rows, 2], train.x));
  assert.deepEqual(probe.map((p) => [p.layer, p.units]), [['dense1', 5], ['dense2', 3]]);
  for (const p of probe) assert.ok(p.deadShare !== undefined && p.deadShare >= 0 && p.deadShare <= 1);
  assert.deepEqual(trainer.model.snapshot(), before);
});

test('the summary reports distinct neurons per hidden layer: 1 under constant init, more under He', () => {
  const run = (init: unknown) => summaryOf(runAll(trainerFor({
    dataset: { synthetic: 'circle', samples: 200 }, model: { hidden: [8, 4], activation: 'relu' }, init, training: { epochs: 5 },
  })));
  assert.deepEqual(run({ kind: 'constant', value: 0.5 }).distinctNeurons, [1, 1]);
  const he = run('he-normal').distinctNeurons;
  assert.equal(he.length, 2);
  assert.ok(he.every((n) => n > 1), `He: ${he}`);
});

test('the trainer emits symmetry events at its cadence; constant init stays at 1 distinct neuron at every one', () => {
  const config = parseConfig({
    dataset: { synthetic: 'circle', samples: 200 }, model: { hidden: [6, 4], activation: 'tanh' },
    init: 'constant:0.5', optimizer: 'adam', training: { epochs: 3, batchSize: 16 },
  });
  const trainer = new Trainer(config, prepareData(config, syntheticDataset('circle', { samples: 200 })), { symmetryEvery: 5 });
  const events = [...trainer.run()].filter((e) => e.type === 'symmetry');
  assert.deepEqual(events.map((e) => e.step), [0, 5, 10, 15, 20, 25, 30]);
  for (const e of events) assert.deepEqual(e.type === 'symmetry' && e.layers.map((l) => l.distinctNeurons), [1, 1]);
});

test('break symmetry: noise on a constant-init run makes every neuron distinct, and training keeps them apart', () => {
  const trainer = trainerFor({
    dataset: { synthetic: 'circle', samples: 200 }, model: { hidden: [6, 4], activation: 'tanh' },
    init: 'constant:0.5', optimizer: 'adam', training: { epochs: 4, batchSize: 16 },
  });
  const run = trainer.run();
  for (let i = 0; i < 20; i++) run.next();
  assert.deepEqual(trainer.symmetryEvent().layers.map((l) => l.distinctNeurons), [1, 1]);
  trainer.breakSymmetry(0.1);
  assert.deepEqual(trainer.symmetryEvent().layers.map((l) => l.distinctNeurons), [6, 4]);
  for (const _ of run) { /* train to the end */ }
  assert.deepEqual(trainer.symmetryEvent().layers.map((l) => l.distinctNeurons), [6, 4]);
});
