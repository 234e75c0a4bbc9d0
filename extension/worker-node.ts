/** Starts the engine worker in a Node extension host: a `worker_threads` worker of dist/worker.js. */
import { Worker } from 'node:worker_threads';
import type { WorkerSpawner } from './worker-host';

export interface NodeWorkerOptions {
  /** Heap limit of the worker, so a huge dataset kills the worker and not the extension host. */
  maxHeapMb?: number;
}

export function nodeWorker(script: string, options: NodeWorkerOptions = {}): WorkerSpawner {
  return (events) => {
    const w = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 2048 } });
    // The worker alone must not keep a process alive (tests, a host shutting down).
    w.unref();
    let lastError: Error | undefined;
    w.on('message', events.message);
    w.on('error', (e: Error) => (lastError = e));
    w.on('exit', (code: number) => {
      const oom = (lastError as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      events.exit(lastError ? `${lastError.message}${oom ? ' (the dataset or model needs more memory than the worker may use)' : ''}` : `the worker exited with code ${code}`);
    });
    return { post: (req) => w.postMessage(req), terminate: () => w.terminate() };
  };
}
