import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig, parseConfigText } from '../config-parse';
import { Dataset } from '../data/dataset';
import { isSyntheticName } from '../data/synthetic';
import { UserError } from '../errors';
import { checkConvexity, ConvexityCheck } from '../landscape/convexity';
import { compareConvexity } from '../landscape/convexity-compare';
import { modelCurvature } from '../landscape/curvature';
import { OneFeatureData, oneFeatureDataset, oneFeatureOf } from '../landscape/data-1d';
import { randomPlane } from '../landscape/directions';
import { convexityEvent, curvatureEvent, gridJson, raceFrame } from '../landscape/events';
import { SURFACE_LOSSES, SURFACE_LOSS_HELP, SurfaceLoss, exactSurface } from '../landscape/exact-surface';
import { flattenSnapshot } from '../landscape/flat-params';
import { Grid2D, Range } from '../../shared/grid';
import { trainerObjective } from '../landscape/objective';
import { arrivalStep, race, Racer } from '../landscape/race';
import { lossSlice } from '../landscape/slice';
import { TEST_FUNCTION_NAMES, isTestFunctionName, testFunction } from '../../shared/test-functions';
import { pcaDirections, projectOntoPlane } from '../landscape/trajectory';
import { OPTIMIZERS, OPTIMIZER_DEFAULTS, OptimizerName } from '../nn/optimizers';
import { Trainer, prepareData } from '../trainer';
import { TRAIN_OPTIONS, TrainFlags, applyFlags } from './cli-args';
import { loadDataset } from './load-dataset';

export const LANDSCAPE_HELP = `Usage: gradient-lab landscape <what> [arguments] [options]

  surface [dataset]       the exact loss over (w, b) of a one-feature linear or logistic model
      --loss L            ${SURFACE_LOSSES.join(', ')} (default mse-on-sigmoid)
      --feature N         which feature column of the dataset (1-based; default 1)
      --w -6,6 --b -6,6   ranges of the weight and the bias; --resolution 61 points per axis
  convexity [dataset]     MSE-on-sigmoid and cross-entropy side by side, with a descent on each
      --losses a,b        the losses to compare; --start w,b (default -4,4); --lr 1; --steps 200
  race <function>         optimizers racing on ${TEST_FUNCTION_NAMES.join(', ')}
      --optimizers sgd:0.001,momentum:0.001,adam:0.05   each optimizer with its learning rate
      --steps 2000        steps per optimizer; --start x,y (default: the function's own)
  slice <dataset>         train, then the loss on a plane through the trained weights (Li et al. 2018)
      --directions random|pca   filter-normalized random directions, or the training path's PCA
      --direction-seed N  --range -1,1  --resolution 41
  curvature <dataset>     train, then the largest and smallest Hessian eigenvalues and a verdict
                          (convex here / saddle / plateau / flat); --epochs 0 probes the initial weights

[dataset] of surface and convexity: left out, a built-in 1-D set (two classes, or a line for
--loss mse); else a built-in 2-D set or a data file, of which one feature is used.
slice and curvature take the training options of "gradient-lab train" (--config, --model, …).
  --json                  one JSON event (as the worker sends it) instead of text`;

const OPTIONS = {
  ...TRAIN_OPTIONS,
  steps: { type: 'string' },
  optimizers: { type: 'string' },
  start: { type: 'string' },
  feature: { type: 'string' },
  w: { type: 'string' },
  b: { type: 'string' },
  range: { type: 'string' },
  resolution: { type: 'string' },
  directions: { type: 'string' },
  'direction-seed': { type: 'string' },
  losses: { type: 'string' },
} as const;

type Flags = Partial<Record<keyof typeof OPTIONS, string | boolean>>;
type Out = NodeJS.WriteStream;

/** Runs `gradient-lab landscape …`: returns the exit code. */
export async function landscapeCommand(args: string[], out: Out, err: Out): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(args), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UserError(`${(e as Error).message.replace(/\.?\s*$/, '')}. Run "gradient-lab landscape --help" for the options.`);
  }
  const flags = parsed.values as Flags;
  const [what, ...rest] = parsed.positionals;
  if (flags.help || what === undefined) {
    out.write(LANDSCAPE_HELP + '\n');
    return 0;
  }
  switch (what) {
    case 'surface': return surface(rest, flags, out);
    case 'convexity': return convexity(rest, flags, out);
    case 'race': return raceCommand(rest, flags, out);
    case 'slice': return slice(rest, flags, out, err);
    case 'curvature': return curvature(rest, flags, out, err);
    default:
      throw new UserError(`there is no "landscape ${what}"; use surface, convexity, race, slice or curvature. Run "gradient-lab landscape --help".`);
  }
}

