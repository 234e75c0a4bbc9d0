import { Sequential } from '../nn/model';
import { Prng } from '../prng';
import { paramSlots, readFlat } from './flat-params';

/** A direction in weight space: one double value per parameter, in θ order (see flat-params). */
export type Direction = Float64Array;

/** A direction with independent standard normal entries. */
export function gaussianDirection(size: number, rng: Prng): Direction {
  const d = new Float64Array(size);
  for (let i = 0; i < size; i++) d[i] = rng.normal();
  return d;
}

/**
 * Filter normalization (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets", §4):
 * each neuron's part of the direction is rescaled to the norm of that neuron's weights, so
 * that a step of α moves every neuron by the same fraction of its own size and the picture does
 * not depend on how the weights happen to be scaled (which ReLU nets can change freely). For a
 * dense layer a neuron is column j of W (its incoming weights); biases get a zero direction (the
 * paper's "ignore biases"); any other param is rescaled as a whole. In place; returns `d`.
 */
export function filterNormalize(model: Sequential, d: Direction): Direction {
  const theta = readFlat(model.params);
  for (const slot of paramSlots(model)) {
    const { offset, param } = slot, n = param.value.length;
    if (param.isBias) {
      d.fill(0, offset, offset + n);
    } else if (slot.dense) {
      const { inputs, units } = slot.dense;
      for (let j = 0; j < units; j++) rescale(d, theta, offset + j, units, inputs);
    } else {
      rescale(d, theta, offset, 1, n);
    }
  }
  return d;
}

/** Scales the `count` entries of d at start, start+stride, … to the norm of the same entries of θ. */
function rescale(d: Direction, theta: Float64Array, start: number, stride: number, count: number): void {
  let dd = 0, tt = 0;
  for (let k = 0, i = start; k < count; k++, i += stride) {
    dd += d[i]! * d[i]!;
    tt += theta[i]! * theta[i]!;
  }
  // A neuron whose weights are all zero gets no direction (the paper's d·‖θ‖/‖d‖ is 0 there too).
  const factor = dd > 0 ? Math.sqrt(tt / dd) : 0;
  for (let k = 0, i = start; k < count; k++, i += stride) d[i]! *= factor;
}

/** Two random filter-normalized directions for a model at its current weights, drawn from `seed`. */
export function randomPlane(model: Sequential, seed: number): [Direction, Direction] {
  const rng = new Prng(seed);
  const size = model.parameterCount;
  return [filterNormalize(model, gaussianDirection(size, rng)), filterNormalize(model, gaussianDirection(size, rng))];
}
