/*
 * How many rows the end-of-epoch evaluation measures. Measuring every training row after every
 * epoch cost a third of the training time on small networks (a forward pass over all rows is
 * about a third of a training step over them), and more where epochs are short. 'auto' keeps
 * the rows evaluated per epoch to about a quarter of the training rows — a tenth of the training
 * time or less — with all validation rows first (up to a cap), then a fixed sample of the
 * training rows: the first rows of the training set, which the split has shuffled, so every
 * epoch measures the same rows and the curve stays smooth. The last epoch (and a summary after
 * a stop) measures every row, so a run's final numbers are exact.
 */
import { EvaluationSpec } from './config';

/** 'auto': validation rows measured at most (a larger validation set is measured on its first rows). */
export const AUTO_VALIDATION_CAP = 10_000;
/** 'auto': training rows measured at least (all of them when there are fewer) and at most. */
export const AUTO_TRAIN_MIN = 100;
export const AUTO_TRAIN_MAX = 2_000;
/** 'auto': rows evaluated per epoch, as a share of the training rows, before the minimum. */
export const AUTO_SHARE = 0.25;

export interface EvaluationRows {
  /** Training rows measured per epoch (the first this many). */
  train: number;
  /** Validation rows measured per epoch (the first this many). */
  validation: number;
}

/** The rows each epoch's evaluation measures, from the spec and the split's sizes. */
export function evaluationRows(spec: EvaluationSpec | undefined, trainRows: number, validationRows: number): EvaluationRows {
  const validation = pick(spec?.validationRows, validationRows, () => Math.min(validationRows, AUTO_VALIDATION_CAP));
  const train = pick(spec?.trainRows, trainRows, () => {
    const budget = Math.ceil(AUTO_SHARE * trainRows) - validation;
    return Math.min(trainRows, Math.max(AUTO_TRAIN_MIN, Math.min(AUTO_TRAIN_MAX, budget)));
  });
  return { train, validation };
}

function pick(v: number | 'auto' | 'all' | undefined, rows: number, auto: () => number): number {
  if (v === 'all') return rows;
  if (typeof v === 'number') return Math.min(rows, v);
  return auto();
}

/** Words for the run's description: "all 500" or "the first 125 of 500 (a fixed sample)". */
export function describeEvaluated(n: number, of: number): string {
  return n >= of ? `all ${of}` : `a fixed sample of ${n} of ${of}`;
}
