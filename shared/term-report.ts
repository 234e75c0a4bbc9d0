/**
 * What a polynomial expansion would make and cost, computed from the counts alone (nothing is
 * expanded): the numbers the term-count panel and the `termCount` request show.
 */
import { MAX_DEGREE } from '../engine/catalogue';
import type { TermReport } from '../engine/protocol/models';

export { MAX_DEGREE } from '../engine/catalogue';
export type { TermReport } from '../engine/protocol/models';


/** Default refusal size for expanded features, as for datasets: 512 MB of floats. */
export const DEFAULT_MAX_FEATURE_BYTES = 512 * 1024 * 1024;

/** Binomial coefficient C(n, k) as a float (exact below 2⁵³). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  k = Math.min(k, n - k);
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * Terms a degree-d expansion of n features makes, the constant term excluded: C(n+d, d) − 1 with
 * interactions; n·d without (each feature's own powers only).
 */
export function polynomialTermCount(n: number, degree: number, interactions = true): number {
  return interactions ? binomial(n + degree, degree) - 1 : n * degree;
}

/** Quadratic terms alone (all xᵢxⱼ with i ≤ j): n(n+1)/2 — 50,005,000 for a 100×100 image. */
export function quadraticTermCount(n: number): number {
  return (n * (n + 1)) / 2;
}

/** The term count and memory of a degree-`degree` expansion of `features` inputs over `rows` rows. */
export function termReport(features: number, degree: number, rows = 1000, interactions = true, limitBytes = DEFAULT_MAX_FEATURE_BYTES): TermReport {
  if (!Number.isInteger(features) || features < 1) throw new RangeError(`features must be a whole number ≥ 1; got ${features}`);
  if (!Number.isInteger(degree) || degree < 1 || degree > MAX_DEGREE) throw new RangeError(`degree must be a whole number from 1 to ${MAX_DEGREE}; got ${degree}`);
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`rows must be a whole number ≥ 1; got ${rows}`);
  const perDegree = Array.from({ length: degree }, (_, i) => {
    const terms = polynomialTermCount(features, i + 1, interactions);
    return { degree: i + 1, terms, bytes: terms * rows * 4 };
  });
  const { terms, bytes } = perDegree[degree - 1]!;
  return { features, degree, rows, interactions, terms, quadratic: quadraticTermCount(features), bytes, limitBytes, refused: bytes > limitBytes, perDegree };
}
