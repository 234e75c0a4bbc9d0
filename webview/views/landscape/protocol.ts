/**
 * Messages between the extension and the three landscape lab views ('landscape': the model's own
 * landscape; 'race': optimizers racing; 'convexity': losses side by side). Owned by the webview
 * side, imported by extension/labs/*. Both directions are checked here: what a view sends is
 * untrusted for the extension, and a view checks what it is fed before drawing it.
 * No `vscode` and no DOM: both sides import it.
 */
import type { GridJson, LandscapeWorkerEvent } from '../../../engine/protocol/landscape';
import { OPTIMIZERS, type OptimizerName, TEST_FUNCTION_NAMES, type TestFunctionName } from '../../../engine/catalogue';
import { isInt, isNum, isNums as isNumArray, isObj, isStr } from '../../../shared/validate';

/** One racer as a view picks it. */
export interface RacerChoice {
  optimizer: OptimizerName;
  learningRate: number;
}

/** What a landscape view asks for. */
export type FromLandscapeView =
  | { type: 'ready' }
  /** A slice of the current model's landscape (half-width `range` of α and β; default ±1, or covering the path for PCA). */
  | { type: 'slice'; directions: 'random' | 'pca'; resolution: number; seed: number; range?: number }
  | { type: 'curvature' }
  /** Stops whatever this view has running. */
  | { type: 'cancel' }
  /** Race view: run a race on a test function, or on the model's own random slice. */
  | { type: 'race'; surface: TestFunctionName | 'slice'; racers: RacerChoice[]; steps: number; start: [number, number] }
  /** Race view: the model's slice to race on (answered with a 'landscape' event). */
  | { type: 'loadSlice' }
  /** Convexity view: compare the losses on the built-in 1-D sets or on the run's data (one feature). */
  | { type: 'compare'; source: 'builtin' | 'run'; feature: number; start: [number, number]; learningRate: number; steps: number };

/** What the current run is, as far as the landscape views care. */
export interface RunInfo {
  title: string;
  source: string;
  task: 'classification' | 'regression';
  classes: number;
  features: number;
  status: string;
}

/** What the extension sends a landscape view. */
export type ToLandscapeView =
  | { type: 'run'; run: RunInfo | null }
  /** An answer of the worker to one of this view's requests, or a piece of one (a race frame). */
  | { type: 'event'; event: LandscapeWorkerEvent }
  /** How far the view's running job has got; how it ended without an answer. */
  | { type: 'progress'; fraction: number; phase: string }
  | { type: 'failed'; message: string }
  | { type: 'cancelled' }
  /** The seed of the model slice a race runs on (so the view knows which plane it shows). */
  | { type: 'note'; text: string };

const isPair = (v: unknown, bound: number): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every((x) => isNum(x) && Math.abs(x) <= bound);
const isRate = (v: unknown): v is number => isNum(v) && v > 0 && v <= 100;

/** Limits a view may ask for: enough to explore, small enough that a request cannot hang the worker. */
export const LIMITS = { resolution: [5, 101], raceSteps: [1, 20000], descentSteps: [1, 5000], coordinate: 1e4, racers: 7, feature: 10000 } as const;

/** Checks a message from a view; undefined when it is not a well-formed intent. */
export function parseFromLandscapeView(m: unknown): FromLandscapeView | undefined {
  if (!isObj(m)) return undefined;
  switch (m.type) {
    case 'ready': case 'curvature': case 'cancel': case 'loadSlice':
      return { type: m.type };
    case 'slice':
      if ((m.directions !== 'random' && m.directions !== 'pca') || !isInt(m.resolution, ...LIMITS.resolution) || !isInt(m.seed, 0, 2 ** 31)) return undefined;
      if (m.range !== undefined && !(isNum(m.range) && m.range > 0 && m.range <= 1000)) return undefined;
      return { type: 'slice', directions: m.directions, resolution: m.resolution, seed: m.seed, ...(m.range !== undefined ? { range: m.range } : {}) };
    case 'race': {
      const surface = m.surface;
      if (surface !== 'slice' && !(TEST_FUNCTION_NAMES as readonly unknown[]).includes(surface)) return undefined;
      if (!Array.isArray(m.racers) || m.racers.length < 1 || m.racers.length > LIMITS.racers) return undefined;
      const racers: RacerChoice[] = [];
      for (const r of m.racers) {
        if (!isObj(r) || !(OPTIMIZERS as readonly unknown[]).includes(r.optimizer) || !isRate(r.learningRate)) return undefined;
        racers.push({ optimizer: r.optimizer as OptimizerName, learningRate: r.learningRate });
      }
      if (!isInt(m.steps, ...LIMITS.raceSteps) || !isPair(m.start, LIMITS.coordinate)) return undefined;
      return { type: 'race', surface: surface as TestFunctionName | 'slice', racers, steps: m.steps, start: [m.start[0], m.start[1]] };
    }
    case 'compare':
      if ((m.source !== 'builtin' && m.source !== 'run') || !isInt(m.feature, 0, LIMITS.feature)) return undefined;
      if (!isPair(m.start, 100) || !isRate(m.learningRate) || !isInt(m.steps, ...LIMITS.descentSteps)) return undefined;
      return { type: 'compare', source: m.source, feature: m.feature, start: [m.start[0], m.start[1]], learningRate: m.learningRate, steps: m.steps };
    default:
      return undefined;
  }
}

