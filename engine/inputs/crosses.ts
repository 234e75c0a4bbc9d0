import { UserError } from '../errors';
import type { Cross } from '../protocol/bundle';
export type { Cross } from '../protocol/bundle';

/** The Playground's five crosses of a 2-feature set. */
export const PLAYGROUND_CROSSES = ['x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];

/** Reads cross names against the feature names; an unknown name is a clear error. */
export function parseCrosses(names: readonly string[], featureNames: readonly string[]): Cross[] {
  const index = (n: string, whole: string): number => {
    const i = featureNames.indexOf(n.trim());
    if (i < 0) {
      throw new UserError(`features.crosses: "${whole}" names "${n.trim()}", which is not a feature; the features are ${featureNames.slice(0, 12).join(', ')}${featureNames.length > 12 ? ', …' : ''}.`);
    }
    return i;
  };
  return names.map((name) => {
    let m: RegExpExecArray | null;
    if ((m = /^(.+)\^2$/.exec(name))) return { name, kind: 'square', a: index(m[1]!, name), b: 0 };
    if ((m = /^sin\((.+)\)$/.exec(name))) return { name, kind: 'sin', a: index(m[1]!, name), b: 0 };
    if ((m = /^(.+)\*(.+)$/.exec(name))) return { name, kind: 'product', a: index(m[1]!, name), b: index(m[2]!, name) };
    throw new UserError(`features.crosses: "${name}" is not a cross; write NAME^2, NAME1*NAME2 or sin(NAME), e.g. ${PLAYGROUND_CROSSES.join(', ')}.`);
  });
}

/** rows × (n + crosses) features: the originals followed by each cross. */
export function applyCrosses(x: Float32Array, rows: number, n: number, crosses: readonly Cross[]): Float32Array {
  const w = n + crosses.length;
  const out = new Float32Array(rows * w);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) out[r * w + j] = x[r * n + j]!;
    crosses.forEach((c, k) => {
      const a = x[r * n + c.a]!, b = x[r * n + c.b]!;
      out[r * w + n + k] = c.kind === 'square' ? a * a : c.kind === 'product' ? a * b : Math.sin(a);
    });
  }
  return out;
}
