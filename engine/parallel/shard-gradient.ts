import { Loss } from '../nn/losses';
import { accuracy } from '../metrics';
import { Sequential } from '../nn/model';
import { Tensor } from '../nn/tensor';

/** What one share of a batch contributed: its mean loss and the rows it classified correctly. */
export interface ShardResult {
  loss: number;
  correct: number;
}

/**
 * Forward, loss and backward of one share of a batch, leaving in every param's `grad` its part
 * of the whole batch's mean gradient: dLoss/dLogits of the share's mean is scaled by
 * `rows / batchRows`, so the shares' gradients add up to the batch's (up to float32 rounding).
 * `lossGrad` is a buffer of at least rows × outputs floats.
 */
export function shardGradient(
  model: Sequential, lossFn: Loss, outputs: number, x: Tensor, y: Float32Array, rows: number, batchRows: number, lossGrad: Float32Array,
): ShardResult {
  const logits = model.forward(x, true);
  const g = lossGrad.subarray(0, rows * outputs);
  const loss = lossFn.evaluate(logits.data, y, rows, outputs, g);
  const share = rows / batchRows;
  for (let i = 0; i < g.length; i++) g[i]! *= share;
  model.backward({ shape: [rows, outputs], data: g });
  const correct = lossFn.classIndexTargets ? Math.round(accuracy(lossFn, logits.data, y, rows, outputs) * rows) : 0;
  return { loss, correct };
}
