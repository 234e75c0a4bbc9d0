import { Direction } from './directions';
import { readFlat, writeFlat } from './flat-params';
import { Grid2D, Range, checkGrid, gridExtremes, linspace } from '../../shared/grid';
import { Objective, objectiveLoss } from './objective';
import { JobSteps, runToEnd } from '../job-driver';

/** Where to sample a slice: the plane origin + α·d1 + β·d2 over a square of (α, β). */
export interface SliceOptions {
  directions: readonly [Direction, Direction];
  /** The plane's origin θ₀; default: the model's weights when the slice starts. */
  origin?: Float64Array;
  /** Range of α and of β (default [−1, 1]: one filter norm each way with filter-normalized directions). */
  range?: Range;
  /** Points per axis (default 41; odd, so that the centre (0, 0) is on the grid). */
  resolution?: number;
}

/** A slice of the loss landscape: the grid (x axis α, y axis β) and the loss at the origin. */
export interface Slice extends Grid2D {
  /** The loss at θ₀ (α = β = 0), which is also the grid's centre value when the resolution is odd. */
  readonly centerLoss: number;
}

/**
 * Computes a slice one grid row per `next()` (a job for engine/job-driver.ts): yields the share of
 * rows done after each row and returns the
 * slice. The weights are perturbed only inside a row and restored exactly at its end (also on a
 * throw), so between yields a driver may interleave other work, or stop iterating at any time.
 */
export function* sliceRows(o: Objective, options: SliceOptions): JobSteps<Slice> {
  const res = options.resolution ?? 41, range = options.range ?? [-1, 1];
  checkGrid(range, res, 'slice');
  const [d1, d2] = options.directions;
  const params = o.model.params;
  const origin = options.origin ?? readFlat(params);
  if (d1.length !== origin.length || d2.length !== origin.length) {
    throw new RangeError(`slice: directions have ${d1.length} and ${d2.length} values, the model has ${origin.length} parameters`);
  }
  const axis = linspace(range, res);
  const values = new Float32Array(res * res);
  let centerLoss = NaN;
  for (let r = 0; r < res; r++) {
    // Saved per row, not once: a driver may have trained the model between two rows.
    const saved = o.model.snapshot();
    try {
      if (r === 0) {
        writeFlat(params, origin);
        centerLoss = objectiveLoss(o);
      }
      const beta = axis[r]!;
      for (let c = 0; c < res; c++) {
        writeFlat(params, origin, axis[c]!, d1, beta, d2);
        values[r * res + c] = objectiveLoss(o);
      }
    } finally {
      o.model.restore(saved);
    }
    yield { phase: 'rows', fraction: (r + 1) / res };
  }
  return { xAxis: axis, yAxis: axis.slice(), values, centerLoss, ...gridExtremes(axis, axis, values) };
}

/** A whole slice at once (see `sliceRows`). */
export function lossSlice(o: Objective, options: SliceOptions): Slice {
  return runToEnd(sliceRows(o, options));
}
