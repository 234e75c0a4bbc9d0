import { Dataset } from './data/dataset';
import { Loss } from './nn/losses';

/**
 * Divergence that never reaches NaN: after an epoch, a loss over 10× what predicting the class
 * priors (or the mean) costs that is not falling (or is over 10⁶× it), or a loss grown over
 * 1000× from its lowest. Each ends a run as diverged.
 */

/** Loss above this many times the baseline after an epoch: diverged. */
export const BASELINE_FACTOR = 10;
/** Loss above this many times the baseline after an epoch is diverged even while falling: no run recovers from there. */
export const ABSURD_FACTOR = 1e6;
/** Loss above this many times the lowest epoch loss so far: diverged. */
export const GROWTH_FACTOR = 1000;

/**
 * The loss of the best constant prediction: the class priors (cross-entropy), the prior's logit
 * (one-logit losses), zero logits (hinge) or the mean (MSE). Evaluated with the run's own loss.
 */
export function baselineLoss(loss: Loss, ds: Dataset, outputs: number): number {
  const chunk = 256;
  const logits = new Float32Array(chunk * outputs);
  const constant = new Float32Array(outputs);
  if (loss.classIndexTargets) {
    const counts = new Float64Array(Math.max(2, outputs));
    for (let r = 0; r < ds.rows; r++) counts[ds.y[r]!]!++;
    const p = Array.from(counts, (c) => Math.max(1e-7, c / Math.max(1, ds.rows)));
    if (loss.name === 'softmax-cross-entropy') for (let k = 0; k < outputs; k++) constant[k] = Math.log(p[k]!);
    else if (outputs === 1 && loss.name !== 'hinge') constant[0] = Math.log(p[1]! / p[0]!);
  } else {
    for (let r = 0; r < ds.rows; r++) for (let k = 0; k < outputs; k++) constant[k]! += ds.y[r * outputs + k]! / ds.rows;
  }
  for (let i = 0; i < chunk; i++) logits.set(constant, i * outputs);
  const t = loss.classIndexTargets ? 1 : outputs;
  let sum = 0;
  for (let start = 0; start < ds.rows; start += chunk) {
    const rows = Math.min(chunk, ds.rows - start);
    sum += loss.evaluate(logits, ds.y.subarray(start * t, (start + rows) * t), rows, outputs) * rows;
  }
  return ds.rows ? sum / ds.rows : NaN;
}

/** A learning rate to suggest: a tenth of the current one, but never a value that is still absurd. */
export function saferLearningRate(lr: number): number {
  return lr / 10 <= 1 ? Number((lr / 10).toPrecision(3)) : 0.01;
}

export function fmtLoss(v: number): string {
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

/**
 * What a divergence is blamed on: the initialization when the very first loss, before any update,
 * was already far above the baseline (the weights started too large); otherwise the learning rate.
 */
export function divergenceCause(firstLoss: number, baseline: number): 'initialization' | 'learning-rate' {
  return firstLoss <= BASELINE_FACTOR * baseline ? 'learning-rate' : 'initialization';
}

/** What to do about a divergence, for its cause (`divergenceCause`). */
export function divergenceAdvice(firstLoss: number, baseline: number, lr: number, lastGoodStep: number | undefined): string {
  const kept = lastGoodStep !== undefined ? `; the weights are those of step ${lastGoodStep}, the last good ones` : '';
  if (divergenceCause(firstLoss, baseline) === 'initialization') {
    const first = Number.isFinite(firstLoss) ? `(${fmtLoss(firstLoss)}) was already over ${BASELINE_FACTOR}× the ${fmtLoss(baseline)} of predicting the class priors or the mean` : `was already ${firstLoss}`;
    return `start from smaller weights: the very first loss ${first}, before any update, so the initialization is too large — ` +
      'use glorot-uniform or he-normal (--init), or a smaller scale' + kept;
  }
  return `lower the learning rate from ${lr} to ${saferLearningRate(lr)} (or clip gradients)${kept}`;
}
