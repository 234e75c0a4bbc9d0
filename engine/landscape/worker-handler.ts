/**
 * The worker's side of the landscape features: a job table (engine/job-driver.ts) answering
 * every LandscapeRequest. Slices and races are generators the worker's driver runs a step at a
 * time, so training control and `cancel` get through while they work; a failure is that job's
 * `failed` reply, never an error of the run.
 */
import { UserError } from '../errors';
import { Job, JobSteps, JobTable } from '../job-driver';
import { OPTIMIZERS } from '../nn/optimizers';
import { ProbeContext, ProbeHandler } from '../probe-handler';
import { Trainer } from '../trainer';
import { checkConvexity } from './convexity';
import { compareConvexity } from './convexity-compare';
import { modelCurvature } from './curvature';
import { oneFeatureDataset, OneFeatureData, oneFeatureOf } from './data-1d';
import { randomPlane } from './directions';
import { convexityEvent, curvatureEvent, gridJson, raceFrame } from './events';
import { exactSurface } from './exact-surface';
import { readFlat } from './flat-params';
import { Range } from '../../shared/grid';
import { Objective, trainerObjective } from './objective';
import { LandscapeEvent, LandscapeRequest, RaceEvent, SurfaceData } from '../protocol/landscape';
import { OptimizerRace, Racer } from './race';
import { sliceRows } from './slice';
import { sliceSurface } from './slice-surface';
import { Surface2D } from '../../shared/surface-2d';
import { isTestFunctionName, testFunction } from '../../shared/test-functions';
import { pcaDirections, projectOntoPlane } from './trajectory';
import { TrajectoryRecorder } from './trajectory-recorder';

type Req<T extends LandscapeRequest['type']> = Extract<LandscapeRequest, { type: T }>;

/** A race without `frameEvery` sends a frame at least this often (ms of work). */
const RACE_FRAME_MS = 20;

/** Keeps the run's weights at its start and each epoch's end: the training path a slice projects. */
export function trajectoryObserver(trajectory: TrajectoryRecorder): ProbeHandler {
  return {
    types: [],
    handle: () => undefined,
    observe(e, ctx) {
      const t = ctx.trainer;
      if (!t) return;
      if (e.type === 'started') {
        trajectory.clear();
        trajectory.record(t.model, t.step);
      } else if (e.type === 'epoch') {
        trajectory.record(t.model, e.step);
      }
    },
  };
}

/** The landscape jobs, reading the training path from `trajectory` (fed by `trajectoryObserver`). */
export function landscapeJobs(trajectory: TrajectoryRecorder): JobTable {
  const jobs: { [T in LandscapeRequest['type']]: Job<Req<T>> } = {
    landscape: (req, ctx) => slice(req, ctx, trajectory),
    curvature: (req, ctx) => {
      const trainer = needRun(ctx, 'the curvature probe');
      return curvatureEvent(req.id, trainer.step, modelCurvature(objectiveOf(trainer, req.set), req.options));
    },
    surface: (req, ctx) => {
      const data = oneFeature(req.data, ctx);
      const grid = exactSurface(req.loss, data, {
        ...(req.w ? { w: req.w } : {}), ...(req.b ? { b: req.b } : {}), ...(req.resolution ? { resolution: req.resolution } : {}),
      });
      return { type: 'surface', id: req.id, loss: req.loss, description: data.description, grid: gridJson(grid), convexity: checkConvexity(grid) };
    },
    convexity: (req, ctx) => {
      const data = oneFeature(req.data, ctx);
      const steps = req.steps ?? 200;
      if (!Number.isInteger(steps) || steps < 0 || steps > 100_000) throw new RangeError(`convexity: ${steps} descent steps is out of range; give 0 to 100000`);
      const panels = compareConvexity(data, {
        ...(req.losses ? { losses: req.losses } : {}), ...(req.w ? { w: req.w } : {}), ...(req.b ? { b: req.b } : {}),
        ...(req.resolution ? { resolution: req.resolution } : {}), ...(req.start ? { start: req.start } : {}),
        ...(req.learningRate !== undefined ? { learningRate: req.learningRate } : {}), steps,
      });
      return convexityEvent(req.id, data.description, panels);
    },
    race: (req, ctx) => race(req, ctx),
  };
  return jobs;
}

/** A slice of the model's landscape around its weights now: one grid row per step. */
function* slice(req: Req<'landscape'>, run: ProbeContext, trajectory: TrajectoryRecorder): JobSteps<LandscapeEvent> {
  const trainer = needRun(run, 'a slice of the loss landscape');
  const o = objectiveOf(trainer, req.set);
  const current = readFlat(trainer.model.params);
  const step = trainer.step;
  // The path ends at the weights now, which may lie past the last epoch's end.
  const points = [...trajectory.path.points], steps = [...trajectory.path.steps];
  if (steps.at(-1) !== step) {
    points.push(current);
    steps.push(step);
  }
  const pca = req.directions === 'pca' ? pcaPlane(points) : undefined;
  const directions = pca ? pca.directions : randomPlane(trainer.model, req.seed ?? 1);
  const path = req.trajectory || pca ? projectOntoPlane(points, current, directions[0], directions[1]) : undefined;
  const range = req.range ?? (pca && path ? coveringRange(path.alpha, path.beta) : [-1, 1]);
  const grid = yield* sliceRows(o, { directions, origin: current, range, resolution: req.resolution ?? 41 });
  return {
    type: 'landscape', id: req.id, step, directions: req.directions, grid: gridJson(grid), centerLoss: grid.centerLoss,
    ...(pca ? { explained: pca.explained } : {}),
    ...(path ? { trajectory: { steps, alpha: Array.from(path.alpha), beta: Array.from(path.beta), residual: Array.from(path.residual) } } : {}),
  };
}

