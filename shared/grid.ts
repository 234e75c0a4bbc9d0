import type { GridPoint } from '../engine/protocol/landscape';
export type { GridPoint } from '../engine/protocol/landscape';
/**
 * A loss sampled on a regular 2-D grid: the common result of an exact two-parameter surface
 * (axes w and b) and of a slice of a network's landscape (axes α and β).
 */
export interface Grid2D {
  /** Coordinates of the columns (w, or α), increasing. */
  readonly xAxis: Float64Array;
  /** Coordinates of the rows (b, or β), increasing. */
  readonly yAxis: Float64Array;
  /** yAxis.length × xAxis.length values, row-major: values[row·cols + col] is the loss at (xAxis[col], yAxis[row]). */
  readonly values: Float32Array;
  /** The smallest finite value on the grid and where it is. */
  readonly min: GridPoint;
  /** The largest finite value on the grid and where it is (for colour scales). */
  readonly max: GridPoint;
}

/** A closed interval [low, high]. */
export type Range = readonly [low: number, high: number];

/** `count` evenly spaced values from low to high, both included (low alone when count is 1). */
export function linspace(range: Range, count: number): Float64Array {
  const [lo, hi] = range;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = count === 1 ? lo : lo + ((hi - lo) * i) / (count - 1);
  // The last point is set exactly so that a symmetric range has its ends (and its centre) exact.
  if (count > 1) out[count - 1] = hi;
  return out;
}

/** The smallest and largest finite values of a grid with their coordinates. */
export function gridExtremes(xAxis: Float64Array, yAxis: Float64Array, values: Float32Array): { min: GridPoint; max: GridPoint } {
  const cols = xAxis.length;
  let lo = -1, hi = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (lo < 0 || v < values[lo]!) lo = i;
    if (hi < 0 || v > values[hi]!) hi = i;
  }
  const at = (i: number): GridPoint =>
    i < 0 ? { x: NaN, y: NaN, value: NaN } : { x: xAxis[i % cols]!, y: yAxis[Math.floor(i / cols)]!, value: values[i]! };
  return { min: at(lo), max: at(hi) };
}

/** Checks a range and a resolution given by a caller; throws a RangeError naming `what` otherwise. */
export function checkGrid(range: Range, resolution: number, what: string): void {
  if (!(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) {
    throw new RangeError(`${what}: the range [${range[0]}, ${range[1]}] must be two finite numbers, low < high`);
  }
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > 1001) {
    throw new RangeError(`${what}: the resolution ${resolution} must be a whole number from 2 to 1001`);
  }
}
