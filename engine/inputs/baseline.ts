/**
 * The row every comparison needs: what a model that ignores the inputs scores. For classes, the
 * training split's most frequent class predicted for every validation row; for a number, the
 * training mean (R² near 0). A family at or below it has learned nothing usable, and the table
 * says so rather than letting "41%" sit beside "SVM" unexplained.
 */
import { Split } from '../data/split';
import { rSquared } from '../metrics';
import type { Baseline } from '../protocol/models';
export type { Baseline } from '../protocol/models';

/** The baseline of one split, scored on its validation rows as the families are. */
export function baselineOf(split: Split, classNames?: readonly string[]): Baseline {
  const { train, validation } = split;
  if (train.task === 'classification') {
    const counts = new Map<number, number>();
    for (let r = 0; r < train.rows; r++) counts.set(train.y[r]!, (counts.get(train.y[r]!) ?? 0) + 1);
    // Ties go to the lowest class index, so the choice does not depend on row order.
    let best = 0, bestCount = -1;
    for (const [c, n] of [...counts].sort((a, b) => a[0] - b[0])) if (n > bestCount) {
      best = c;
      bestCount = n;
    }
    let right = 0;
    for (let r = 0; r < validation.rows; r++) if (validation.y[r] === best) right++;
    const name = classNames?.[best] ?? String(best);
    return {
      kind: 'majority',
      description: `always "${name}", the most frequent class (${((100 * bestCount) / Math.max(1, train.rows)).toFixed(1)}% of the training rows)`,
      valAccuracy: validation.rows ? right / validation.rows : 0,
    };
  }
  // The trainer's R² (engine/metrics.ts), pooled over targets, of the training means.
  const t = train.targets;
  const means = Array.from({ length: t }, (_, k) => {
    let sum = 0;
    for (let r = 0; r < train.rows; r++) sum += train.y[r * t + k]!;
    return sum / Math.max(1, train.rows);
  });
  const predictions = Float32Array.from({ length: validation.rows * t }, (_, i) => means[i % t]!);
  return { kind: 'mean', description: `always the training mean (${means.map((m) => m.toPrecision(4)).join(', ')})`, valR2: rSquared(predictions, validation.y, validation.rows * t) };
}

/** How far a family's validation score is above the baseline; ≤ 0 means it is no better than ignoring the inputs. */
export function marginOverBaseline(b: Baseline, score: { valAccuracy?: number; valR2?: number }): number | undefined {
  const mine = b.kind === 'majority' ? score.valAccuracy : score.valR2;
  const base = b.kind === 'majority' ? b.valAccuracy : b.valR2;
  return mine === undefined || base === undefined ? undefined : mine - base;
}

/** The flag a table shows beside a family at or below the baseline, or undefined. */
export function baselineFlag(b: Baseline, score: { valAccuracy?: number; valR2?: number }): string | undefined {
  const m = marginOverBaseline(b, score);
  if (m === undefined || m > 0) return undefined;
  return b.kind === 'majority' ? 'at or below the majority-class baseline: no better than ignoring the inputs' : 'at or below the mean baseline: no better than ignoring the inputs';
}
