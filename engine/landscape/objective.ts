import { Dataset } from '../data/dataset';
import { Loss } from '../nn/losses';
import { Sequential } from '../nn/model';
import { Trainer } from '../trainer';
import { readFlat, readFlatGrad, writeFlat } from './flat-params';

/**
 * What a landscape is measured on: a model, the loss it is trained with (on its logits), and a
 * set of rows. The loss is the data loss alone (no L1/L2 penalty), in evaluation mode (no
 * dropout), so that it is a deterministic function of the weights.
 */
export interface Objective {
  readonly model: Sequential;
  readonly loss: Loss;
  /** Logits per row (the model's output units). */
  readonly outputs: number;
  readonly data: Dataset;
}

/** The objective of a trainer on its training set (or validation set). */
export function trainerObjective(trainer: Trainer, set: 'train' | 'validation' = 'train'): Objective {
  return { model: trainer.model, loss: trainer.lossFn, outputs: trainer.head.outputs, data: trainer.data[set] };
}

/** Rows per forward pass: bounds memory on big sets while keeping small sets to one pass. */
const CHUNK = 1024;

/** Targets per row: one class index, or one value per output. */
function targetsPerRow(o: Objective): number {
  return o.loss.classIndexTargets ? 1 : o.outputs;
}

/** The mean loss over the objective's rows at the model's current weights. */
export function objectiveLoss(o: Objective): number {
  const { data, outputs } = o, f = data.features, t = targetsPerRow(o);
  let sum = 0;
  for (let start = 0; start < data.rows; start += CHUNK) {
    const rows = Math.min(CHUNK, data.rows - start);
    const logits = o.model.forward({ shape: [rows, f], data: data.x.subarray(start * f, (start + rows) * f) }, false);
    sum += o.loss.evaluate(logits.data, data.y.subarray(start * t, (start + rows) * t), rows, outputs) * rows;
  }
  return data.rows ? sum / data.rows : NaN;
}

/**
 * The full-batch gradient of the mean loss at the current weights, left in each param's
 * `grad` (as after a training step) and returned with the loss.
 */
export function objectiveGradient(o: Objective): number {
  const { data, outputs, model } = o, f = data.features, t = targetsPerRow(o), n = data.rows;
  const chunks = Math.ceil(n / CHUNK);
  // With several chunks each chunk's gradient (a mean over its rows) is weighted by rows/n and summed.
  const sums = chunks > 1 ? model.params.map((p) => new Float64Array(p.grad.length)) : undefined;
  const dLogits = new Float32Array(Math.min(CHUNK, n) * outputs);
  let lossSum = 0;
  for (let start = 0; start < n; start += CHUNK) {
    const rows = Math.min(CHUNK, n - start);
    const logits = model.forward({ shape: [rows, f], data: data.x.subarray(start * f, (start + rows) * f) }, false);
    const g = dLogits.subarray(0, rows * outputs);
    lossSum += o.loss.evaluate(logits.data, data.y.subarray(start * t, (start + rows) * t), rows, outputs, g) * rows;
    model.backward({ shape: [rows, outputs], data: g });
    if (sums) {
      const w = rows / n;
      model.params.forEach((p, i) => {
        const s = sums[i]!;
        for (let k = 0; k < s.length; k++) s[k]! += w * p.grad[k]!;
      });
    }
  }
  if (sums) model.params.forEach((p, i) => p.grad.set(sums[i]!));
  return n ? lossSum / n : NaN;
}

/**
 * The objective as a function of θ (a double vector): sets the weights to θ, computes loss and
 * gradient, and writes the gradient into `grad`. It leaves the weights at θ; callers restore.
 */
export function objectiveGradientFn(o: Objective): (theta: Float64Array, grad: Float64Array) => number {
  return (theta, grad) => {
    writeFlat(o.model.params, theta);
    const value = objectiveGradient(o);
    readFlatGrad(o.model.params, grad);
    return value;
  };
}

/**
 * Runs `body` with θ now as its argument, then puts the weights and the gradients back exactly
 * as they were, even if it throws: probes must not change the model (the symmetry probe reads
 * the gradients of the last training step).
 */
export function withWeightsRestored<T>(model: Sequential, body: (origin: Float64Array) => T): T {
  const saved = model.snapshot();
  const grads = model.params.map((p) => p.grad.slice());
  try {
    return body(readFlat(model.params));
  } finally {
    model.restore(saved);
    model.params.forEach((p, i) => p.grad.set(grads[i]!));
  }
}
