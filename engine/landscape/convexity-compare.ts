import { ConvexityCheck, checkConvexity } from './convexity';
import { OneFeatureData } from './data-1d';
import { SurfaceGridOptions, SurfaceLoss, exactSurface, twoParameterLoss } from './exact-surface';
import { Grid2D } from '../../shared/grid';

/** One loss of the comparison: its surface, whether the grid shows it convex, and a descent path on it. */
export interface ConvexityPanel {
  loss: SurfaceLoss;
  surface: Grid2D;
  convexity: ConvexityCheck;
  /** Plain gradient descent from the common start: w, b and loss after 0, 1, 2, … steps. */
  path: { w: number[]; b: number[]; loss: number[] };
}

/** Settings of the comparison; every field has a default. */
export interface ConvexityCompareOptions extends SurfaceGridOptions {
  /** The losses side by side (default: MSE-on-sigmoid and cross-entropy, the logistic-regression pair). */
  losses?: readonly SurfaceLoss[];
  /** Where every descent starts (default (−4, 4): a confidently wrong logistic model on the built-in set, where σ saturates). */
  start?: readonly [number, number];
  /** Step size of the descents (default 1). */
  learningRate?: number;
  /** Steps of each descent (default 200). */
  steps?: number;
}

/**
 * The same model and data under several losses, side by side: each loss's exact surface, the
 * discrete convexity check, and gradient descent from one start. With the defaults it shows the
 * textbook contrast: from a saturated start, descent on MSE-on-sigmoid creeps along a plateau
 * while descent on cross-entropy (convex, its gradient σ(z) − y never vanishes on wrong
 * answers) goes straight to the minimum.
 */
export function compareConvexity(data: OneFeatureData, options: ConvexityCompareOptions = {}): ConvexityPanel[] {
  const losses = options.losses ?? ['mse-on-sigmoid', 'binary-cross-entropy'];
  const start = options.start ?? [-4, 4], lr = options.learningRate ?? 1, steps = options.steps ?? 200;
  return losses.map((loss) => {
    const surface = exactSurface(loss, data, options);
    return { loss, surface, convexity: checkConvexity(surface), path: descend(loss, data, start, lr, steps) };
  });
}

/** Plain gradient descent (w, b) ← (w, b) − η·∇L in double precision, stopping early if it leaves the finite numbers. */
export function descend(loss: SurfaceLoss, data: OneFeatureData, start: readonly [number, number], learningRate: number, steps: number): ConvexityPanel['path'] {
  const f = twoParameterLoss(loss, data), g = new Float64Array(2);
  let [w, b] = start;
  const path = { w: [w], b: [b], loss: [f.value(w, b)] };
  for (let k = 0; k < steps; k++) {
    f.gradient(w, b, g);
    w -= learningRate * g[0]!;
    b -= learningRate * g[1]!;
    const value = f.value(w, b);
    if (!Number.isFinite(value)) break;
    path.w.push(w);
    path.b.push(b);
    path.loss.push(value);
  }
  return path;
}
