/* Training on known data reaches stated accuracy, and runs are reproducible bit for bit. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dataset } from '../../engine/data/dataset';
import { Prng } from '../../engine/prng';
import { runAll, summaryOf, trainerFor } from './helpers';

test('spiral, 2-8-8-1 tanh, Adam: at least 97% training accuracy (four init seeds)', () => {
  for (const seed of [1, 2, 3, 4]) {
    const s = summaryOf(runAll(trainerFor({
      dataset: { synthetic: 'spiral', samples: 500 }, model: { hidden: [8, 8], activation: 'tanh' },
      optimizer: { kind: 'adam', learningRate: 0.03 }, training: { epochs: 1000, batchSize: 10, validationSplit: 0 },
      seeds: { data: 1, init: seed },
    })));
    assert.ok(s.trainAccuracy! >= 0.97, `init seed ${seed}: training accuracy ${s.trainAccuracy}`);
  }
});

// deeplearning.ai, "Improving Deep Neural Networks", week 1, "Initialization": make_circles
// (noise 0.05), a [2, 10, 5, 1] ReLU network with a sigmoid output, full-batch gradient descent,
// learning rate 0.01, 15,000 iterations. Zeros: cost 0.6931 and 50% accuracy; He: ~96% test.
const circles = (init: string, seed: number) => ({
  dataset: { synthetic: 'circles', samples: 400, noise: 0.05 }, features: { standardize: false },
  model: { hidden: [10, 5], activation: 'relu' }, init: { weights: init },
  optimizer: { kind: 'sgd', learningRate: 0.01 }, training: { epochs: 15000, batchSize: 300, validationSplit: 0.25 },
  seeds: { data: seed, init: seed },
});

test('circles with zero init: the loss stays at ln 2 and accuracy at 50%', () => {
  const s = summaryOf(runAll(trainerFor(circles('zeros', 1))));
  assert.ok(Math.abs(s.trainLoss - Math.LN2) < 1e-6, `loss ${s.trainLoss}`);
  assert.equal(s.trainAccuracy, 0.5);
  assert.equal(s.valAccuracy, 0.5);
});

test('circles with He init: at least 93% test accuracy', () => {
  for (const seed of [1, 2]) {
    const s = summaryOf(runAll(trainerFor(circles('he-normal', seed))));
    assert.ok(s.valAccuracy! >= 0.93, `seed ${seed}: test accuracy ${s.valAccuracy}`);
  }
});

test('circles with large random init (normal, σ = 10): learns, but poorly — mean test accuracy between 65% and 90% over three seeds', () => {
  // Two-sided: a trainer stuck at 50% (or one that ignores the init) fails as surely as a broken one.
  const accuracies = [1, 2, 3].map((seed) => summaryOf(runAll(trainerFor(circles('normal:0:10', seed)))).valAccuracy!);
  const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
  assert.ok(mean >= 0.65 && mean <= 0.9, `mean test accuracy ${mean} (${accuracies.join(', ')})`);
});

test('regression on the plane: R² above 0.99', () => {
  const s = summaryOf(runAll(trainerFor({
    dataset: { synthetic: 'plane', samples: 400 }, model: { hidden: [4], activation: 'tanh' },
    optimizer: { kind: 'adam', learningRate: 0.01 }, training: { epochs: 100, batchSize: 16 },
  })));
  assert.ok(s.valR2! > 0.99, `validation R² ${s.valR2}`);
  assert.equal(s.trainAccuracy, undefined);
});

test('same config and seeds twice give identical losses; another init seed does not', () => {
  const raw = (init: number) => ({
    dataset: { synthetic: 'moons', samples: 200, noise: 0.1 }, model: { hidden: [6, 6], activation: 'relu', dropout: 0.1 },
    optimizer: 'rmsprop', training: { epochs: 5, batchSize: 16 }, seeds: { data: 4, init },
  });
  const losses = (init: number) => runAll(trainerFor(raw(init))).flatMap((e) => (e.type === 'step' ? [e.loss] : []));
  const a = losses(9), b = losses(9), c = losses(10);
  assert.equal(a.length, 5 * Math.ceil(160 / 16));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('three classes: softmax cross-entropy with one output per class, and it learns them', () => {
  const rng = new Prng(2);
  const rows = 300, x = new Float32Array(rows * 2), y = new Float32Array(rows);
  const centres = [[0, 3], [3, -2], [-3, -2]];
  for (let r = 0; r < rows; r++) {
    const c = r % 3;
    x[2 * r] = centres[c]![0]! + rng.normal();
    x[2 * r + 1] = centres[c]![1]! + rng.normal();
    y[r] = c;
  }
  const data: Dataset = { source: 'blobs', task: 'classification', rows, features: 2, x, y, targets: 1, featureNames: ['a', 'b'], labelName: 'c', classNames: ['p', 'q', 'r'] };
  const trainer = trainerFor({ dataset: { synthetic: 'gauss' }, training: { epochs: 20, batchSize: 16 } }, data);
  assert.equal(trainer.head.loss, 'softmax-cross-entropy');
  assert.equal(trainer.head.outputs, 3);
  assert.ok(summaryOf(runAll(trainer)).valAccuracy! > 0.9);
});

test('the trainer emits started, steps, epochs and a summary, and stops on request', () => {
  const trainer = trainerFor({ dataset: { synthetic: 'gauss', samples: 100 }, training: { epochs: 3, batchSize: 10, validationSplit: 0.2 } });
  const events = [];
  for (const e of trainer.run()) {
    events.push(e);
    if (e.type === 'step' && e.step === 12) trainer.stop();
  }
  assert.equal(events[0]!.type, 'started');
  assert.equal(events.filter((e) => e.type === 'epoch').length, 1);
  const s = summaryOf(events);
  assert.equal(s.status, 'stopped');
  assert.equal(s.steps, 12);
  assert.ok(s.valAccuracy! > 0.8);
});
