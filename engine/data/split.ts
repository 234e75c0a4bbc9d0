import { Prng } from '../prng';
import { classCount, Dataset, selectRows } from './dataset';

/** Training and validation parts of one dataset. */
export interface Split {
  readonly train: Dataset;
  readonly validation: Dataset;
}

/**
 * Splits `ds` into training and validation rows, shuffled by `rng`. Classification splits are
 * stratified (each class keeps its share in both parts), so a balanced set stays balanced.
 */
export function splitDataset(ds: Dataset, validationFraction: number, rng: Prng): Split {
  // Rows grouped by class with a counting sort into one typed array (no array per class, no
  // spread of data-sized arrays: those overflow the call stack past ~120k rows).
  const classes = ds.task === 'classification' ? classCount(ds) || maxClass(ds) + 1 : 1;
  const starts = new Int32Array(classes + 1);
  const classOf = (r: number): number => (ds.task === 'classification' ? ds.y[r]! : 0);
  for (let r = 0; r < ds.rows; r++) starts[classOf(r) + 1]!++;
  for (let k = 0; k < classes; k++) starts[k + 1]! += starts[k]!;
  const grouped = new Int32Array(ds.rows);
  const fill = starts.slice(0, classes);
  for (let r = 0; r < ds.rows; r++) grouped[fill[classOf(r)]!++] = r;
  let nValidation = 0;
  const nVal = new Int32Array(classes);
  for (let k = 0; k < classes; k++) {
    nVal[k] = Math.round((starts[k + 1]! - starts[k]!) * validationFraction);
    nValidation += nVal[k]!;
  }
  const train = new Int32Array(ds.rows - nValidation);
  const validation = new Int32Array(nValidation);
  let t = 0;
  let v = 0;
  for (let k = 0; k < classes; k++) {
    const group = grouped.subarray(starts[k]!, starts[k + 1]!);
    rng.shuffle(group);
    validation.set(group.subarray(0, nVal[k]!), v);
    v += nVal[k]!;
    train.set(group.subarray(nVal[k]!), t);
    t += group.length - nVal[k]!;
  }
  rng.shuffle(train);
  rng.shuffle(validation);
  return { train: selectRows(ds, train), validation: selectRows(ds, validation) };
}

function maxClass(ds: Dataset): number {
  let m = 0;
  for (let r = 0; r < ds.rows; r++) if (ds.y[r]! > m) m = ds.y[r]!;
  return m;
}

/** Per-feature mean and standard deviation, fitted on training rows only. */
export interface Standardizer {
  readonly mean: Float32Array;
  readonly std: Float32Array;
}

/** Fits a standardizer on `ds` (constant columns get std 1 so they pass through centred). */
export function fitStandardizer(ds: Dataset): Standardizer {
  const f = ds.features;
  const mean = new Float64Array(f);
  const sq = new Float64Array(f);
  for (let r = 0; r < ds.rows; r++) {
    for (let j = 0; j < f; j++) mean[j]! += ds.x[r * f + j]!;
  }
  for (let j = 0; j < f; j++) mean[j]! /= Math.max(1, ds.rows);
  for (let r = 0; r < ds.rows; r++) {
    for (let j = 0; j < f; j++) {
      const d = ds.x[r * f + j]! - mean[j]!;
      sq[j]! += d * d;
    }
  }
  const std = new Float32Array(f);
  for (let j = 0; j < f; j++) {
    const s = Math.sqrt(sq[j]! / Math.max(1, ds.rows));
    std[j] = s > 1e-12 ? s : 1;
  }
  return { mean: Float32Array.from(mean), std };
}

/** A copy of `ds` with each feature standardized by `s`. */
export function standardize(ds: Dataset, s: Standardizer): Dataset {
  const f = ds.features;
  const x = new Float32Array(ds.x.length);
  for (let r = 0; r < ds.rows; r++) {
    for (let j = 0; j < f; j++) x[r * f + j] = (ds.x[r * f + j]! - s.mean[j]!) / s.std[j]!;
  }
  return { ...ds, x };
}
