/**
 * The worker's one time-sliced driver: every long computation (a landscape slice, a race, a
 * feature probe, UMAP, a model comparison) is a generator whose `next()` does one bounded step
 * and yields its progress. The driver runs all of a worker's jobs round-robin within one budget
 * per macrotask, so requests (pause, stop, cancel) are read between slices whatever runs, and
 * answers each job with the replies of engine/protocol/job.ts. `serveJobs` turns a lab's
 * `type → job` table into a request handler of the worker.
 */
import { isUserError } from './errors';
import type { CancelSignal, JobReply, JobRequest, JobStep } from './protocol/job';
import type { ProbeContext, ProbeHandler } from './probe-handler';

/** A job in progress: yields steps, returns its answer. */
export type JobSteps<T = unknown> = Generator<JobStep, T, void>;

/** Thrown into a job's promise when its token was aborted. */
export class JobCancelled extends Error {
  override readonly name = 'JobCancelled';
}

export interface DriverOptions {
  /** Longest stretch of job work between two turns of the event loop (ms). */
  sliceMs?: number;
  /** Least time between two progress reports of one job (ms): a view cannot show more. Partials always go. */
  progressMs?: number;
}

interface Running {
  steps: JobSteps;
  token: CancelSignal;
  onStep: (s: JobStep) => void;
  lastReport: number;
  settle: (r: { value: unknown } | { error: unknown }) => void;
}

export class JobDriver {
  private readonly jobs: Running[] = [];
  private scheduled = false;

  constructor(private readonly options: DriverOptions = {}) {}

  /** Runs `steps` to its end beside the other jobs; rejects with JobCancelled once `token` is aborted. */
  run<T>(steps: JobSteps<T>, token: CancelSignal = { aborted: false }, onStep: (s: JobStep) => void = () => undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({
        steps, token, onStep, lastReport: performance.now(),
        settle: (r) => ('error' in r ? reject(r.error) : resolve(r.value as T)),
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || !this.jobs.length) return;
    this.scheduled = true;
    // setTimeout exists in Node, web workers and browsers alike; queued messages are read before it fires.
    setTimeout(() => {
      this.scheduled = false;
      const end = performance.now() + (this.options.sliceMs ?? 12);
      do for (const job of this.jobs.slice()) this.advance(job);
      while (this.jobs.length && performance.now() < end);
      this.schedule();
    }, 0);
  }

  private advance(job: Running): void {
    try {
      if (job.token.aborted) {
        job.steps.return(undefined as never);
        return this.end(job, { error: new JobCancelled('the job was cancelled') });
      }
      const r = job.steps.next();
      if (r.done) return this.end(job, { value: r.value });
      const now = performance.now();
      if (r.value.partial !== undefined || now - job.lastReport >= (this.options.progressMs ?? 100)) {
        job.lastReport = now;
        job.onStep(r.value);
      }
    } catch (error) {
      this.end(job, { error });
    }
  }

  private end(job: Running, r: { value: unknown } | { error: unknown }): void {
    this.jobs.splice(this.jobs.indexOf(job), 1);
    job.settle(r);
  }
}

/** `steps`, whose answer is made into `f(answer)`: a lab turns a computation's result into its event. */
export function* mapJob<T, U>(steps: JobSteps<T>, f: (value: T) => U): JobSteps<U> {
  return f(yield* steps);
}

/** Drives a job to its end at once (tests, the CLI), reporting every step; throws JobCancelled once `signal` is aborted. */
export function runToEnd<T>(steps: JobSteps<T>, options: { onProgress?: (s: JobStep) => void; signal?: CancelSignal } = {}): T {
  for (;;) {
    if (options.signal?.aborted) {
      steps.return(undefined as never);
      throw new JobCancelled('the job was cancelled');
    }
    const r = steps.next();
    if (r.done) return r.value;
    options.onProgress?.(r.value);
  }
}

/**
 * One request type of a lab: given the request and the worker's current run, returns its answer,
 * a generator the driver runs to the answer, or a promise of either. Errors it throws become a
 * `failed` reply; RangeErrors and UserErrors count as the user's to fix.
 */
// `any` by default: a table holds jobs of different request types (a parameter is contravariant).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Job<R extends { type: string } = any> = (request: R, run: ProbeContext) => unknown;

/** A lab's table: request type → job. */
export type JobTable = Record<string, Job>;

/**
 * The worker's handler of every job request (any type of `table`) and of `cancel`: gives each
 * its token, drives generators on `driver`, and answers with job replies.
 */
export function serveJobs(table: JobTable, driver = new JobDriver()): ProbeHandler {
  const running = new Map<number, { aborted: boolean }>();
  const types = [...Object.keys(table), 'cancel'];
  return {
    types,
    async handle(raw, run) {
      const req = raw as JobRequest;
      const id = req.id;
      const reply = (r: JobReply) => run.post(r);
      if (!Number.isSafeInteger(id)) {
        run.post({ type: 'error', message: `${req.type}: a job request needs a whole-number id; got ${JSON.stringify(id)}`, userError: true });
        return;
      }
      if (req.type === 'cancel') {
        const token = running.get(id);
        if (token) token.aborted = true;
        return;
      }
      const token = { aborted: false };
      running.set(id, token);
      try {
        let value = await table[req.type]!(req, run);
        if (isGenerator(value)) value = await driver.run(value, token, (s) => reply({ type: 'progress', id, ...s }));
        reply({ type: 'result', id, value });
      } catch (e) {
        if (e instanceof JobCancelled) reply({ type: 'cancelled', id });
        else reply({ type: 'failed', id, message: e instanceof Error ? e.message : String(e), userError: isUserError(e) || e instanceof RangeError });
      } finally {
        running.delete(id);
      }
    },
  };
}

function isGenerator(v: unknown): v is JobSteps {
  return typeof v === 'object' && v !== null && typeof (v as Generator).next === 'function' && typeof (v as Generator).throw === 'function';
}