/**
 * Writes "--w -6,6" as "--w=-6,6": node's parseArgs reads a value that starts with "-" as an
 * option, and ranges and start points often do.
 */
function joinNegativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!, next = args[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : '';
    if (name in OPTIONS && OPTIONS[name as keyof typeof OPTIONS].type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

/** A number flag, or its default; a clear error naming the flag otherwise. */
function num(flags: Flags, name: keyof typeof OPTIONS, fallback: number, integer = false): number {
  const v = flags[name];
  if (typeof v !== 'string') return fallback;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UserError(`--${name}: "${v}" is not ${integer ? 'a whole number' : 'a number'}; give e.g. --${name} ${fallback}`);
  }
  return n;
}

/** A "low,high" or "x,y" flag as two numbers. */
function pair(flags: Flags, name: keyof typeof OPTIONS, fallback: Range): [number, number] {
  const v = flags[name];
  if (typeof v !== 'string') return [fallback[0], fallback[1]];
  const parts = v.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n))) {
    throw new UserError(`--${name}: "${v}" is not two numbers separated by a comma; give e.g. --${name} ${fallback.join(',')}`);
  }
  return parts as [number, number];
}

function range(flags: Flags, name: keyof typeof OPTIONS, fallback: Range): Range {
  const r = pair(flags, name, fallback);
  if (!(r[0] < r[1])) throw new UserError(`--${name}: ${r[0]},${r[1]} is not a range; give the low end first, e.g. --${name} ${fallback.join(',')}`);
  return r;
}

function resolution(flags: Flags, fallback: number): number {
  const n = num(flags, 'resolution', fallback, true);
  if (n < 3 || n > 401) throw new UserError(`--resolution: ${n} points per axis is out of range; give 3 to 401 (e.g. 41)`);
  return n;
}

const fmt = (v: number): string => (!Number.isFinite(v) || v === 0 ? String(v) : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? Number(v.toPrecision(4)).toString() : v.toExponential(2));

/** The one-feature data of surface/convexity: a built-in 1-D set, or one feature of a dataset. */
async function oneFeatureData(positionals: string[], flags: Flags, regression: boolean): Promise<OneFeatureData> {
  if (positionals.length > 1) throw new UserError(`expected at most one dataset, got ${positionals.length}: ${positionals.join(' ')}`);
  const feature = num(flags, 'feature', 1, true) - 1;
  const target = positionals[0];
  if (target === undefined) {
    const opts = { samples: num(flags, 'samples', 100, true), ...(typeof flags.noise === 'string' ? { noise: num(flags, 'noise', 0) } : {}), seed: num(flags, 'seed', 1, true) };
    return oneFeatureOf(oneFeatureDataset(regression ? 'regression' : 'classification', opts));
  }
  const { loss: _loss, ...readFlags } = flags;
  const raw = applyFlags({ dataset: isSyntheticName(target) ? { synthetic: target } : { file: path.resolve(target) } }, readFlags as TrainFlags);
  const config = parseConfig(raw, 'the command line');
  return oneFeatureOf(await loadDataset(config.dataset, config.seeds.data, process.cwd()), feature);
}

function surfaceLoss(v: string | boolean | undefined, fallback: SurfaceLoss): SurfaceLoss {
  if (v === undefined) return fallback;
  if (typeof v === 'string' && (SURFACE_LOSSES as readonly string[]).includes(v)) return v as SurfaceLoss;
  throw new UserError(`--loss: "${v}" has no two-parameter surface; use one of ${SURFACE_LOSSES.join(', ')}`);
}

function convexityLine(c: ConvexityCheck, grid: Grid2D, xName: string, yName: string): string {
  if (!c.worst) return `no negative curvature on the grid: every one of ${c.checked} segments has its midpoint on or below the chord (consistent with convex)`;
  const along = c.worst.step[0] === 0 ? yName : c.worst.step[1] === 0 ? xName : 'a diagonal';
  return `NOT convex: ${c.violations} of ${c.checked} segments have their midpoint above the chord; the worst at ${xName} = ${fmt(c.worst.x)}, ${yName} = ${fmt(c.worst.y)}, ` +
    `along ${along}, by ${fmt(c.worst.excess)} (loss range ${fmt(grid.min.value)} … ${fmt(grid.max.value)})`;
}

