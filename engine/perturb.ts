import { Sequential } from './nn/model';
import { Prng } from './prng';

/**
 * Adds normal noise of standard deviation `scale` to every weight (not the biases): the
 * "break symmetry" action. Neurons that were identical now differ, so they get different
 * gradients and can go on to learn different things.
 */
export function perturbWeights(model: Sequential, scale: number, rng: Prng): void {
  for (const p of model.params) {
    if (p.isBias) continue;
    for (let i = 0; i < p.value.length; i++) p.value[i]! += scale * rng.normal();
  }
}
