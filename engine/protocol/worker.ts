/**
 * What a training worker posts to the extension host (engine/session.ts): trainer events in
 * batches, its state, reading progress, weights, acknowledgements, and the labs' job replies.
 * A leaf: it imports only other protocol files.
 */
import type { EngineEvent, TrainerEvent, WorkerRequest } from './training';
import type { ModelBundle } from './bundle';
import type { FileRequest } from './files';

/** Where a session is: no run, reading data, stepping, waiting, or over (summary sent). */
export type SessionState = 'idle' | 'loading' | 'running' | 'paused' | 'done';

/** Final weights of a run (or the last good ones of a diverged run), one array per param. */
export interface WeightsMessage {
  type: 'weights';
  params: { name: string; shape: readonly number[]; values: Float32Array }[];
  /** The model bundle (model.json) that goes with these weights: what prediction and export read. */
  model?: ModelBundle;
}

/** The answer to a request that carried an id: it took effect (`refused` absent) or why not. */
export interface AckMessage {
  type: 'ack';
  id: number;
  request: WorkerRequest['type'];
  /** The session's state after the request, and the steps taken so far. */
  state: SessionState;
  step: number;
  refused?: string;
}

/** What a worker posts: trainer events in batches, its state, dataset-reading progress, weights, acknowledgements. */
export type WorkerMessage =
  /**
   * `events`: the kept events (shared/thinning.ts) plus the batch's latest step; `jsonl`: the
   * events for metrics.jsonl as JSON Lines, made here so the host only appends text.
   */
  | { type: 'events'; events: TrainerEvent[]; jsonl: string }
  | { type: 'state'; state: SessionState }
  | AckMessage
  | { type: 'progress'; progress: ParseProgress }
  /** An answer of a probe handler (landscape, features, …), kept apart from the run's events. */
  | { type: 'probe'; event: EngineEvent }
  /** A file the worker cannot read itself, asked of the extension host (engine/data/remote-files.ts). */
  | FileRequest
  | WeightsMessage;

/** Progress of a long parse: `done` of `total` units (bytes, usually) in a phase. */
export interface ParseProgress {
  readonly phase: 'read' | 'count' | 'parse' | 'encode' | 'decode';
  readonly done: number;
  readonly total: number;
}