async function surface(positionals: string[], flags: Flags, out: Out): Promise<number> {
  const loss = surfaceLoss(flags.loss, 'mse-on-sigmoid');
  const data = await oneFeatureData(positionals, flags, loss === 'mse');
  const w = range(flags, 'w', [-6, 6]), b = range(flags, 'b', [-6, 6]), res = resolution(flags, 61);
  const grid = exactSurface(loss, data, { w, b, resolution: res });
  const convex = checkConvexity(grid);
  if (flags.json) {
    out.write(JSON.stringify({ type: 'surface', id: 0, loss, description: data.description, grid: gridJson(grid), convexity: convex }) + '\n');
    return 0;
  }
  out.write(`Loss surface of ${loss} — ${SURFACE_LOSS_HELP[loss]}\n` +
    `on ${data.description} (${data.x.length} rows); w in [${w.join(', ')}], b in [${b.join(', ')}], ${res}×${res} points\n` +
    `  lowest on the grid: ${fmt(grid.min.value)} at w = ${fmt(grid.min.x)}, b = ${fmt(grid.min.y)}\n` +
    `  highest on the grid: ${fmt(grid.max.value)} at w = ${fmt(grid.max.x)}, b = ${fmt(grid.max.y)}\n` +
    `  ${convexityLine(convex, grid, 'w', 'b')}\n`);
  return 0;
}

async function convexity(positionals: string[], flags: Flags, out: Out): Promise<number> {
  const losses = typeof flags.losses === 'string' ? flags.losses.split(',').map((s) => surfaceLoss(s.trim(), 'mse')) : undefined;
  const data = await oneFeatureData(positionals, flags, losses !== undefined && losses.every((l) => l === 'mse'));
  const panels = compareConvexity(data, {
    ...(losses ? { losses } : {}),
    w: range(flags, 'w', [-8, 8]), b: range(flags, 'b', [-8, 8]), resolution: resolution(flags, 61),
    start: pair(flags, 'start', [-4, 4]), learningRate: num(flags, 'lr', 1), steps: num(flags, 'steps', 200, true),
  });
  if (flags.json) {
    out.write(JSON.stringify(convexityEvent(0, data.description, panels)) + '\n');
    return 0;
  }
  out.write(`Convexity of one model under several losses, on ${data.description} (${data.x.length} rows)\n`);
  for (const p of panels) {
    const last = p.path.loss.length - 1;
    out.write(`\n${p.loss} — ${SURFACE_LOSS_HELP[p.loss]}\n` +
      `  ${convexityLine(p.convexity, p.surface, 'w', 'b')}\n` +
      `  lowest on the grid: ${fmt(p.surface.min.value)} at (w, b) = (${fmt(p.surface.min.x)}, ${fmt(p.surface.min.y)})\n` +
      `  gradient descent from (${p.path.w[0]}, ${p.path.b[0]}), ${last} steps: loss ${fmt(p.path.loss[0]!)} → ${fmt(p.path.loss[last]!)} ` +
      `at (${fmt(p.path.w[last]!)}, ${fmt(p.path.b[last]!)})\n`);
  }
  return 0;
}

/** "sgd:0.001,adam:0.05" → racers (an optimizer without a rate takes its default rate). */
function parseRacers(spec: string): Racer[] {
  return spec.split(',').map((item) => {
    const [name, lr] = item.trim().split(':');
    if (!name || !(OPTIMIZERS as readonly string[]).includes(name)) {
      throw new UserError(`--optimizers: "${item}" names no optimizer; use name:learning-rate with a name from ${OPTIMIZERS.join(', ')}, e.g. --optimizers sgd:0.001,adam:0.05`);
    }
    const kind = name as OptimizerName;
    const learningRate = lr === undefined ? OPTIMIZER_DEFAULTS[kind].learningRate : Number(lr);
    if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new UserError(`--optimizers: "${item}" has no positive learning rate after the colon; e.g. ${kind}:0.01`);
    return { label: `${kind} ${learningRate}`, optimizer: { kind, learningRate } };
  });
}

