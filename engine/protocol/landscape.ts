/**
 * Requests and answers of the loss-landscape features (surfaces, slices, curvature, optimizer
 * races, the convexity comparison): payloads of the job protocol (engine/protocol/job.ts), whose
 * envelope gives each request its `id` and whose replies carry progress, failure and
 * cancellation. Grids travel as number arrays, with non-finite losses as null.
 */
import type { SurfaceLoss, TestFunctionName } from '../catalogue';
import type { OptimizerSpec } from './experiment';

/** A grid as JSON: values row-major (row = y, column = x), null where the loss is not finite. */
export interface GridJson {
  xAxis: number[];
  yAxis: number[];
  values: (number | null)[];
  min: GridPoint;
  max: GridPoint;
}

/** Which data a two-parameter surface uses: a built-in 1-D set, or one feature of the run's dataset. */
export type SurfaceData =
  | { builtIn: 'classification' | 'regression'; samples?: number; noise?: number; seed?: number }
  | { feature: number };

/** Requests to a worker about landscapes; each `result` is the event below of the same type. */
export type LandscapeRequest =
  /** A slice of the current model's landscape → 'landscape' (progress: the share of rows done). */
  | {
      type: 'landscape'; id: number;
      /** 'random': two filter-normalized random directions; 'pca': the first two PCA directions of the recorded trajectory. */
      directions: 'random' | 'pca';
      seed?: number; range?: [number, number]; resolution?: number;
      set?: 'train' | 'validation';
      /** Also project the weights recorded so far (one snapshot per epoch) onto the plane. */
      trajectory?: boolean;
    }
  /** The curvature probe at the current weights → 'curvature'. */
  | { type: 'curvature'; id: number; set?: 'train' | 'validation'; options?: CurvatureOptions }
  /** An exact surface of a two-parameter model → 'surface'. */
  | { type: 'surface'; id: number; loss: SurfaceLoss; data: SurfaceData; w?: [number, number]; b?: [number, number]; resolution?: number }
  /** The side-by-side convexity comparison → 'convexity'. */
  | {
      type: 'convexity'; id: number; data: SurfaceData; losses?: SurfaceLoss[];
      w?: [number, number]; b?: [number, number]; resolution?: number;
      start?: [number, number]; learningRate?: number; steps?: number;
    }
  /** An optimizer race on a test function or on the current model's random slice → 'race' frames as partials, the last (done: true) as the result. */
  | {
      type: 'race'; id: number; surface: TestFunctionName | { slice: { seed: number } };
      racers: Racer[]; steps: number; start?: [number, number];
      /** Steps between frames (default: a frame every ~30 ms of work). */
      frameEvery?: number;
    };

/** A finished slice of the model's landscape around its weights at `step`. */
export interface LandscapeEvent {
  type: 'landscape';
  id: number;
  /** Training step of the weights at the plane's origin. */
  step: number;
  directions: 'random' | 'pca';
  grid: GridJson;
  /** The loss at the origin (α = β = 0). */
  centerLoss: number;
  /** PCA directions: the share of the trajectory's variance each explains. */
  explained?: [number, number];
  /** The recorded weights projected onto the plane, oldest first, with the step of each. */
  trajectory?: { steps: number[]; alpha: number[]; beta: number[]; residual: number[] };
}

/** The curvature probe's answer. */
export interface CurvatureEvent {
  type: 'curvature';
  id: number;
  step: number;
  loss: number;
  gradNorm: number;
  lambdaMax: number;
  lambdaMin: number;
  verdict: CurvatureVerdict;
  message: string;
  converged: boolean;
}

/** An exact two-parameter surface with its convexity check. */
export interface SurfaceEvent {
  type: 'surface';
  id: number;
  loss: SurfaceLoss;
  /** The data, e.g. "1-D classification, feature x". */
  description: string;
  grid: GridJson;
  convexity: ConvexityCheck;
}

/** The convexity comparison: one panel per loss. */
export interface ConvexityEvent {
  type: 'convexity';
  id: number;
  description: string;
  panels: { loss: SurfaceLoss; grid: GridJson; convexity: ConvexityCheck; path: { w: number[]; b: number[]; loss: number[] } }[];
}

/** Part of a race: each racer's points from step `from` to step `step` (inclusive); the first frame has from = 0. */
export interface RaceEvent {
  type: 'race';
  id: number;
  from: number;
  step: number;
  done: boolean;
  racers: { label: string; xs: number[]; ys: number[]; losses: number[]; stopped?: { step: number; reason: string } }[];
}

export type LandscapeWorkerEvent = LandscapeEvent | CurvatureEvent | SurfaceEvent | ConvexityEvent | RaceEvent;

/** Settings of the curvature probe; every field has a default. */
export interface CurvatureOptions {
  /** Finite-difference step ε of the Hessian-vector product, along a unit vector (default 1e-3). */
  epsilon?: number;
  /** Power iterations per phase, at most (default 200). */
  maxIterations?: number;
  /** A phase stops when its estimate changes by less than this, relative (default 1e-6). */
  tolerance?: number;
  /** Seed of the random start vectors (default 1). */
  seed?: number;
  /** "Plateau" needs a gradient norm at most this (default 1e-4)… */
  plateauGradient?: number;
  /** …and every |λ| at most this (default 1e-3). */
  plateauCurvature?: number;
  /**
   * λ_min is "clearly" negative below −τ and clearly positive above +τ, with
   * τ = max(this · max|λ|, `flatCurvature`) (default 1e-4: power iteration and finite differences
   * are not exact; a narrow valley such as Rosenbrock's, λ ≈ 0.4 and 1002, still counts as a bowl).
   */
  negativeTolerance?: number;
  /** The absolute floor of τ (default 1e-4: float32 gradients make eigenvalues good to ~1e-4). */
  flatCurvature?: number;
}

/**
 * What the local shape is: a bowl ('convex', every sampled curvature clearly positive), a saddle
 * (some direction clearly curves down), a plateau (no slope and flat in at least one direction),
 * or 'flat' (a slope, and flat across it: neither a bowl nor a saddle can be told).
 */
export type CurvatureVerdict = 'convex' | 'saddle' | 'plateau' | 'flat';

/** One grid point: its coordinates and loss. */
export interface GridPoint {
  x: number;
  y: number;
  value: number;
}

/** One entrant of a race: an optimizer with its settings, and a label for the legend. */
export interface Racer {
  label: string;
  optimizer: OptimizerSpec;
}

/** A grid segment p−d, p, p+d whose midpoint value lies above the chord: a witness of non-convexity. */
export interface ConvexityViolation {
  /** The midpoint p (coordinates on the grid's axes). */
  x: number;
  y: number;
  /** The step d in grid cells: (1,0) along x, (0,1) along y, (1,1) and (1,−1) the diagonals. */
  step: readonly [dx: number, dy: number];
  /** f(p) − (f(p−d) + f(p+d))/2: how far the midpoint lies above the chord (> 0). */
  excess: number;
}

/** The result of the discrete convexity check. */
export interface ConvexityCheck {
  /** Number of (point, direction) pairs where the midpoint lies above the chord beyond the tolerance. */
  violations: number;
  /** Pairs checked. */
  checked: number;
  /** The largest violation, when there is one. */
  worst?: ConvexityViolation;
}
