/**
 * How a worker answers requests other than training control (landscape slices, feature probes,
 * symmetry experiments…): each kind of probe registers a handler for its request types, and the
 * session hands it the current run to read. Handlers live beside their probes; the session
 * stays ignorant of what they compute.
 */
import { EngineEvent, TrainerEvent } from './protocol/training';
import { PreparedData, Trainer } from './trainer';

/** What a handler may read and do while answering one request. */
export interface ProbeContext {
  /** The current run's trainer (its model, optimizer, config), if a run was started. */
  readonly trainer: Trainer | undefined;
  /** The current run's split and feature transform, if a run was started. */
  readonly data: PreparedData | undefined;
  /** Sends an event back to whoever asked (it travels as a `probe` worker message). */
  post(event: EngineEvent): void;
}

/** Answers requests whose `type` is one of `types`. Errors it throws become error events. */
export interface ProbeHandler {
  readonly types: readonly string[];
  handle(request: { type: string }, ctx: ProbeContext): Promise<void> | void;
  /**
   * Sees every event of the run as the trainer yields it (e.g. to keep weight snapshots at
   * epoch ends for a trajectory). It runs on the training loop's thread: keep it quick. A
   * 'step' event is the trainer's one reused object (run({ reuseStepEvents })): copy it to keep it.
   */
  observe?(event: TrainerEvent, ctx: ProbeContext): void;
}
