import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Dataset } from '../data/dataset';
import { isSyntheticName, syntheticDataset } from '../data/synthetic';
import { UserError } from '../errors';
import { championEvent, generationEvent, sweepEvent, tableEvent } from '../wann/events';
import { prepareWannData } from '../wann/prepare';
import { WannStartedEvent } from '../protocol/wann';
import { formatWannTable, wannResults, wannTable } from '../wann/results';
import { SHARED_WEIGHTS, WannGenerationStats, WannSearchResult, hiddenCount, wannSearch } from '../wann/search';
import { loadDatasetFile } from './load-file';
import { wannSearchPooled } from './wann-pool';
import { defaultPoolSize } from './worker-pool';

export const WANN_HELP = `Usage: gradient-lab wann <dataset> [options]

Searches for a weight-agnostic network (Gaier & Ha 2019): a topology that classifies with ONE
shared weight on every connection, evaluated at w = ${SHARED_WEIGHTS.join(', ')}. Prints one line
per generation, then the paper's table on held-out rows (20%): random shared weight, ensemble,
best single weight, trained weights, and a fully-connected network for contrast.
<dataset> is a built-in set (circle, xor, gauss, spiral, moons, circles) or a classification
file (e.g. samples/digits/train-images-idx3-ubyte.gz; images are averaged down to 8×8).

  --generations N      generations to run (default 100)
  --population N       networks per generation (default 128)
  --seed N             seed of the search (and of the data split and a built-in set's points; default 1)
  --samples N          points of a built-in set (default 300)
  --noise X            noise of a built-in set (default 0)
  --image-size N       images are area-averaged to N×N pixels at most (default 8; the paper used 16)
  --workers N          worker threads that evaluate the networks (default: one per core, here ${defaultPoolSize()};
                       1 evaluates in this thread). The result for a seed is the same for any N.
  --json               one JSON event per line, ending with {"type":"wann-table",...}
Ctrl+C stops after the current generation and still prints the table.`;

const OPTIONS = {
  generations: { type: 'string' }, population: { type: 'string' }, seed: { type: 'string' },
  samples: { type: 'string' }, noise: { type: 'string' }, 'image-size': { type: 'string' }, workers: { type: 'string' },
  json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

/** A whole-number flag in [min, max], or its default. */
function intFlag(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new UserError(`--${name}: "${value}" is not a whole number from ${min} to ${max}; give e.g. --${name} ${fallback}.`);
  return n;
}

/** Networks evaluated per second of wall clock, as the CLI prints it ("1,234 networks/s"). */
export function evaluationRate(evaluations: number, seconds: number): string {
  return `${Math.round(evaluations / Math.max(seconds, 1e-9)).toLocaleString('en-US')} networks/s`;
}

/** The line printed for one generation. */
export function generationLine(s: WannGenerationStats, generations: number): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(6);
  return `gen ${String(s.generation).padStart(String(generations).length)}/${generations}  population mean ${pct(s.meanPerformance)}  best mean ${pct(s.bestMeanPerformance)}  ` +
    `best single ${pct(s.bestPerformance)}  connections ${s.meanConnections.toFixed(1).padStart(5)}  champion ${pct(s.champion.mean)} ` +
    `(${s.champion.connections} connections, ${hiddenCount(s.champion.genome)} hidden)  ${s.elapsedSeconds.toFixed(1)} s, ${evaluationRate(s.evaluations, s.elapsedSeconds)}`;
}

