/**
 * The contract between the extension and its webviews (the training panel and the side bar's
 * Training view). Owned by the webview side, which serves it. Messages to a webview carry run
 * state; messages from a webview carry user intents and are untrusted: the extension runs every
 * one through `parseFromWebview` before use. No `vscode` and no DOM here: both sides import it.
 */
import type { EpochEvent, StartedEvent, StepEvent, SummaryEvent, TrainerEvent } from '../engine/protocol/training';
import { type InitKind, type OptimizerName, type ActivationName, INIT_KINDS, OPTIMIZERS, ACTIVATIONS } from '../engine/catalogue';
import { isInt, isObj as isObject } from '../shared/validate';

/** Where a run is, as the user sees it. */
export type RunStatus = 'loading' | 'running' | 'paused' | 'finished' | 'stopped' | 'diverged' | 'failed';

/** The controls a view shows: what the next start uses, and what a change does now. */
export interface ControlValues {
  init: InitKind;
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  epochs: number;
  hidden: number[];
  activation: ActivationName;
}

/**
 * Everything a view needs to redraw the current run from nothing: sent when a view opens,
 * becomes visible again, or asks (`ready`). Steps and epochs are thinned by the one rule of
 * shared/thinning.ts (about 1,000 for 20,000); the latest of each is kept apart.
 */
export interface RunSnapshot {
  runId: string;
  title: string;
  status: RunStatus;
  /** Why the run failed or diverged, and what to do. */
  message?: string;
  /** What a divergence was blamed on: the restart offered follows it. */
  divergedCause?: 'initialization' | 'learning-rate';
  started?: StartedEvent;
  steps: StepEvent[];
  epochs: EpochEvent[];
  /** The latest step and epoch, kept or not: what counters and the status bar show. */
  lastStep?: StepEvent;
  lastEpoch?: EpochEvent;
  summary?: SummaryEvent;
  /** A control the worker has not acknowledged for 2 s, or one it refused: shown under the status. */
  notice?: string;
}

/** A saved run shown read-only: what the panel says besides its curves (see extension/past-run.ts). */
export interface PastRunInfo {
  /** Its status on disk, `interrupted` included. */
  status: string;
  /** Why it ended as it did, or what is wrong with its files. */
  notes: string[];
  /** Its config as `field: value` lines, and the data decisions its `started` event recorded. */
  config: [string, string][];
  data: string[];
  /** Whether "Train Again with These Settings" can run (its config is readable). */
  canTrainAgain: boolean;
}

export type ToWebview =
  | { type: 'snapshot'; snapshot: RunSnapshot | null; controls: ControlValues }
  /** A past run, read-only: its curves rebuilt from metrics.jsonl, and the controls (the next run's settings). */
  | { type: 'pastRun'; snapshot: RunSnapshot; run: PastRunInfo; controls: ControlValues }
  | { type: 'events'; runId: string; events: TrainerEvent[] }
  | { type: 'status'; runId: string; status: RunStatus; message?: string }
  | { type: 'notice'; runId: string; notice: string | null }
  | { type: 'controls'; controls: ControlValues }
  /**
   * Flow control: a view is sent one `update` at a time and answers `ack` with its `seq` once
   * it has drawn it; what happens meanwhile is merged into the next one (extension/view-feed.ts).
   */
  | { type: 'update'; seq: number; messages: ToWebview[] };

export type RunAction = 'start' | 'pause' | 'resume' | 'step' | 'stop' | 'reset';
export const RUN_ACTIONS: readonly RunAction[] = ['start', 'pause', 'resume', 'step', 'stop', 'reset'];

export type FromWebview =
  /** The view's script is up and wants the current state (the replay). */
  | { type: 'ready' }
  /** The view has drawn the `update` numbered `seq` and can take the next. */
  | { type: 'ack'; seq: number }
  | { type: 'control'; action: RunAction }
  | { type: 'setInit'; init: InitKind }
  | { type: 'setOptimizer'; optimizer: OptimizerName }
  | { type: 'setLearningRate'; learningRate: number }
  /** Changes the next run's shape (batch, epochs, layers, activation); the current run keeps its own. */
  | { type: 'setControls'; controls: Partial<Pick<ControlValues, 'batchSize' | 'epochs' | 'hidden' | 'activation'>> }
  | { type: 'restartWithLowerLearningRate' }
  /** After a divergence blamed on the initialization: the run again from glorot-uniform weights. */
  | { type: 'restartWithSmallerInit' }
  | { type: 'openPanel' }
  /** From a past run's panel: a new run with that run's config. */
  | { type: 'trainAgain' };

