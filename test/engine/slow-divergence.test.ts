/**
 * Divergence that never becomes NaN (issue 13): a loss far above predicting the priors or the
 * mean, or growing by orders of magnitude, ends the run as diverged, with advice naming the
 * likely cause; and models are sized before they are built.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baselineLoss, saferLearningRate } from '../../engine/divergence';
import { loss } from '../../engine/nn/losses';
import { buildModel } from '../../engine/nn/model';
import { checkModelSize, modelSize } from '../../engine/model-size';
import { Prng } from '../../engine/prng';
import { DivergedEvent, TrainerEvent } from '../../engine/protocol/training';
import { UserError } from '../../engine/errors';
import { runAll, summaryOf, trainerFor } from './helpers';

function diverged(events: TrainerEvent[]): DivergedEvent {
  const d = events.find((e): e is DivergedEvent => e.type === 'diverged');
  assert.ok(d, `no diverged event; the run ended ${JSON.stringify(events.at(-1))}`);
  assert.equal(summaryOf(events).status, 'diverged');
  return d;
}

test('spiral with sgd at lr 100: a finite loss far above chance is divergence, blamed on the learning rate', () => {
  const events = runAll(trainerFor({ dataset: { synthetic: 'spiral' }, optimizer: { kind: 'sgd', learningRate: 100 }, training: { epochs: 20 } }));
  const d = diverged(events);
  assert.equal(d.epoch, 1, 'caught after the first epoch');
  assert.match(d.reason, /^after epoch 1 the training loss is [\d.]+, over 10× the 0\.693 of predicting the class priors$/);
  assert.match(d.suggestion, /^lower the learning rate from 100 to 0\.01 /);
  assert.equal(d.cause, 'learning-rate');
});

test('init normal with std 1e30: the first loss is already huge, so the initialization is blamed', () => {
  const events = runAll(trainerFor({ dataset: { synthetic: 'spiral' }, init: 'normal:0:1e30', training: { epochs: 20 } }));
  const d = diverged(events);
  assert.match(d.suggestion, /^start from smaller weights: the very first loss \([\d.]+e\+\d+\) was already over 10×.*initialization is too large/);
  assert.equal(d.cause, 'initialization', 'the event names the cause the advice blames, so a view offers that restart');
});

test('init normal with std 1e308: NaN at the first step is blamed on the initialization, not the learning rate', () => {
  const d = diverged(runAll(trainerFor({ dataset: { synthetic: 'spiral' }, init: 'normal:0:1e308', training: { epochs: 5 } })));
  assert.equal(d.step, 1);
  assert.match(d.suggestion, /^start from smaller weights: the very first loss was already (NaN|Infinity)/);
  assert.doesNotMatch(d.suggestion, /learning rate/);
  assert.equal(d.cause, 'initialization');
});

test('a large initialization that keeps coming down is left to train (the initialization study); still far above at its last epoch, it is diverged', () => {
  const circles = (epochs: number) => ({
    dataset: { synthetic: 'circles', samples: 400, noise: 0.05 }, features: { standardize: false }, model: { hidden: [10, 5], activation: 'relu' },
    init: { weights: 'normal:0:10', biases: 'zeros' }, optimizer: { kind: 'sgd', learningRate: 0.01 }, training: { epochs, batchSize: 300, validationSplit: 0.25 },
  });
  const full = summaryOf(runAll(trainerFor(circles(15000))));
  assert.equal(full.status, 'finished');
  assert.ok(full.trainLoss < 1, `ends at ${full.trainLoss}`);
  const short = diverged(runAll(trainerFor(circles(3))));
  assert.match(short.reason, /^after its last epoch the training loss is [\d.]+, over 10×/);
  assert.match(short.suggestion, /^start from smaller weights/);
});

test('advice never suggests an absurd learning rate', () => {
  assert.equal(saferLearningRate(1e308), 0.01);
  assert.equal(saferLearningRate(100), 0.01);
  assert.equal(saferLearningRate(5), 0.5);
  assert.equal(saferLearningRate(0.03), 0.003);
  const d = diverged(runAll(trainerFor({ dataset: { synthetic: 'spiral' }, optimizer: { kind: 'adam', learningRate: 1e308 }, training: { epochs: 5 } })));
  assert.match(d.suggestion, /^lower the learning rate from 1e\+308 to 0\.01 /);
});

test('ordinary runs do not trip the check, and the baseline is the priors\' entropy', () => {
  const t = trainerFor({ dataset: { synthetic: 'gauss' }, training: { epochs: 5 } });
  assert.equal(summaryOf(runAll(t)).status, 'finished');
  assert.ok(Math.abs(t.baseline() - Math.log(2)) < 0.01, `baseline ${t.baseline()}`);
  // Regression: the baseline is the variance (MSE of predicting the mean).
  const y = Float32Array.of(1, 2, 3, 4);
  const ds = { source: 'r', task: 'regression' as const, rows: 4, features: 1, x: new Float32Array(4), y, targets: 1, featureNames: ['x'], labelName: 'y' };
  assert.ok(Math.abs(baselineLoss(loss('mse'), ds, 1) / 1.25 - 1) < 0.2, 'MSE baseline near the variance (up to the loss\'s scaling)');
});

test('model size: the count matches the built model; a billion-unit layer is refused before allocating, with its numbers', () => {
  const spec = { inputs: 10, outputs: 3, hidden: [{ units: 16 }, { units: 8 }], activation: 'tanh' as const, init: { kind: 'zeros' as const }, biasInit: { kind: 'zeros' as const }, dropout: 0 };
  const built = buildModel(spec, new Prng(1), new Prng(2));
  assert.equal(modelSize(spec, 'adam', 32).parameters, built.parameterCount);
  const conv = { ...spec, inputs: 64, imageShape: [8, 8, 1] as [number, number, number], conv: [{ type: 'conv2d' as const, filters: 4, kernel: 3 }, { type: 'maxpool2d' as const, size: 2 }] };
  assert.equal(modelSize(conv, 'sgd', 32).parameters, buildModel(conv, new Prng(1), new Prng(2)).parameterCount);
  const t0 = performance.now();
  assert.throws(() => checkModelSize({ ...spec, inputs: 2, outputs: 1, hidden: [{ units: 1_000_000_000 }] }, 'adam', 32), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /the model 2-1,000,000,000-1 has 4,000,000,001 parameters and would need [\d,]+ GB: .* of adam state, .*the limit is 1024 MB.*--max-model-megabytes \(experiment field model\.maxMegabytes, setting gradientLab\.model\.maxMegabytes\)/);
    return true;
  });
  assert.ok(performance.now() - t0 < 1000, "refused at once, without allocating");
  assert.throws(() => trainerFor({ dataset: { synthetic: 'xor' }, model: { hidden: [100_000, 100_000] } }), /10,000,\d{3},\d{3} parameters/);
  // Raised, the same model is allowed (checked, not built).
  assert.equal(checkModelSize({ ...spec, hidden: [{ units: 100_000 }, { units: 100_000 }] }, 'sgd', 32, 1e12).parameters, 10 * 100_000 + 100_000 + 100_000 * 100_000 + 100_000 + 100_000 * 3 + 3);
});

test('a fitted run whose tiny loss spikes by orders of magnitude to about chance is not diverged; only far above chance is', () => {
  // spiral, 2-8-8-1 tanh, Adam 0.03, batch 10: the training loss reaches ~4e-4, then spikes to ~1 (chance: 0.69) and comes down.
  const events = runAll(trainerFor({ dataset: { synthetic: 'spiral' }, optimizer: { kind: 'adam', learningRate: 0.03 }, training: { epochs: 1500, batchSize: 10 } }));
  const epochs = events.filter((e) => e.type === 'epoch').map((e) => (e as { trainLoss: number }).trainLoss);
  const lowest = Math.min(...epochs.slice(0, -1).filter(Number.isFinite));
  const highestAfter = epochs.slice(epochs.indexOf(lowest)).reduce((m, v) => Math.max(m, v), 0);
  console.log(`# spiral 1500 epochs: lowest training loss ${lowest.toExponential(2)}, highest after it ${highestAfter.toExponential(2)}`);
  assert.equal(events.find((e) => e.type === 'diverged'), undefined, `a fitted run is not diverged (lowest ${lowest}, later up to ${highestAfter})`);
  assert.equal(summaryOf(events).status, 'finished');
});
