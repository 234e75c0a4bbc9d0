import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrainerEvent } from '../../engine/protocol/training';
import { trainerFor } from './helpers';

test('a huge learning rate diverges with a clear event, and the last good weights are kept', () => {
  const trainer = trainerFor({
    dataset: { synthetic: 'plane', samples: 200 }, features: { standardize: false }, model: { hidden: [16, 16], activation: 'relu' },
    optimizer: { kind: 'sgd', learningRate: 5 }, training: { epochs: 50, batchSize: 20 },
  });
  const events: TrainerEvent[] = [...trainer.run()];
  const diverged = events.find((e) => e.type === 'diverged');
  assert.ok(diverged && diverged.type === 'diverged', 'a diverged event');
  assert.match(diverged.reason, /^the (loss|gradient norm) is (NaN|Infinity|-Infinity)$/);
  assert.match(diverged.suggestion, /^lower the learning rate from 5 to 0\.5/);
  assert.equal(diverged.step, trainer.step + 1);
  const summary = events.at(-1)!;
  assert.equal(summary.type, 'summary');
  assert.equal(summary.type === 'summary' && summary.status, 'diverged');
  for (const p of trainer.model.params) for (const v of p.value) assert.ok(Number.isFinite(v), `${p.name} is finite`);
  assert.ok(Number.isFinite(trainer.evaluate(trainer.data.train).loss), 'the kept weights give a finite loss');
});

test('gradient clipping by norm tames a learning rate that blows up without it', () => {
  const run = (clip: object) => {
    const trainer = trainerFor({
      dataset: { synthetic: 'plane', samples: 200 }, features: { standardize: false }, model: { hidden: [16, 16], activation: 'relu' },
      optimizer: { kind: 'sgd', learningRate: 1 }, clip, training: { epochs: 20, batchSize: 20 },
    });
    const s = [...trainer.run()].at(-1)!;
    assert.equal(s.type, 'summary');
    return s.type === 'summary' ? s.trainLoss : NaN;
  };
  const unclipped = run({}), clipped = run({ norm: 1 });
  assert.ok(!(unclipped < 10), `without clipping the loss ends at ${unclipped}`);
  assert.ok(clipped < 1, `with clipping the loss ends at ${clipped}`);
});

test('penalties: L2 adds l2·w and L1 adds l1·sign(w) to weight gradients, never to biases', async () => {
  const { applyPenalty } = await import('../../engine/nn/regularization');
  const w = { name: 'w', shape: [2], value: Float32Array.of(2, -3), grad: Float32Array.of(0.5, 0.5), isBias: false };
  const b = { name: 'b', shape: [1], value: Float32Array.of(4), grad: Float32Array.of(1), isBias: true };
  const value = applyPenalty([w, b], { l1: 0.1, l2: 0.2 });
  // value = 0.1·(2 + 3) + 0.5·0.2·(4 + 9) = 0.5 + 1.3
  assert.ok(Math.abs(value - 1.8) < 1e-9);
  assert.ok(Math.abs(w.grad[0]! - (0.5 + 0.1 + 0.4)) < 1e-6);
  assert.ok(Math.abs(w.grad[1]! - (0.5 - 0.1 - 0.6)) < 1e-6);
  assert.equal(b.grad[0], 1);
});
