/*
 * The weight-agnostic search's throughput in the paper's image setting (issue 15): the bundled
 * digits averaged down to 16×16 (256 inputs, 3,200 search rows), a short search evaluated in
 * this thread and then over a pool of worker threads (one per core). Network evaluations per
 * second of wall clock (each network at the 6 shared weights on every search row), and the
 * process's CPU seconds, which include the workers. Both drivers must find the same champion.
 */
import * as path from 'node:path';
import { loadDatasetFile } from '../../engine/node/load-file';
import { wannSearchPooled } from '../../engine/node/wann-pool';
import { defaultPoolSize } from '../../engine/node/worker-pool';
import { prepareWannData } from '../../engine/wann/prepare';
import { WannSearchResult, wannSearch } from '../../engine/wann/search';

export interface WannBenchRow {
  workers: number;
  networks: number;
  seconds: number;
  cpuSeconds: number;
  networksPerSecond: number;
}

export interface WannBenchResult {
  inputs: number;
  rows: number;
  generations: number;
  population: number;
  runs: WannBenchRow[];
  sameChampion: boolean;
}

async function timed(workers: number, run: () => Promise<WannSearchResult>): Promise<{ row: WannBenchRow; result: WannSearchResult }> {
  const cpu = process.cpuUsage(), t0 = performance.now();
  const result = await run();
  const seconds = (performance.now() - t0) / 1000, used = process.cpuUsage(cpu);
  return { row: { workers, networks: result.evaluations, seconds, cpuSeconds: (used.user + used.system) / 1e6, networksPerSecond: result.evaluations / seconds }, result };
}

export async function runWannBench(generations = 8, population = 128): Promise<WannBenchResult> {
  const ds = await loadDatasetFile(path.resolve('samples/digits/train-images-idx3-ubyte.gz'), { task: 'classification' });
  const { train } = prepareWannData(ds, { seed: 1, imageSize: 16 });
  const options = { generations, population, seed: 1 };
  const inThread = await timed(1, async () => {
    const s = wannSearch(train, options);
    for (;;) { const r = s.next(); if (r.done) return r.value; }
  });
  const workers = defaultPoolSize();
  const pooled = await timed(workers, async () => {
    const s = wannSearchPooled(train, { ...options, workers });
    for (;;) { const r = await s.next(); if (r.done) return r.value; }
  });
  const same = JSON.stringify(inThread.result.champion.genome) === JSON.stringify(pooled.result.champion.genome);
  const out: WannBenchResult = { inputs: train.features, rows: train.rows, generations, population, runs: [inThread.row, pooled.row], sameChampion: same };
  console.log(`WANN search, digits at 16×16 (${train.features} inputs, ${train.rows} rows), ${generations} generations × ${population} networks, each at 6 shared weights:`);
  for (const r of out.runs) {
    console.log(`  ${r.workers === 1 ? 'in this thread   ' : `${r.workers} worker threads `}: ${r.networksPerSecond.toFixed(0)} networks/s (${r.networks} in ${r.seconds.toFixed(1)} s wall, ${r.cpuSeconds.toFixed(1)} CPU-s)`);
  }
  console.log(`  speed-up ${(pooled.row.networksPerSecond / inThread.row.networksPerSecond).toFixed(2)}×; same champion: ${same ? 'yes' : 'NO'}`);
  return out;
}
