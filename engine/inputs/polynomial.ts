/**
 * Polynomial features: every product of the inputs up to a degree, the classic way to give a
 * linear model curved decision boundaries (a circle needs x₁² and x₂²; xor needs x₁x₂).
 */
import { polynomialTermCount } from '../../shared/term-report';

export { binomial, polynomialTermCount, quadraticTermCount } from '../../shared/term-report';

/** Bytes the expanded float32 features of `rows` rows would take. */
export function expansionBytes(rows: number, n: number, degree: number, interactions = true): number {
  return rows * polynomialTermCount(n, degree, interactions) * 4;
}

/** The exponent tuples of a degree-d expansion of n features, in order of degree, then lexicographic. */
export function polynomialTerms(n: number, degree: number, interactions = true): number[][] {
  const terms: number[][] = [];
  if (!interactions) {
    for (let d = 1; d <= degree; d++) for (let j = 0; j < n; j++) terms.push(Array.from({ length: n }, (_, i) => (i === j ? d : 0)));
    return terms;
  }
  // Monomials of total degree d, as multisets of feature indices i₁ ≤ i₂ ≤ … ≤ i_d.
  const walk = (d: number, start: number, picked: number[]): void => {
    if (picked.length === d) {
      const e = new Array<number>(n).fill(0);
      for (const i of picked) e[i]!++;
      terms.push(e);
      return;
    }
    for (let i = start; i < n; i++) walk(d, i, [...picked, i]);
  };
  for (let d = 1; d <= degree; d++) walk(d, 0, []);
  return terms;
}

/** A readable name for a term, e.g. "x1²·x2" from exponents [2, 1]. */
export function termName(exponents: readonly number[], names: readonly string[]): string {
  const sup = (p: number): string => (p === 1 ? '' : String(p).replace(/\d/g, (c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(c)]!));
  return exponents.flatMap((p, i) => (p > 0 ? [`${names[i]}${sup(p)}`] : [])).join('·');
}

/** Expands rows × n features into rows × terms.length products. */
export function expandPolynomial(x: Float32Array, rows: number, n: number, terms: readonly number[][]): Float32Array {
  const t = terms.length;
  const out = new Float32Array(rows * t);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < t; k++) {
      const e = terms[k]!;
      let v = 1;
      for (let i = 0; i < n; i++) for (let p = 0; p < e[i]!; p++) v *= x[r * n + i]!;
      out[r * t + k] = v;
    }
  }
  return out;
}
