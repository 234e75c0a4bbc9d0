/**
 * The raw 2-D points behind a run's model inputs, for the Playground view. A run keeps only the
 * transformed rows, so the points are recovered by undoing standardization of the first two
 * columns, and trusted only if running them through the run's own feature pipeline gives back
 * the rows the model trained on (crosses append columns and pass; PCA or a polynomial
 * expansion replace them and fail, and the view says so instead of drawing wrong points).
 */
import { Dataset } from '../data/dataset';
import { FeaturePipeline } from '../inputs/pipeline';
import { PlanePoints } from '../protocol/layer-features';

/** Largest |difference| between a re-transformed row and the stored one that still counts as equal. */
const TOLERANCE = 1e-3;

/** Raw (x, y) of each row of `ds`, or undefined when the pipeline does not start from two raw columns. */
function rawPoints(ds: Dataset, pipeline: FeaturePipeline): Float32Array | undefined {
  const s = pipeline.standardizer;
  if (s && s.mean.length !== 2) return undefined;
  if (ds.features < 2) return undefined;
  const raw = new Float32Array(ds.rows * 2);
  for (let r = 0; r < ds.rows; r++) {
    for (let j = 0; j < 2; j++) {
      const v = ds.x[r * ds.features + j]!;
      raw[r * 2 + j] = s ? v * s.std[j]! + s.mean[j]! : v;
    }
  }
  let again: Float32Array;
  try {
    again = pipeline.apply(raw, ds.rows);
  } catch {
    return undefined;
  }
  if (again.length !== ds.x.length) return undefined;
  for (let i = 0; i < again.length; i++) if (!(Math.abs(again[i]! - ds.x[i]!) <= TOLERANCE * (1 + Math.abs(ds.x[i]!)))) return undefined;
  return raw;
}

/** The range of coordinate `axis` of the points, padded by 10% each side so edge points are not on the border. */
function paddedRange(sets: Float32Array[], axis: 0 | 1): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const p of sets) for (let i = axis; i < p.length; i += 2) {
    lo = Math.min(lo, p[i]!);
    hi = Math.max(hi, p[i]!);
  }
  if (!Number.isFinite(lo)) return [-1, 1];
  const pad = hi > lo ? (hi - lo) * 0.1 : 1;
  return [lo - pad, hi + pad];
}

/** Each row's class, or its first target for regression (what colours the point). */
function firstTarget(ds: Dataset): Float32Array {
  return Float32Array.from({ length: ds.rows }, (_, r) => ds.y[r * ds.targets]!);
}

/** The run's points in the data's own units, or undefined when the data is not 2-D (or cannot be traced back). */
export function planePoints(data: { train: Dataset; validation: Dataset; features: FeaturePipeline }, rawNames?: readonly string[]): PlanePoints | undefined {
  if (data.train.imageShape) return undefined;
  const train = rawPoints(data.train, data.features);
  const validation = data.validation.rows ? rawPoints(data.validation, data.features) : new Float32Array(0);
  if (!train || !validation) return undefined;
  const names = rawNames ?? data.train.featureNames;
  return {
    featureNames: [names[0] ?? 'x1', names[1] ?? 'x2'],
    train: { x: train, labels: firstTarget(data.train) },
    validation: { x: validation, labels: firstTarget(data.validation) },
    xRange: paddedRange([train, validation], 0),
    yRange: paddedRange([train, validation], 1),
  };
}