/** Optimizers racing on one surface: a frame (a partial answer) every `frameEvery` steps or ~20 ms, the last frame the result. */
function* race(req: Req<'race'>, ctx: ProbeContext): JobSteps<RaceEvent> {
  checkRace(req);
  let fn: Surface2D, start: readonly [number, number];
  if (typeof req.surface === 'string') {
    if (!isTestFunctionName(req.surface)) throw new UserError(`there is no test function "${String(req.surface)}"`);
    const f = testFunction(req.surface);
    fn = f;
    start = req.start ?? f.start;
  } else {
    // The model's own landscape on a random plane through its weights now: (α, β) = (0, 0) is where training is.
    const trainer = needRun(ctx, 'a race on the model\'s landscape');
    const [d1, d2] = randomPlane(trainer.model, req.surface.slice.seed);
    fn = sliceSurface(objectiveOf(trainer), readFlat(trainer.model.params), d1, d2);
    start = req.start ?? [0, 0];
  }
  const r = new OptimizerRace(fn, req.racers, start);
  let from = 0, last = 0, frameAt = Date.now();
  while (r.steps < req.steps) {
    r.step();
    const due = req.frameEvery ? r.steps - last >= req.frameEvery : Date.now() - frameAt >= RACE_FRAME_MS;
    const fraction = r.steps / req.steps;
    if (!due || r.steps >= req.steps) {
      yield { phase: 'race', fraction };
      continue;
    }
    yield { phase: 'race', fraction, partial: raceFrame(req.id, r.paths, from, r.steps, false) };
    from = r.steps + 1;
    last = r.steps;
    frameAt = Date.now();
  }
  return raceFrame(req.id, r.paths, from, r.steps, true);
}

/** The current run's trainer, or a message saying there is none. */
function needRun(ctx: ProbeContext, what: string): Trainer {
  if (!ctx.trainer) throw new UserError(`${what} needs a run: train a model first (Gradient Lab: Train a Model on a Dataset…)`);
  return ctx.trainer;
}

function objectiveOf(trainer: Trainer, set: 'train' | 'validation' = 'train'): Objective {
  const o = trainerObjective(trainer, set);
  if (o.data.rows === 0) throw new UserError(`the ${set} set of this run has no rows; use the ${set === 'train' ? 'validation' : 'training'} set`);
  return o;
}

function pcaPlane(points: readonly Float64Array[]): ReturnType<typeof pcaDirections> {
  if (points.length < 3) {
    throw new UserError(`PCA directions need a training path of at least 3 points (the start and one per epoch); this run has ${points.length} so far. Train for 2 epochs or more, or use random directions.`);
  }
  return pcaDirections(points);
}

/** A symmetric range around 0 that holds the whole path with a margin (PCA coordinates are in weight units). */
function coveringRange(alpha: Float64Array, beta: Float64Array): Range {
  let r = 0;
  for (let i = 0; i < alpha.length; i++) r = Math.max(r, Math.abs(alpha[i]!), Math.abs(beta[i]!));
  const half = r > 0 && Number.isFinite(r) ? r * 1.25 : 1;
  return [-half, half];
}

/** The one-feature data a surface request names. */
function oneFeature(data: SurfaceData, ctx: ProbeContext): OneFeatureData {
  if ('builtIn' in data) {
    const { builtIn, ...options } = data;
    return oneFeatureOf(oneFeatureDataset(builtIn, options));
  }
  if (!ctx.data) throw new UserError('a surface of the run\'s data needs a run: train a model first, or use a built-in 1-D set');
  return oneFeatureOf(ctx.data.train, data.feature);
}

function checkRace(req: Req<'race'>): void {
  if (!Number.isInteger(req.steps) || req.steps < 1 || req.steps > 1_000_000) throw new RangeError(`race: ${req.steps} steps is out of range; give 1 to 1000000`);
  if (req.frameEvery !== undefined && !(Number.isInteger(req.frameEvery) && req.frameEvery >= 1)) throw new RangeError(`race: frameEvery ${req.frameEvery} must be a whole number ≥ 1`);
  if (!Array.isArray(req.racers) || req.racers.length === 0 || req.racers.length > 16) throw new RangeError('race: give 1 to 16 optimizers');
  for (const r of req.racers as Racer[]) {
    const lr = r.optimizer?.learningRate;
    if (!(OPTIMIZERS as readonly string[]).includes(r.optimizer?.kind) || !(typeof lr === 'number' && lr > 0 && Number.isFinite(lr))) {
      throw new RangeError(`race: "${r.label}" needs an optimizer from ${OPTIMIZERS.join(', ')} and a learning rate > 0`);
    }
  }
  if (req.start && !(req.start.length === 2 && req.start.every(Number.isFinite))) throw new RangeError('race: the start must be two finite numbers');
}
