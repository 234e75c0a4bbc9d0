/**
 * A worker of the WANN evaluation pool (bundled to dist/wann-pool-worker.js): it receives the
 * search rows once (workerData) and then answers batches of genomes with each genome's
 * accuracy at every shared weight — the same WannEvaluator the in-process search uses.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WannData } from '../wann/data';
import { WannEvaluator } from '../wann/evaluate';
import { WannGenome, compileGenome } from '../wann/genome';
import { PoolReply, PoolRequest } from './worker-pool';

/** What each pool worker is started with. */
export interface WannPoolWorkerData {
  data: WannData;
  weights: readonly number[];
}

const port = parentPort;
if (!port) throw new Error('engine/node/wann-pool-worker.ts must run as a worker_threads worker');
const { data, weights } = workerData as WannPoolWorkerData;
const evaluator = new WannEvaluator(data);
port.on('message', (m: PoolRequest<WannGenome[]>) => {
  let reply: PoolReply<number[][]>;
  try {
    reply = { id: m.id, result: m.task.map((g) => evaluator.sweep(compileGenome(g), weights)) };
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
