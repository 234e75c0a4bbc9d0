/**
 * The Web Worker entry (bundled to dist/web/worker.js): the same engine as the Node worker, for
 * the browser's extension host (VS Code for the Web). It has no file system: every dataset file
 * is asked of the extension host, which reads it through `workspace.fs`. No thread pool is
 * installed (a browser host has no SharedArrayBuffer), so training runs on this one thread.
 */
import type { EngineRequest } from '../protocol/training';
import { serveWorker } from '../serve-worker';

/** The members of a dedicated worker's global scope used here (the engine is compiled without DOM types). */
const scope = globalThis as unknown as {
  postMessage(m: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (e: { data: EngineRequest }) => void): void;
};

serveWorker({ post: (m, transfer) => scope.postMessage(m, transfer), onMessage: (l) => scope.addEventListener('message', (e) => l(e.data)) });
