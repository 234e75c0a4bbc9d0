/**
 * The one job protocol between extension, worker and webview. Every request that expects an
 * answer is an envelope `{ id, type, … }`; the worker answers it with replies of four kinds —
 * `progress` (any number, each may carry a `partial` piece of the answer, e.g. a race frame),
 * then exactly one of `result`, `failed` or `cancelled` — and stops it on `cancel { id }`.
 * Labs own only their payload types and a `type → generator` table (engine/job-driver.ts).
 * This file imports nothing: both sides may take it.
 */

/** A request of a lab (`type` and its fields) in the envelope: the id its replies carry. */
export type JobRequest<P extends { type: string } = { type: string }> = P & { id: number };

/** Stops job `id` at its next step; it answers `cancelled` (or nothing, if it had ended). */
export interface CancelRequest {
  type: 'cancel';
  id: number;
}

/** How far a job has got: `fraction` (0…1) of `phase`. */
export interface JobProgress {
  phase: string;
  fraction: number;
}

/** What a job's generator yields at each step: its progress, and a piece of the answer when it has one. */
export interface JobStep<P = unknown> extends JobProgress {
  partial?: P;
}

export interface ProgressReply<P = unknown> extends JobStep<P> {
  type: 'progress';
  id: number;
}

export interface ResultReply<T = unknown> {
  type: 'result';
  id: number;
  value: T;
}

/** The job threw: `userError` says whether the user can fix it (a wrong setting, no run yet) rather than a bug. */
export interface FailedReply {
  type: 'failed';
  id: number;
  message: string;
  userError: boolean;
}

export interface CancelledReply {
  type: 'cancelled';
  id: number;
}

export type JobReply<T = unknown, P = unknown> = ProgressReply<P> | ResultReply<T> | FailedReply | CancelledReply;

/** The one cancellation token: anything with an `aborted` flag (an AbortSignal, or a plain object a caller flips). */
export interface CancelSignal {
  readonly aborted: boolean;
}

export const JOB_REPLY_TYPES: readonly string[] = ['progress', 'result', 'failed', 'cancelled'];

/** Whether `m` is a job reply (by its shape; the payload is the lab's to check). */
export function isJobReply(m: unknown): m is JobReply {
  const r = m as { type?: unknown; id?: unknown } | null;
  return typeof r === 'object' && r !== null && JOB_REPLY_TYPES.includes(r.type as string) && Number.isSafeInteger(r.id);
}