const isPoint = (v: unknown): boolean => isObj(v) && typeof v.x === 'number' && typeof v.y === 'number' && typeof v.value === 'number';

/** A grid whose arrays agree in size (values may hold null where the loss was not finite). */
export function isGrid(g: unknown): g is GridJson {
  if (!isObj(g) || !isNumArray(g.xAxis) || !isNumArray(g.yAxis) || !Array.isArray(g.values)) return false;
  if (g.xAxis.length < 2 || g.yAxis.length < 2 || g.values.length !== g.xAxis.length * g.yAxis.length) return false;
  return g.values.every((v) => v === null || isNum(v)) && isPoint(g.min) && isPoint(g.max);
}

const isPath = (p: unknown, keys: string[]): boolean => {
  if (!isObj(p)) return false;
  const arrays = keys.map((k) => p[k]);
  return arrays.every((a) => isNumArray(a)) && arrays.every((a) => (a as number[]).length === (arrays[0] as number[]).length);
};

/** Checks one forwarded worker event well enough that drawing it cannot throw. */
function isLandscapeEvent(e: unknown): e is LandscapeWorkerEvent {
  if (!isObj(e) || !isNum(e.id)) return false;
  switch (e.type) {
    case 'landscape':
      return isGrid(e.grid) && isNum(e.step) && (e.directions === 'random' || e.directions === 'pca') &&
        (e.trajectory === undefined || isPath(e.trajectory, ['steps', 'alpha', 'beta', 'residual']));
    case 'curvature':
      return isNum(e.lambdaMax) && isNum(e.lambdaMin) && isNum(e.gradNorm) && typeof e.message === 'string' && ['convex', 'saddle', 'plateau', 'flat'].includes(e.verdict as string);
    case 'surface':
      return isGrid(e.grid) && typeof e.loss === 'string' && isObj(e.convexity);
    case 'convexity':
      return typeof e.description === 'string' && Array.isArray(e.panels) &&
        e.panels.every((p) => isObj(p) && typeof p.loss === 'string' && isGrid(p.grid) && isObj(p.convexity) && isNum(p.convexity.violations) && isNum(p.convexity.checked) && isPath(p.path, ['w', 'b', 'loss']));
    case 'race':
      return isNum(e.from) && isNum(e.step) && typeof e.done === 'boolean' && Array.isArray(e.racers) &&
        e.racers.every((r) => isObj(r) && typeof r.label === 'string' && isPath(r, ['xs', 'ys', 'losses']));
    default:
      return false;
  }
}

/** Checks a message from the extension; undefined when it is not one the views know. */
export function parseToLandscapeView(m: unknown): ToLandscapeView | undefined {
  if (!isObj(m)) return undefined;
  switch (m.type) {
    case 'run': {
      if (m.run === null) return { type: 'run', run: null };
      const r = m.run;
      if (!isObj(r) || typeof r.title !== 'string' || typeof r.source !== 'string' || (r.task !== 'classification' && r.task !== 'regression')) return undefined;
      if (!isNum(r.classes) || !isNum(r.features) || typeof r.status !== 'string') return undefined;
      return { type: 'run', run: { title: r.title, source: r.source, task: r.task, classes: r.classes, features: r.features, status: r.status } };
    }
    case 'event':
      return isLandscapeEvent(m.event) ? { type: 'event', event: m.event } : undefined;
    case 'progress':
      return isNum(m.fraction) && isStr(m.phase, 100) ? { type: 'progress', fraction: m.fraction, phase: m.phase } : undefined;
    case 'failed':
      return isStr(m.message) ? { type: 'failed', message: m.message } : undefined;
    case 'cancelled':
      return { type: 'cancelled' };
    case 'note':
      return typeof m.text === 'string' ? { type: 'note', text: m.text } : undefined;
    default:
      return undefined;
  }
}
