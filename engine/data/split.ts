import { Prng } from '../prng';
import { Dataset, selectRows } from './dataset';

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
  const groups: number[][] = [];
  if (ds.task === 'classification') {
    for (let r = 0; r < ds.rows; r++) (groups[ds.y[r]!] ??= []).push(r);
  } else {
    groups.push(Array.from({ length: ds.rows }, (_, r) => r));
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (const group of groups) {
    if (!group) continue;
    rng.shuffle(group);
    const nVal = Math.round(group.length * validationFraction);
    validation.push(...group.slice(0, nVal));
    train.push(...group.slice(nVal));
  }
  rng.shuffle(train);
  rng.shuffle(validation);
  return { train: selectRows(ds, train), validation: selectRows(ds, validation) };
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