/** Runs `gradient-lab wann`: 0 when the search finished or was stopped. */
export async function wannCommand(args: string[], out: NodeJS.WriteStream, _err: NodeJS.WriteStream): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UserError(`${(e as Error).message.replace(/\.?\s*$/, '')}. Run "gradient-lab wann --help" for the options.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(WANN_HELP + '\n');
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UserError(`gradient-lab wann takes one dataset, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}: a built-in set such as "circle", or a data file. Run "gradient-lab wann --help".`);
  }
  const generations = intFlag(values.generations, 'generations', 100, 1, 1_000_000);
  const population = intFlag(values.population, 'population', 128, 2, 100_000);
  const seed = intFlag(values.seed, 'seed', 1, 0, 2 ** 32 - 1);
  const samples = intFlag(values.samples, 'samples', 300, 4, 10_000_000);
  const imageSize = intFlag(values['image-size'], 'image-size', 8, 1, 4096);
  const workers = intFlag(values.workers, 'workers', defaultPoolSize(), 1, 256);
  const noise = values.noise === undefined ? 0 : Number(values.noise);
  if (!Number.isFinite(noise) || noise < 0) throw new UserError(`--noise: "${values.noise}" is not a number ≥ 0; give e.g. --noise 0.1.`);
  const name = positionals[0]!;
  const ds: Dataset = isSyntheticName(name) ? syntheticDataset(name, { samples, noise, seed }) : await loadDatasetFile(path.resolve(name), { task: 'classification' });
  const { train, test, notes } = prepareWannData(ds, { seed, imageSize });
  const json = Boolean(values.json);
  const emit = (e: object): void => { out.write(JSON.stringify(e) + '\n'); };
  const started: WannStartedEvent = {
    type: 'wann-started', generations, population, seed, weights: [...SHARED_WEIGHTS], notes,
    dataset: { source: ds.source, features: train.features, classes: train.classes, classNames: train.classNames, searchRows: train.rows, heldOutRows: test.rows },
  };
  if (json) emit(started);
  else out.write(`${ds.source}: ${train.classes} classes, ${train.features} inputs; ${notes.join('; ')}\nsearching: ${generations} generations × ${population} networks, seed ${seed}, shared weights ${SHARED_WEIGHTS.join(', ')}, ${workers === 1 ? 'evaluated in this thread' : `evaluated by ${workers} worker threads`}\n`);

  let stopping = false;
  const onSigint = (): void => {
    if (stopping) process.exit(130); // a second Ctrl+C exits at once
    stopping = true;
  };
  process.on('SIGINT', onSigint);
  const t0 = performance.now();
  let result: WannSearchResult | undefined;
  let last: WannGenerationStats | undefined;
  try {
    const options = { generations, population, seed };
    // One generation at a time from either driver; the pooled one evaluates in worker threads.
    const search: AsyncIterator<WannGenerationStats, WannSearchResult> | Iterator<WannGenerationStats, WannSearchResult> =
      workers > 1 ? wannSearchPooled(train, { ...options, workers }) : wannSearch(train, options);
    const printEvery = Math.max(1, Math.ceil(generations / 100));
    try {
      for (;;) {
        const step = await search.next();
        if (step.done) { result = step.value; break; }
        const s = (last = step.value);
        if (json) {
          emit({ ...generationEvent(s), evaluationsPerSecond: Math.round(s.evaluations / Math.max(s.elapsedSeconds, 1e-9)) });
          if (s.championImproved) emit(championEvent(s.champion, s.generation, SHARED_WEIGHTS, train));
        } else if (s.generation % printEvery === 0 || s.generation === generations || s.generation === 1) {
          out.write(generationLine(s, generations) + '\n');
        }
        // Let Ctrl+C through between generations.
        await new Promise((r) => setImmediate(r));
        if (stopping) break;
      }
    } finally {
      // Stopped early: end the pool's workers.
      if (!result) await search.return?.(undefined as never);
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  result ??= { champion: last!.champion, generations: last!.generation, evaluations: last!.evaluations };
  const searchSeconds = (performance.now() - t0) / 1000;
  const results = wannResults(result.champion.genome, train, test, { seed });
  const elapsed = (performance.now() - t0) / 1000;
  if (json) {
    emit(sweepEvent(results));
    emit({ ...tableEvent(results, result, stopping ? 'stopped' : 'finished', elapsed), searchSeconds, workers, evaluationsPerSecond: Math.round(result.evaluations / Math.max(searchSeconds, 1e-9)) });
    return 0;
  }
  const g = result.champion.genome;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  out.write(
    `\n${stopping ? 'stopped' : 'finished'} after ${result.generations} generations (${result.evaluations} networks evaluated, each at ${SHARED_WEIGHTS.length} weights on ${train.rows} rows) in ${elapsed.toFixed(1)} s\n` +
      `search: ${searchSeconds.toFixed(1)} s, ${evaluationRate(result.evaluations, searchSeconds)} (${workers === 1 ? 'in this thread' : `${workers} worker threads`})\n` +
      `champion: ${g.connections.length} connections, ${hiddenCount(g)} hidden nodes (${g.activations.slice(g.inputs + 1 + g.outputs).join(', ') || 'none'})\n` +
      `held-out accuracy at w = ${SHARED_WEIGHTS.map((w, i) => `${w}: ${pct(results.accuracies[i]!)}`).join(', ')}\n\n` +
      formatWannTable(wannTable(results)) + '\n',
  );
  return 0;
}
