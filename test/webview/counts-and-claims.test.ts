/*
 * Small texts that must say what was measured (pure functions, no browser): the epoch counter the
 * training panel and the status bar share, the twin panel's "N of M epochs done" at the end of a
 * run, and the symmetry verdict's reason for a zero output gradient only when it was measured.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { syntheticDataset } from '../../engine/data/synthetic';
import { Trainer, prepareData } from '../../engine/trainer';
import { applyEvent, emptySnapshot, epochsDone } from '../../shared/run-state';
import { statusPosition } from '../../webview/views/symmetry/position';
import { foldEvent, newRun } from '../../shared/symmetry-state';
import { verdict } from '../../webview/views/symmetry/verdict';

const circles = (init: string, epochs: number) => {
  const config = parseConfig({ dataset: { synthetic: 'circles', samples: 400, noise: 0.05 }, model: { hidden: [10, 5], activation: 'relu' }, init, optimizer: { kind: 'adam', learningRate: 0.01 }, training: { epochs, batchSize: 32 } });
  return new Trainer(config, prepareData(config, syntheticDataset('circles', { samples: 400, noise: 0.05, seed: 1 })), { symmetryEvery: 2 });
};

test('epochs done: the count the panel and the status bar share is the completed epochs at every point of a run', () => {
  const s = emptySnapshot('r', 'circles');
  let completed = 0;
  for (const e of circles('he', 5).run()) {
    applyEvent(s, e);
    if (e.type === 'epoch') completed = e.epoch;
    // While epoch k + 1 runs, k are done (the step event carries k + 1, the epoch in progress).
    if (e.type === 'step') assert.equal(epochsDone(s), completed, `step ${e.step} in epoch ${e.epoch}`);
  }
  assert.equal(epochsDone(s), 5);
  assert.equal(s.summary?.epochs, 5);
});

test('the twin panel says "300 of 300 epochs done" at the end, not "epoch 299"', () => {
  const run = newRun('a', 'circles', 'random', 'he');
  const trainer = circles('he', 300);
  for (const e of trainer.run()) foldEvent(run, e);
  assert.equal(run.latest!.epoch, 299, 'the last measurement was taken during the last epoch');
  assert.match(statusPosition(run), /^ · step 3000, 300 of 300 epochs done$/);
});

test('the verdict names the last hidden layer\'s zero output only when it measured it', () => {
  const run = newRun('z', 'circles', 'symmetric', 'zeros');
  for (const e of circles('zeros', 3).run()) foldEvent(run, e);
  const measured = verdict(run);
  assert.equal(measured.kind, 'no-gradient');
  assert.equal(run.latest!.layers.at(-1)!.deadShare, 1);
  assert.match(measured.headline, /The output layer's weights get no gradient either \(dense2, the last hidden layer, outputs 0 on every probed row\), so only the output bias learns\./);
  assert.match(measured.details.join(' '), /dense1: .* 100\.0% dead ReLU neurons/);
  // Same zero gradients, but the probe saw live neurons (or could not tell): no claim about the outputs.
  for (const deadShare of [0, undefined]) {
    const latest = { ...run.latest!, layers: run.latest!.layers.map((l) => ({ ...l, deadShare })) };
    const text = verdict({ ...run, latest }).headline;
    assert.doesNotMatch(text, /output 0/);
    assert.match(text, /The output layer's weights get no gradient either, so only the output bias learns\./);
  }
});
