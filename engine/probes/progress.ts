/**
 * Long probes are generators: each `next()` does one bounded slice of work and yields how far
 * along it is, and the result is the generator's return value. A worker drives one a slice at
 * a time between messages (so it can cancel by simply not calling `next()` again); tests and
 * the CLI run one to the end with `runProbe`.
 */

import type { JobSteps } from '../job-driver';
import type { JobProgress } from '../protocol/job';

/** How far a probe has got: `fraction` of `phase` done (0…1). */
export type ProbeProgress = JobProgress;

/** A probe in progress: a job of engine/job-driver.ts (yields progress, returns its result). */
export type ProbeSteps<T> = JobSteps<T>;

/** Runs a probe's slices until it returns (options `onProgress`, `signal`); throws ProbeCancelled once `signal.aborted`. */
export { runToEnd as runProbe, JobCancelled as ProbeCancelled } from '../job-driver';
