/**
 * A small pool of worker_threads that runs a list of tasks and gives back the results in the
 * order of the tasks, whichever worker finished which first: a caller gets the same answer
 * with 1 worker or 8. Each worker is started once with `workerData` (e.g. a dataset, copied
 * once per worker) and answers one task message with one result message.
 *
 * The worker side (see engine/node/wann-pool-worker.ts) listens on parentPort for
 * `{ id, task }` and posts `{ id, result }` or `{ id, error }`.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Messages between the pool and its workers. */
export type PoolRequest<T> = { id: number; task: T };
export type PoolReply<R> = { id: number; result: R } | { id: number; error: string };

/** Workers to start when not told: every core (2 here). */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism());
}

export class WorkerPool<T, R> {
  private readonly workers: Worker[] = [];
  private closed = false;

  /** Starts `size` workers running the script `file` with `workerData`. */
  constructor(file: string, readonly size: number, workerData: unknown) {
    for (let i = 0; i < Math.max(1, size); i++) this.workers.push(new Worker(file, { workerData }));
  }

  /**
   * Runs every task, each worker taking the next one when free; the results come back in task
   * order. A task that fails rejects the whole run with its message.
   */
  run(tasks: readonly T[]): Promise<R[]> {
    if (this.closed) return Promise.reject(new Error('the worker pool was closed'));
    const results = new Array<R>(tasks.length);
    if (tasks.length === 0) return Promise.resolve(results);
    return new Promise<R[]>((resolve, reject) => {
      let next = 0, done = 0, failed = false;
      const cleanups: (() => void)[] = [];
      const finish = (error?: Error): void => {
        for (const c of cleanups) c();
        if (error) reject(error);
        else resolve(results);
      };
      const feed = (w: Worker): void => {
        if (next >= tasks.length) return;
        const id = next++;
        w.postMessage({ id, task: tasks[id]! } satisfies PoolRequest<T>);
      };
      for (const w of this.workers) {
        const onMessage = (m: PoolReply<R>): void => {
          if (failed) return;
          if ('error' in m) {
            failed = true;
            finish(new Error(m.error));
            return;
          }
          results[m.id] = m.result;
          if (++done === tasks.length) finish();
          else feed(w);
        };
        const onError = (e: Error): void => {
          if (failed) return;
          failed = true;
          finish(e);
        };
        w.on('message', onMessage);
        w.on('error', onError);
        cleanups.push(() => { w.off('message', onMessage); w.off('error', onError); });
        feed(w);
      }
    });
  }

  /** Ends every worker. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
