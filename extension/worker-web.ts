/**
 * Starts the engine worker in the browser's extension host (itself a Web Worker): a nested Web
 * Worker of dist/web/worker.js. Its script is read through `workspace.fs` (or fetched) and
 * started from a Blob URL, since a worker script from another origin may not be started
 * directly; requests posted before it has started wait in order.
 */
import * as vscode from 'vscode';
import type { EngineRequest } from '../engine/protocol/training';
import type { WorkerMessage } from '../engine/session';
import type { WorkerSpawner } from './worker-host';

/** The members of the DOM's Worker and Blob used here (the extension is compiled without DOM types). */
interface WebWorker {
  postMessage(m: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message?: string; preventDefault?(): void }) => void) | null;
}
interface WebGlobals {
  Worker: new (url: string) => WebWorker;
  Blob: new (parts: Uint8Array[], options: { type: string }) => object;
  URL: { createObjectURL(blob: object): string };
  fetch(url: string): Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
}
const web = globalThis as unknown as WebGlobals;

async function scriptBytes(script: vscode.Uri): Promise<Uint8Array> {
  try {
    return await vscode.workspace.fs.readFile(script);
  } catch {
    const r = await web.fetch(script.toString(true));
    if (!r.ok) throw new Error(`could not load the engine worker ${script.toString(true)} (HTTP ${r.status})`);
    return new Uint8Array(await r.arrayBuffer());
  }
}

export function webWorker(script: vscode.Uri): WorkerSpawner {
  // One Blob URL for every worker this host starts (a restart after a crash reuses it).
  let url: Promise<string> | undefined;
  return (events) => {
    url ??= scriptBytes(script).then((bytes) => web.URL.createObjectURL(new web.Blob([bytes], { type: 'text/javascript' })));
    url.catch(() => (url = undefined));
    let worker: WebWorker | undefined;
    let ended = false;
    const queued: EngineRequest[] = [];
    const end = (reason: string) => {
      if (ended) return;
      ended = true;
      worker?.terminate();
      events.exit(reason);
    };
    url.then(
      (u) => {
        if (ended) return;
        const w = new web.Worker(u);
        w.onmessage = (e) => events.message(e.data as WorkerMessage);
        // An uncaught error leaves a Web Worker running in an unknown state: it counts as a crash.
        w.onerror = (e) => {
          e.preventDefault?.();
          end(e.message || 'the worker failed');
        };
        worker = w;
        for (const req of queued.splice(0)) w.postMessage(req);
      },
      (e: unknown) => end(e instanceof Error ? e.message : String(e)),
    );
    return {
      post: (req) => (worker ? worker.postMessage(req) : queued.push(req)),
      terminate: () => end('terminated'),
    };
  };
}
