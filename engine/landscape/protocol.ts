/**
 * Requests and answers of the loss-landscape features (surfaces, slices, curvature, optimizer
 * races, the convexity comparison): payloads of the job protocol (engine/job-protocol.ts), whose
 * envelope gives each request its `id` and whose replies carry progress, failure and
 * cancellation. Grids travel as number arrays, with non-finite losses as null.
 */
import { CurvatureOptions, CurvatureVerdict } from './curvature';
import { ConvexityCheck } from './convexity';
import { SurfaceLoss } from './exact-surface';
import { GridPoint } from './grid';
import { Racer } from './race';
import { TestFunctionName } from './test-functions';

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
