/*
 * Gradient symmetry: when every weight of a layer starts equal, every neuron of the layer
 * computes the same output, gets the same gradient and stays identical; a random draw breaks it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPTIMIZERS } from '../../engine/nn/optimizers';
import { Trainer } from '../../engine/trainer';
import { trainerFor } from './helpers';

/** Largest difference between the incoming weights (and biases) of any two neurons of a hidden layer. */
function neuronSpread(trainer: Trainer): number {
  let spread = 0;
  for (const dense of trainer.model.dense.slice(0, -1)) {
    const [inputs, units] = dense.weights.shape as [number, number];
    for (let j = 1; j < units; j++) {
      for (let i = 0; i < inputs; i++) spread = Math.max(spread, Math.abs(dense.weights.value[i * units + j]! - dense.weights.value[i * units]!));
      spread = Math.max(spread, Math.abs(dense.bias.value[j]! - dense.bias.value[0]!));
    }
  }
  return spread;
}

function train100Steps(optimizer: string, activation: string, init: unknown): Trainer {
  const trainer = trainerFor({
    dataset: { synthetic: 'circle', samples: 200, noise: 0.1 }, model: { hidden: [6, 5], activation },
    init: { weights: init, biases: { kind: 'constant', value: 0.1 } },
    optimizer: { kind: optimizer, learningRate: 0.05 }, training: { epochs: 100, batchSize: 16 },
  });
  let steps = 0;
  for (const e of trainer.run()) if (e.type === 'step' && ++steps === 100) break;
  assert.equal(trainer.step, 100);
  return trainer;
}

for (const optimizer of OPTIMIZERS) {
  test(`${optimizer}: constant init keeps every hidden neuron identical through 100 steps`, () => {
    for (const activation of ['tanh', 'relu', 'sigmoid', 'gelu']) {
      const trainer = train100Steps(optimizer, activation, { kind: 'constant', value: 0.3 });
      assert.equal(neuronSpread(trainer), 0, `${activation}: neurons differ`);
      // …and the weights did move: the symmetry is not just a frozen network.
      assert.notEqual(trainer.model.dense[0]!.weights.value[0], 0.3, `${activation}: weights did not change`);
    }
  });
}

test('one random draw makes the neurons differ, and training keeps them apart', () => {
  const trainer = train100Steps('adam', 'tanh', 'glorot-uniform');
  assert.ok(neuronSpread(trainer) > 0.1);
});
