/** How the top-activation probe ranks and when it calls a unit saturated (shared with the view, which says so). */

export { TOP_RANKING } from '../catalogue';

/** Whether activation `a` of function `fn` lies within 1% of one of its bounds. */
export function isSaturated(fn: string, a: number): boolean | undefined {
  if (fn === 'tanh') return Math.abs(a) >= 0.99;
  if (fn === 'sigmoid') return a <= 0.01 || a >= 0.99;
  return undefined;
}
