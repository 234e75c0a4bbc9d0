/**
 * Owns the training worker's life: starts it on first use, forwards requests, and notices when
 * it dies (out of memory, killed, a bug) so the extension can report the lost run and start a
 * fresh worker for the next one. No `vscode` here, so tests drive it from plain Node.
 */
import type { EngineRequest } from '../engine/protocol/training';
import type { WorkerMessage } from '../engine/session';

/** The part of a worker we use: `worker_threads.Worker` in Node, a web `Worker` in a browser. */
interface WorkerLike {
  post(req: EngineRequest): void;
  terminate(): Promise<unknown> | void;
}

export interface WorkerExit {
  /** Whether it died on its own (crash, out of memory, killed) rather than by `dispose`/`kill`. */
  unexpected: boolean;
  reason: string;
}

export interface WorkerHostOptions {
  /** Heap limit of the worker, so a huge dataset kills the worker and not the extension host. */
  maxHeapMb?: number;
}

/** The few members of the DOM's Worker used here (the extension is compiled without DOM types). */
interface WebWorker {
  postMessage(m: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message: string }) => void) | null;
}

type NodeWorkerModule = typeof import('node:worker_threads');

function loadWorkerThreads(): NodeWorkerModule | undefined {
  try {
    // A plain `require` keeps the web bundle from failing where there is no worker_threads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('node:worker_threads') as NodeWorkerModule;
  } catch {
    return undefined;
  }
}

export class WorkerHost {
  private worker: WorkerLike | undefined;
  private expectedExit = false;
  private readonly messageListeners: ((m: WorkerMessage) => void)[] = [];
  private readonly exitListeners: ((e: WorkerExit) => void)[] = [];
  /** Workers started so far (a restart after a crash makes it 2). */
  started = 0;

  constructor(
    /** dist/worker.js for Node; a URL of the same bundle for a web Worker. */
    private readonly script: string,
    private readonly options: WorkerHostOptions = {},
  ) {}

  /** Listens to the worker's messages; returns the unsubscribe. */
  onMessage(listener: (m: WorkerMessage) => void): () => void {
    this.messageListeners.push(listener);
    return () => {
      const i = this.messageListeners.indexOf(listener);
      if (i >= 0) this.messageListeners.splice(i, 1);
    };
  }

  onExit(listener: (e: WorkerExit) => void): void {
    this.exitListeners.push(listener);
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Sends a request, starting a worker first if there is none (the first or after a crash). */
  post(req: EngineRequest): void {
    (this.worker ??= this.spawn()).post(req);
  }

  /** Ends the worker on purpose (stop a run for good, extension shutdown). */
  async kill(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.expectedExit = true;
    this.worker = undefined;
    await w.terminate();
  }

  private spawn(): WorkerLike {
    this.expectedExit = false;
    this.started++;
    const wt = loadWorkerThreads();
    return wt ? this.spawnNode(wt) : this.spawnWeb();
  }

  private spawnNode(wt: NodeWorkerModule): WorkerLike {
    const w = new wt.Worker(this.script, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 2048 },
    });
    // The worker alone must not keep a process alive (tests, a host shutting down).
    w.unref();
    let lastError: Error | undefined;
    w.on('message', (m: WorkerMessage) => this.emit(m));
    w.on('error', (e: Error) => (lastError = e));
    w.on('exit', (code: number) => {
      if (this.worker === wrapper) this.worker = undefined;
      const reason = lastError
        ? `${lastError.message}${(lastError as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? ' (the dataset or model needs more memory than the worker may use)' : ''}`
        : `the worker exited with code ${code}`;
      this.exited(reason);
    });
    const wrapper: WorkerLike = {
      post: (req) => w.postMessage(req),
      terminate: () => w.terminate(),
    };
    return wrapper;
  }

  private spawnWeb(): WorkerLike {
    const Ctor = (globalThis as { Worker?: new (url: string) => WebWorker }).Worker;
    if (!Ctor) throw new Error('this environment has neither worker_threads nor Worker; training cannot start');
    const w = new Ctor(this.script);
    w.onmessage = (e) => this.emit(e.data as WorkerMessage);
    w.onerror = (e) => {
      if (this.worker === wrapper) this.worker = undefined;
      this.exited(e.message || 'the worker failed');
    };
    const wrapper: WorkerLike = { post: (req) => w.postMessage(req), terminate: () => w.terminate() };
    return wrapper;
  }

  private emit(m: WorkerMessage): void {
    for (const l of this.messageListeners) l(m);
  }

  private exited(reason: string): void {
    const e: WorkerExit = { unexpected: !this.expectedExit, reason };
    this.expectedExit = false;
    for (const l of this.exitListeners) l(e);
  }
}
