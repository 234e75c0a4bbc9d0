import { Loss } from './nn/losses';

/** Share of rows whose predicted class equals the target class index. */
export function accuracy(loss: Loss, logits: Float32Array, targets: Float32Array, rows: number, cols: number): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) if (loss.predictClass(logits, r, cols) === targets[r]) correct++;
  return rows ? correct / rows : 0;
}

/**
 * Coefficient of determination 1 − SS_res/SS_tot over all outputs together
 * (1 is a perfect fit, 0 is no better than predicting the mean, negative is worse).
 */
export function rSquared(predictions: Float32Array, targets: Float32Array, count: number): number {
  let mean = 0;
  for (let i = 0; i < count; i++) mean += targets[i]!;
  mean /= count || 1;
  let res = 0, tot = 0;
  for (let i = 0; i < count; i++) {
    res += (targets[i]! - predictions[i]!) ** 2;
    tot += (targets[i]! - mean) ** 2;
  }
  return tot > 0 ? 1 - res / tot : res === 0 ? 1 : 0;
}
