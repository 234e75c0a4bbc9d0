/**
 * Owns the training worker's life: starts it on first use, forwards requests, answers the files
 * it asks for, and notices when it dies (out of memory, killed, a bug) so the extension can
 * report the lost run and start a fresh worker for the next one. How a worker is started is the
 * host's business (extension/worker-node.ts, extension/worker-web.ts); no `vscode` here, so
 * tests drive it from plain Node.
 */
import type { FileReply, FileRequest } from '../engine/protocol/files';
import type { EngineRequest } from '../engine/protocol/training';
import type { WorkerMessage } from '../engine/session';

/** A started worker, whatever kind: `worker_threads.Worker` in Node, a Web Worker in a browser. */
export interface WorkerLike {
  post(req: EngineRequest): void;
  terminate(): Promise<unknown> | void;
}

/** What a started worker reports back. */
export interface WorkerEvents {
  message(m: WorkerMessage): void;
  /** It ended on its own or by `terminate`; `reason` says why when it knows. */
  exit(reason: string): void;
}

/** Starts a worker of the engine (dist/worker.js in Node, dist/web/worker.js in a browser). */
export type WorkerSpawner = (events: WorkerEvents) => WorkerLike;

/** Reads a file the worker cannot read itself (extension/file-service.ts, `workspace.fs`). */
export type FileServer = (req: FileRequest) => Promise<FileReply>;

export interface WorkerExit {
  /** Whether it died on its own (crash, out of memory, killed) rather than by `dispose`/`kill`. */
  unexpected: boolean;
  reason: string;
}

export class WorkerHost {
  private worker: WorkerLike | undefined;
  private expectedExit = false;
  private readonly messageListeners: ((m: WorkerMessage) => void)[] = [];
  private readonly exitListeners: ((e: WorkerExit) => void)[] = [];
  /** Workers started so far (a restart after a crash makes it 2). */
  started = 0;

  constructor(
    private readonly spawnWorker: WorkerSpawner,
    /** Without one, a worker's file request is answered with an error. */
    private readonly serveFile?: FileServer,
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
    const w: WorkerLike = this.spawnWorker({
      message: (m) => (m.type === 'fileRequest' ? this.answerFile(w, m) : this.emit(m)),
      exit: (reason) => {
        if (this.worker === w) this.worker = undefined;
        this.exited(reason);
      },
    });
    return w;
  }

  private answerFile(w: WorkerLike, req: FileRequest): void {
    const reply = this.serveFile ? this.serveFile(req) : Promise.resolve<FileReply>({ type: 'fileReply', id: req.id, error: 'this host cannot read files for the worker' });
    void reply
      .catch((e: unknown): FileReply => ({ type: 'fileReply', id: req.id, error: e instanceof Error ? e.message : String(e) }))
      .then((r) => this.worker === w && w.post(r));
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