async function raceCommand(positionals: string[], flags: Flags, out: Out): Promise<number> {
  const name = positionals[0];
  if (positionals.length !== 1 || !isTestFunctionName(name)) {
    throw new UserError(`gradient-lab landscape race takes one test function: ${TEST_FUNCTION_NAMES.join(', ')}${name ? ` (not "${positionals.join(' ')}")` : ''}.`);
  }
  const f = testFunction(name);
  const racers = parseRacers(typeof flags.optimizers === 'string' ? flags.optimizers : 'sgd:0.001,momentum:0.001,adam:0.05');
  const steps = num(flags, 'steps', 2000, true);
  if (steps < 1 || steps > 1_000_000) throw new UserError(`--steps: ${steps} is out of range; give 1 to 1000000`);
  const start = pair(flags, 'start', f.start);
  const paths = race(f, racers, start, steps);
  if (flags.json) {
    out.write(JSON.stringify(raceFrame(0, paths, 0, steps, true)) + '\n');
    return 0;
  }
  out.write(`Race on ${name}: f = ${f.formula}, from (${start.join(', ')}), ${steps} steps\n`);
  const head = ['optimizer', 'final x', 'final y', 'final loss', 'nearest minimum', 'within 0.05 from step'];
  const rows = paths.map((p) => {
    const k = p.xs.length - 1, x = p.xs[k]!, y = p.ys[k]!;
    const nearest = f.minima.map((m) => ({ m, d: Math.hypot(x - m[0], y - m[1]) })).sort((a, b) => a.d - b.d)[0];
    const arrived = nearest ? arrivalStep(p, nearest.m[0], nearest.m[1], 0.05) : undefined;
    return [p.label, fmt(x), fmt(y), fmt(p.losses[k]!), nearest ? `(${nearest.m.join(', ')}) at ${fmt(nearest.d)}` : 'none (unbounded below)',
      p.stopped ? `stopped at step ${p.stopped.step}: ${p.stopped.reason}` : arrived === undefined ? '–' : String(arrived)];
  });
  const widths = head.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  for (const r of [head, ...rows]) out.write(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n');
  return 0;
}

/** Trains the model a dataset and the training options describe, recording its weights at the start and after each epoch. */
async function trained(positionals: string[], flags: Flags, command: string, err: Out): Promise<{ trainer: Trainer; trajectory: Float64Array[]; steps: number[] }> {
  let raw: Record<string, unknown> = {};
  let baseDir = process.cwd();
  if (typeof flags.config === 'string') {
    const file = path.resolve(flags.config);
    const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new UserError(`--config ${flags.config}: cannot read the experiment file (${e.code ?? e.message}); check the path.`);
    });
    raw = JSON.parse(JSON.stringify(parseConfigText(text, file)));
    baseDir = path.dirname(file);
  }
  const target = positionals[0];
  if (positionals.length > 1) throw new UserError(`gradient-lab landscape ${command} takes one dataset, got ${positionals.length}: ${positionals.join(' ')}`);
  if (target !== undefined) raw.dataset = isSyntheticName(target) ? { synthetic: target } : { file: path.resolve(target) };
  else if (typeof flags.config !== 'string') throw new UserError(`gradient-lab landscape ${command} needs a dataset (such as "spiral") or --config <experiment>.`);
  // A config needs at least one epoch; "--epochs 0" here means: probe the initial weights, untrained.
  const untrained = typeof flags.epochs === 'string' && flags.epochs.trim() !== '' && Number(flags.epochs) === 0;
  const { steps: _steps, ...trainFlags } = flags;
  if (untrained) delete trainFlags.epochs;
  const config = parseConfig(applyFlags(raw, trainFlags as TrainFlags), 'the command line');
  const data: Dataset = await loadDataset(config.dataset, config.seeds.data, baseDir);
  const trainer = new Trainer(config, prepareData(config, data));
  const trajectory = [flattenSnapshot(trainer.model.snapshot())], steps = [0];
  if (untrained) return { trainer, trajectory, steps };
  for (const e of trainer.run()) {
    if (e.type === 'epoch') {
      trajectory.push(flattenSnapshot(trainer.model.snapshot()));
      steps.push(e.step);
      if (err.isTTY && !flags.json) err.write(`\r\x1b[Ktraining: epoch ${e.epoch}/${config.training.epochs}, loss ${fmt(e.trainLoss)}`);
    }
    if (e.type === 'diverged') throw new UserError(`training diverged at step ${e.step} (${e.reason}); ${e.suggestion}, then probe again.`);
  }
  if (err.isTTY && !flags.json) err.write('\r\x1b[K');
  return { trainer, trajectory, steps };
}

