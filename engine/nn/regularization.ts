import { scale, sumOfSquares } from './kernels/ops';
import { Param } from './layers/layer';
import type { Penalty, Clipping } from '../protocol/experiment';
export type { Penalty, Clipping } from '../protocol/experiment';

/**
 * Adds the penalty's gradient (l1·sign(w) + l2·w) to each weight's gradient and returns the
 * penalty's value, which the trainer adds to the reported loss. With l2 = λ this matches
 * PyTorch's `weight_decay=λ` for SGD-family optimizers.
 */
export function applyPenalty(params: readonly Param[], penalty: Penalty): number {
  const { l1, l2 } = penalty;
  if (l1 === 0 && l2 === 0) return 0;
  let value = 0;
  for (const p of params) {
    if (p.isBias) continue;
    const w = p.value, g = p.grad;
    for (let i = 0; i < w.length; i++) {
      const wi = w[i]!;
      value += l1 * Math.abs(wi) + 0.5 * l2 * wi * wi;
      g[i]! += l1 * Math.sign(wi) + l2 * wi;
    }
  }
  return value;
}

/** The L2 norm of all gradients together (NaN or Infinity when any gradient is not finite). */
export function globalGradNorm(params: readonly Param[]): number {
  let sum = 0;
  for (const p of params) sum += sumOfSquares(p.grad);
  return Math.sqrt(sum);
}

/**
 * Clips gradients in place: first each value to [−value, value], then all of them together so
 * their global norm is at most `norm` (as torch.nn.utils.clip_grad_norm_). `gradNorm` is the
 * norm before clipping, already computed by the caller.
 */
export function clipGradients(params: readonly Param[], clip: Clipping, gradNorm: number): void {
  if (clip.value !== undefined) {
    const c = clip.value;
    for (const p of params) {
      const g = p.grad;
      for (let i = 0; i < g.length; i++) g[i] = Math.min(c, Math.max(-c, g[i]!));
    }
    if (clip.norm !== undefined) gradNorm = globalGradNorm(params);
  }
  if (clip.norm !== undefined && gradNorm > clip.norm) {
    const factor = clip.norm / (gradNorm + 1e-6);
    for (const p of params) scale(p.grad, factor);
  }
}
