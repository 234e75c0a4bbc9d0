/**
 * Long probes are generators: each `next()` does one bounded slice of work and yields how far
 * along it is, and the result is the generator's return value. A worker drives one a slice at
 * a time between messages (so it can cancel by simply not calling `next()` again); tests and
 * the CLI run one to the end with `runProbe`.
 */

import type { JobSteps } from '../job-driver';
import type { JobProgress } from '../job-protocol';

/** How far a probe has got: `fraction` of `phase` done (0…1). */
export type ProbeProgress = JobProgress;

/** A probe in progress: a job of engine/job-driver.ts (yields progress, returns its result). */
export type ProbeSteps<T> = JobSteps<T>;

/** Options for running a probe to completion: progress reports and a cancellation flag checked between slices. */
export interface ProbeRunOptions {
  onProgress?: (p: ProbeProgress) => void;
  signal?: { readonly aborted: boolean };
}

/** Thrown by `runProbe` when its signal was aborted. */
export class ProbeCancelled extends Error {
  override readonly name = 'ProbeCancelled';
}

/** Runs a probe's slices until it returns, reporting progress; throws ProbeCancelled once `signal.aborted`. */
export function runProbe<T>(steps: ProbeSteps<T>, options: ProbeRunOptions = {}): T {
  for (;;) {
    if (options.signal?.aborted) {
      steps.return(undefined as never);
      throw new ProbeCancelled('the probe was cancelled');
    }
    const r = steps.next();
    if (r.done) return r.value;
    options.onProgress?.(r.value);
  }
}