function modelLine(t: Trainer): string {
  const c = t.config, d = t.data.train;
  return `${[d.features, ...c.model.hidden.map((h) => h.units), t.head.outputs].join('-')} ${c.model.activation} on ${d.source}, ` +
    `${t.epoch} epoch(s) of ${c.optimizer.kind} (${t.step} steps), loss ${t.head.loss}, ${t.model.parameterCount} parameters, ${d.rows} training rows`;
}

async function slice(positionals: string[], flags: Flags, out: Out, err: Out): Promise<number> {
  const kind = flags.directions ?? 'random';
  if (kind !== 'random' && kind !== 'pca') throw new UserError(`--directions: "${kind}" is not random or pca`);
  const res = resolution(flags, 41), r = range(flags, 'range', kind === 'pca' ? [-2, 2] : [-1, 1]);
  const { trainer, trajectory, steps } = await trained(positionals, flags, 'slice', err);
  const objective = trainerObjective(trainer);
  if (kind === 'pca' && trajectory.length < 3) {
    throw new UserError(`--directions pca needs a training path of at least 3 points (the start and one per epoch), and this run has ${trajectory.length}; train for 2 epochs or more, or use --directions random.`);
  }
  const pca = kind === 'pca' ? pcaDirections(trajectory) : undefined;
  const directions = pca ? pca.directions : randomPlane(trainer.model, num(flags, 'direction-seed', 1, true));
  const origin = pca ? pca.origin : trajectory[trajectory.length - 1]!;
  const t0 = performance.now();
  const grid = lossSlice(objective, { directions, origin, range: r, resolution: res });
  const ms = performance.now() - t0;
  const path = projectOntoPlane(trajectory, origin, directions[0], directions[1]);
  if (flags.json) {
    out.write(JSON.stringify({
      type: 'landscape', id: 0, step: trainer.step, directions: kind, grid: gridJson(grid), centerLoss: grid.centerLoss,
      ...(pca ? { explained: pca.explained } : {}),
      trajectory: { steps, alpha: Array.from(path.alpha), beta: Array.from(path.beta), residual: Array.from(path.residual) },
    }) + '\n');
    return 0;
  }
  out.write(`Loss landscape slice of ${modelLine(trainer)}\n` +
    `  plane: ${pca ? `the training path's first two PCA directions (explaining ${(100 * pca.explained[0]).toFixed(1)}% and ${(100 * pca.explained[1]).toFixed(1)}% of its variance)` : 'two random filter-normalized directions'}\n` +
    `  α, β in [${r.join(', ')}], ${res}×${res} points, ${ms.toFixed(0)} ms\n` +
    `  loss at the trained weights (centre): ${fmt(grid.centerLoss)}; lowest ${fmt(grid.min.value)} at (${fmt(grid.min.x)}, ${fmt(grid.min.y)}); highest ${fmt(grid.max.value)}\n` +
    `  training path in the plane (epoch: α, β, distance off the plane):\n`);
  for (let k = 0; k < trajectory.length; k++) out.write(`    ${String(k).padStart(4)}: ${fmt(path.alpha[k]!)}, ${fmt(path.beta[k]!)}, ${fmt(path.residual[k]!)}\n`);
  return 0;
}

async function curvature(positionals: string[], flags: Flags, out: Out, err: Out): Promise<number> {
  const { trainer } = await trained(positionals, flags, 'curvature', err);
  const t0 = performance.now();
  const c = modelCurvature(trainerObjective(trainer));
  const ms = performance.now() - t0;
  if (flags.json) {
    out.write(JSON.stringify(curvatureEvent(0, trainer.step, c)) + '\n');
    return 0;
  }
  out.write(`Curvature of ${modelLine(trainer)}\n` +
    `  loss ${fmt(c.loss)}, gradient norm ${fmt(c.gradNorm)}\n` +
    `  λ_max = ${fmt(c.lambdaMax)}, λ_min = ${fmt(c.lambdaMin)} (power iteration, ${c.hessianVectorProducts} Hessian-vector products, ${ms.toFixed(0)} ms${c.converged ? '' : ', not fully converged'})\n` +
    `  ${c.message}\n`);
  return 0;
}
