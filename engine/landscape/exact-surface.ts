import { sigmoid } from '../nn/activations';
import { UserError } from '../errors';
import { OneFeatureData } from './data-1d';
import { Grid2D, Range, checkGrid, gridExtremes, linspace } from '../../shared/grid';
import { Surface2D } from '../../shared/surface-2d';
import type { SurfaceLoss } from '../catalogue';

export { SURFACE_LOSSES, SURFACE_LOSS_HELP, type SurfaceLoss } from '../catalogue';

/**
 * One example's loss ℓ(z, y) at the model output z = w·x + b and its derivative dℓ/dz, in
 * double precision. The same formulas as engine/losses (checked against it in the tests), per
 * example, so that the surface's gradient is exact for the descent paths.
 */
function pointLoss(loss: SurfaceLoss, z: number, y: number): [value: number, dz: number] {
  switch (loss) {
    case 'mse': {
      const d = z - y;
      return [d * d, 2 * d];
    }
    case 'mse-on-sigmoid': {
      const p = sigmoid(z), d = p - y;
      return [d * d, 2 * d * p * (1 - p)];
    }
    case 'binary-cross-entropy':
      // max(z,0) − z·y + log(1 + e^−|z|) = −log σ(z) for y = 1 and −log(1 − σ(z)) for y = 0.
      return [Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))), sigmoid(z) - y];
    case 'hinge': {
      const s = y > 0 ? 1 : -1, margin = 1 - s * z;
      // At the kink (margin exactly 0) the subgradient 0 is taken, as engine/losses does.
      return margin > 0 ? [margin, -s] : [0, 0];
    }
  }
}

/**
 * The mean loss of the one-feature model z = w·x + b over `data`, as a function of (w, b),
 * with its exact gradient.
 */
export function twoParameterLoss(loss: SurfaceLoss, data: OneFeatureData): Surface2D {
  checkLossFits(loss, data);
  const { x, y } = data, n = x.length;
  const evaluate = (w: number, b: number, out?: Float64Array): number => {
    let sum = 0, gw = 0, gb = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const [v, dz] = pointLoss(loss, w * xi + b, y[i]!);
      sum += v;
      gw += dz * xi;
      gb += dz;
    }
    if (out) {
      out[0] = gw / n;
      out[1] = gb / n;
    }
    return sum / n;
  };
  return { value: (w, b) => evaluate(w, b), gradient: (w, b, out) => evaluate(w, b, out) };
}

/** Where to sample an exact surface: the w and b ranges and points per axis. */
export interface SurfaceGridOptions {
  /** Range of the weight w (default [−6, 6]). */
  w?: Range;
  /** Range of the bias b (default [−6, 6]). */
  b?: Range;
  /** Points per axis (default 61). */
  resolution?: number;
}

/** The exact loss surface of a two-parameter model: x axis w, y axis b. */
export function exactSurface(loss: SurfaceLoss, data: OneFeatureData, options: SurfaceGridOptions = {}): Grid2D {
  const wRange = options.w ?? [-6, 6], bRange = options.b ?? [-6, 6], res = options.resolution ?? 61;
  checkGrid(wRange, res, 'w');
  checkGrid(bRange, res, 'b');
  const f = twoParameterLoss(loss, data);
  const xAxis = linspace(wRange, res), yAxis = linspace(bRange, res);
  const values = new Float32Array(res * res);
  for (let r = 0; r < res; r++) for (let c = 0; c < res; c++) values[r * res + c] = f.value(xAxis[c]!, yAxis[r]!);
  return { xAxis, yAxis, values, ...gridExtremes(xAxis, yAxis, values) };
}

/** Refuses a classification loss on numeric targets: σ(z) or y·z would mean nothing there. */
function checkLossFits(loss: SurfaceLoss, data: OneFeatureData): void {
  if (loss !== 'mse' && !data.classes) {
    throw new UserError(`the loss "${loss}" needs two classes, and ${data.description} is a regression target. ` +
      'Use the loss "mse" (linear regression) for numeric targets, or a two-class dataset.');
  }
}
