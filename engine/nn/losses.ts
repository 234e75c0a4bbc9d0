import { sigmoid } from './activations';
import { argmax } from './kernels/ops';
import type { LossName } from '../catalogue';

export { LOSSES, LOSS_HELP, type LossName } from '../catalogue';

/**
 * A loss on the network's raw outputs (logits) for a batch of `rows` examples with `cols`
 * outputs each. `targets` holds a class index per row for the classification losses and
 * rows × cols values for MSE. `evaluate` returns the mean loss over the batch and, when `grad`
 * is given, writes dLoss/dLogits into it (already divided by the batch size).
 */
export interface Loss {
  readonly name: LossName;
  /** Whether targets are class indices (one per row) rather than values (one per output). */
  readonly classIndexTargets: boolean;
  evaluate(logits: Float32Array, targets: Float32Array, rows: number, cols: number, grad?: Float32Array): number;
  /** The class each row predicts (classification losses only). */
  predictClass(logits: Float32Array, row: number, cols: number): number;
}

function argmaxRow(z: Float32Array, row: number, cols: number): number {
  return argmax(z, row * cols, cols);
}

/** One output: class 1 when the logit is positive; several outputs: the largest. */
function predictByLogit(z: Float32Array, row: number, cols: number): number {
  return cols === 1 ? (z[row]! > 0 ? 1 : 0) : argmaxRow(z, row, cols);
}

const mse: Loss = {
  name: 'mse',
  classIndexTargets: false,
  // Mean over every value of the batch, as PyTorch's MSELoss(reduction='mean').
  evaluate(z, t, rows, cols, grad) {
    const n = rows * cols;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const d = z[i]! - t[i]!;
      sum += d * d;
      if (grad) grad[i] = (2 * d) / n;
    }
    return sum / n;
  },
  predictClass: predictByLogit,
};

const binaryCrossEntropy: Loss = {
  name: 'binary-cross-entropy',
  classIndexTargets: true,
  // max(z,0) − z·y + log(1 + e^−|z|): the same value as −y·log σ(z) − (1−y)·log(1−σ(z)),
  // without overflow; its gradient is σ(z) − y.
  evaluate(z, t, rows, _cols, grad) {
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      const x = z[i]!, y = t[i]!;
      sum += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
      if (grad) grad[i] = (sigmoid(x) - y) / rows;
    }
    return sum / rows;
  },
  predictClass: predictByLogit,
};

const softmaxCrossEntropy: Loss = {
  name: 'softmax-cross-entropy',
  classIndexTargets: true,
  // −log softmax(z)_y = logsumexp(z) − z_y, with the max subtracted first; gradient softmax(z) − onehot(y).
  evaluate(z, t, rows, cols, grad) {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) if (z[o + j]! > max) max = z[o + j]!;
      let s = 0;
      for (let j = 0; j < cols; j++) s += Math.exp(z[o + j]! - max);
      const lse = max + Math.log(s);
      const y = t[r]!;
      sum += lse - z[o + y]!;
      if (grad) {
        for (let j = 0; j < cols; j++) grad[o + j] = (Math.exp(z[o + j]! - lse) - (j === y ? 1 : 0)) / rows;
      }
    }
    return sum / rows;
  },
  predictClass: argmaxRow,
};

const hinge: Loss = {
  name: 'hinge',
  classIndexTargets: true,
  // Binary (one output): class 0/1 is taken as y = −1/+1 and the loss is max(0, 1 − y·z).
  // Several outputs: Σ_{j≠y} max(0, 1 + z_j − z_y) (Weston & Watkins 1999), as PyTorch's MultiMarginLoss·cols.
  evaluate(z, t, rows, cols, grad) {
    let sum = 0;
    if (cols === 1) {
      for (let i = 0; i < rows; i++) {
        const y = t[i]! > 0 ? 1 : -1;
        const margin = 1 - y * z[i]!;
        if (margin > 0) sum += margin;
        if (grad) grad[i] = margin > 0 ? -y / rows : 0;
      }
      return sum / rows;
    }
    for (let r = 0; r < rows; r++) {
      const o = r * cols, y = t[r]!;
      const zy = z[o + y]!;
      if (grad) grad[o + y] = 0;
      for (let j = 0; j < cols; j++) {
        if (j === y) continue;
        const margin = 1 + z[o + j]! - zy;
        if (margin > 0) sum += margin;
        if (grad) {
          grad[o + j] = margin > 0 ? 1 / rows : 0;
          if (margin > 0) grad[o + y]! -= 1 / rows;
        }
      }
    }
    return sum / rows;
  },
  predictClass: predictByLogit,
};

const mseOnSigmoid: Loss = {
  name: 'mse-on-sigmoid',
  classIndexTargets: true,
  // (σ(z) − y)² averaged over the batch: bounded, flat where σ saturates, hence non-convex in z.
  evaluate(z, t, rows, _cols, grad) {
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      const p = sigmoid(z[i]!), d = p - t[i]!;
      sum += d * d;
      if (grad) grad[i] = (2 * d * p * (1 - p)) / rows;
    }
    return sum / rows;
  },
  predictClass: predictByLogit,
};

const table: Record<LossName, Loss> = {
  mse,
  'binary-cross-entropy': binaryCrossEntropy,
  'softmax-cross-entropy': softmaxCrossEntropy,
  hinge,
  'mse-on-sigmoid': mseOnSigmoid,
};

/** The loss of that name. */
export function loss(name: LossName): Loss {
  return table[name];
}
