/**
 * What a polynomial expansion would make and cost, computed from the counts alone (nothing is
 * expanded): the numbers the term-count panel and the `termCount` request show.
 */
import { DEFAULT_MAX_FEATURE_BYTES } from './pipeline';
import { polynomialTermCount, quadraticTermCount } from './polynomial';
import { MAX_DEGREE } from '../catalogue';

export { MAX_DEGREE } from '../catalogue';
import type { TermReport } from '../protocol/models';
export type { TermReport } from '../protocol/models';

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
