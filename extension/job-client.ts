/**
 * The extension's one client of the job protocol (engine/protocol/job.ts): `request` sends a
 * payload in the envelope with a fresh id to a worker and returns a promise of its result,
 * calling `onProgress` on the way; `cancelAll` (and `dispose`, when the panel closes) sends
 * `cancel` for what is still running. Ids are unique in the extension host, since panels share
 * the run's worker and each takes only its own replies. No `vscode` here.
 */
import { isJobReply, type JobReply, type ProgressReply } from '../engine/protocol/job';
import type { EngineEvent, EngineRequest } from '../engine/protocol/training';
import type { RunController } from './run-controller';
import type { WorkerHost } from './worker-host';

/** A worker that runs jobs: how to send it a request, and how to hear its replies. */
export interface JobTarget {
  post(req: EngineRequest): void;
  /** Subscribes to the worker's probe answers; returns the unsubscribe. */
  listen(listener: (e: EngineEvent) => void): () => void;
}

/** The current run's worker. */
export function runTarget(controller: Pick<RunController, 'probe' | 'onProbe'>): JobTarget {
  return { post: (req) => controller.probe(req), listen: (l) => controller.onProbe(l) };
}

/** A worker of a panel's own; after `closed()` says so, requests are dropped (a post would start a new worker). */
export function workerTarget(worker: Pick<WorkerHost, 'post' | 'onMessage'>, closed: () => boolean = () => false): JobTarget {
  return {
    post: (req) => void (!closed() && worker.post(req)),
    listen: (l) => worker.onMessage((m) => m.type === 'probe' && l(m.event)),
  };
}

/** A job's answer to come, and how to stop it. */
export type RunningJob<T> = Promise<T> & { readonly id: number; cancel(): void };

/** How a job ended without a result: cancelled, or failed with the worker's message. */
export class JobEnded extends Error {
  override readonly name = 'JobEnded';
  constructor(message: string, readonly cancelled: boolean, readonly userError: boolean) {
    super(message);
  }
}

interface Pending {
  target: JobTarget;
  onProgress: ((p: ProgressReply) => void) | undefined;
  resolve(value: unknown): void;
  reject(e: JobEnded): void;
}

let nextId = 1;

export class JobClient {
  private readonly open = new Map<number, Pending>();
  private readonly listening = new Map<JobTarget, () => void>();

  /** Sends `payload` to `target` as a job with a fresh id; resolves with its result, rejects with JobEnded. */
  request<T = unknown>(target: JobTarget, payload: { readonly type: string; readonly [field: string]: unknown }, onProgress?: (p: ProgressReply) => void): RunningJob<T> {
    if (!this.listening.has(target)) this.listening.set(target, target.listen((e) => isJobReply(e) && this.receive(e)));
    const id = nextId++;
    const answer = new Promise<T>((resolve, reject) => this.open.set(id, { target, onProgress, resolve: resolve as (v: unknown) => void, reject }));
    target.post({ ...payload, id } as EngineRequest);
    return Object.assign(answer, { id, cancel: () => this.open.has(id) && target.post({ type: 'cancel', id }) });
  }

  /**
   * Runs `payload` for an asker that knows the job as `as` (a view's own id): every reply is
   * passed to `post` under that id, so the asker reads the job protocol too.
   */
  relay(target: JobTarget, payload: { readonly type: string; readonly [field: string]: unknown }, as: number, post: (r: JobReply) => void): RunningJob<unknown> {
    const job = this.request(target, payload, (p) => post({ ...p, id: as }));
    job.then(
      (value) => post({ type: 'result', id: as, value }),
      (e: JobEnded) => post(e.cancelled ? { type: 'cancelled', id: as } : { type: 'failed', id: as, message: e.message, userError: e.userError }),
    );
    return job;
  }

  /** Asks every job still running to stop (each rejects with a cancelled JobEnded once the worker says so). */
  cancelAll(): void {
    for (const [id, p] of this.open) p.target.post({ type: 'cancel', id });
  }

  /** Ids still waiting for their end. */
  get pending(): number[] {
    return [...this.open.keys()];
  }

  /** Cancels what runs and stops listening: the panel closed. Its promises never settle. */
  dispose(): void {
    this.cancelAll();
    this.open.clear();
    for (const off of this.listening.values()) off();
    this.listening.clear();
  }

  private receive(r: JobReply): void {
    const p = this.open.get(r.id);
    if (!p) return;
    if (r.type === 'progress') return p.onProgress?.(r);
    this.open.delete(r.id);
    if (r.type === 'result') p.resolve(r.value);
    else if (r.type === 'cancelled') p.reject(new JobEnded('cancelled', true, false));
    else p.reject(new JobEnded(r.message, false, r.userError));
  }
}