/** Upper bounds on what a view may ask for, so a bad message cannot request an absurd run. */
export const LIMITS = { maxEpochs: 100_000, maxBatch: 65_536, maxLayers: 16, maxUnits: 4096 } as const;

function oneOf<T extends string>(v: unknown, choices: readonly T[]): v is T {
  return typeof v === 'string' && (choices as readonly string[]).includes(v);
}

/** A message from a webview if it is exactly one of `FromWebview`, else undefined (ignored). */
export function parseFromWebview(m: unknown): FromWebview | undefined {
  if (!isObject(m)) return undefined;
  switch (m.type) {
    case 'ready':
    case 'restartWithLowerLearningRate':
    case 'restartWithSmallerInit':
    case 'openPanel':
    case 'trainAgain':
      return { type: m.type };
    case 'ack':
      return isInt(m.seq, 0, Number.MAX_SAFE_INTEGER) ? { type: 'ack', seq: m.seq } : undefined;
    case 'control':
      return oneOf(m.action, RUN_ACTIONS) ? { type: 'control', action: m.action } : undefined;
    case 'setInit':
      return oneOf(m.init, INIT_KINDS) ? { type: 'setInit', init: m.init } : undefined;
    case 'setOptimizer':
      return oneOf(m.optimizer, OPTIMIZERS) ? { type: 'setOptimizer', optimizer: m.optimizer } : undefined;
    case 'setLearningRate': {
      const lr = m.learningRate;
      return typeof lr === 'number' && Number.isFinite(lr) && lr > 0 && lr <= 100 ? { type: 'setLearningRate', learningRate: lr } : undefined;
    }
    case 'setControls':
      return parseControls(m.controls);
    default:
      return undefined;
  }
}

function parseControls(c: unknown): FromWebview | undefined {
  if (!isObject(c)) return undefined;
  const out: Extract<FromWebview, { type: 'setControls' }>['controls'] = {};
  for (const key of Object.keys(c)) {
    const v = c[key];
    if (key === 'batchSize' && isInt(v, 1, LIMITS.maxBatch)) out.batchSize = v;
    else if (key === 'epochs' && isInt(v, 1, LIMITS.maxEpochs)) out.epochs = v;
    else if (key === 'activation' && oneOf(v, ACTIVATIONS)) out.activation = v;
    else if (key === 'hidden' && Array.isArray(v) && v.length <= LIMITS.maxLayers && v.every((u) => isInt(u, 1, LIMITS.maxUnits))) {
      out.hidden = [...(v as number[])];
    } else return undefined;
  }
  return Object.keys(out).length ? { type: 'setControls', controls: out } : undefined;
}

/** A message to a webview if it has a known `type` and the fields each handler reads. */
export function parseToWebview(m: unknown): ToWebview | undefined {
  if (!isObject(m)) return undefined;
  switch (m.type) {
    case 'snapshot':
      return isObject(m.controls) && (m.snapshot === null || (isObject(m.snapshot) && Array.isArray(m.snapshot.steps) && Array.isArray(m.snapshot.epochs)))
        ? (m as ToWebview) : undefined;
    case 'events':
      return typeof m.runId === 'string' && Array.isArray(m.events) && m.events.every((e) => isObject(e) && typeof e.type === 'string')
        ? (m as ToWebview) : undefined;
    case 'status':
      return typeof m.runId === 'string' && typeof m.status === 'string' ? (m as ToWebview) : undefined;
    case 'controls':
      return isObject(m.controls) ? (m as ToWebview) : undefined;
    case 'pastRun':
      return isObject(m.controls) && isObject(m.snapshot) && Array.isArray(m.snapshot.steps) && Array.isArray(m.snapshot.epochs)
        && isObject(m.run) && typeof m.run.status === 'string' && Array.isArray(m.run.notes) && Array.isArray(m.run.config) && Array.isArray(m.run.data)
        ? (m as ToWebview) : undefined;
    case 'notice':
      return typeof m.runId === 'string' && (m.notice === null || typeof m.notice === 'string') ? (m as ToWebview) : undefined;
    case 'update': {
      if (typeof m.seq !== 'number' || !Array.isArray(m.messages)) return undefined;
      const messages = m.messages.map(parseToWebview);
      return messages.every((x) => x && x.type !== 'update') ? { type: 'update', seq: m.seq, messages: messages as ToWebview[] } : undefined;
    }
    default:
      return undefined;
  }
}
