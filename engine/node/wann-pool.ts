/**
 * The WANN search with its evaluations spread over a pool of worker threads (one per core by
 * default): each generation's new networks are cut into chunks, evaluated in parallel and
 * gathered in order, so the champion for a seed is the same as in-process and with any number
 * of workers. An async generator of generation stats, like `wannSearch`'s.
 */
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { WannData } from '../wann/data';
import { WannGenome } from '../wann/genome';
import { SHARED_WEIGHTS, WannAccuracies, WannGenerationStats, WannSearchOptions, WannSearchResult, wannSearchCore } from '../wann/search';
import type { WannPoolWorkerData } from './wann-pool-worker';
import { WorkerPool } from './worker-pool';

/** Chunks per worker and generation: small enough to balance networks of different sizes. */
const CHUNKS_PER_WORKER = 4;

/** The bundled pool worker: beside this bundle in dist/, or the repository's dist/ when run from source. */
export function wannPoolWorkerFile(): string {
  const beside = path.join(__dirname, 'wann-pool-worker.js');
  if (existsSync(beside)) return beside;
  const fromSource = path.resolve(__dirname, '../../dist/wann-pool-worker.js');
  if (existsSync(fromSource)) return fromSource;
  throw new Error(`the WANN pool worker (wann-pool-worker.js) is missing beside ${__dirname}: run "npm run build"`);
}

/** Progress of a pooled search: generation stats plus network evaluations per second so far. */
export interface PooledGeneration extends WannGenerationStats {
  /** Networks evaluated (each at every shared weight) per second of wall clock since the start. */
  evaluationsPerSecond: number;
}

/** Runs the search on `data` over `workers` threads. Close is automatic when the generator ends or is returned early. */
export async function* wannSearchPooled(data: WannData, options: WannSearchOptions & { workers: number }): AsyncGenerator<PooledGeneration, WannSearchResult, void> {
  const weights = options.weights ?? SHARED_WEIGHTS;
  const pool = new WorkerPool<WannGenome[], number[][]>(wannPoolWorkerFile(), options.workers, { data, weights: [...weights] } satisfies WannPoolWorkerData);
  const started = performance.now();
  try {
    const core = wannSearchCore(data.features, data.classes, options);
    let answer: WannAccuracies | undefined;
    for (;;) {
      const r = core.next(answer);
      answer = undefined;
      if (r.done) return r.value;
      if (r.value.kind === 'evaluate') {
        const genomes = r.value.genomes;
        const chunk = Math.max(1, Math.ceil(genomes.length / (pool.size * CHUNKS_PER_WORKER)));
        const tasks: WannGenome[][] = [];
        for (let i = 0; i < genomes.length; i += chunk) tasks.push(genomes.slice(i, i + chunk));
        answer = (await pool.run(tasks)).flat();
      } else {
        const seconds = (performance.now() - started) / 1000;
        yield { ...r.value.stats, elapsedSeconds: seconds, evaluationsPerSecond: r.value.stats.evaluations / Math.max(seconds, 1e-9) };
      }
    }
  } finally {
    await pool.close();
  }
}
