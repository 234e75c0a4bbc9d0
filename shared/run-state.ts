/**
 * Folds trainer events into a `RunSnapshot`. The extension keeps one per run (to replay to a
 * view that opens late) and each webview keeps its own copy, so both agree on what a view shows.
 * Pure: no DOM, no `vscode`.
 */
import type { TrainerEvent } from '../engine/protocol/training';
import { keepRecord } from './thinning';
import type { RunSnapshot, RunStatus } from '../webview/protocol';

export function emptySnapshot(runId: string, title: string, status: RunStatus = 'loading'): RunSnapshot {
  return { runId, title, status, steps: [], epochs: [] };
}

/**
 * Applies one event. Returns whether the snapshot's lists keep it: false for a step or epoch
 * that the thinning rule (shared/thinning.ts) leaves out — it is still the run's latest
 * (`lastStep`, `lastEpoch`, what counters show) — and for events a snapshot does not hold.
 */
export function applyEvent(s: RunSnapshot, e: TrainerEvent): boolean {
  switch (e.type) {
    case 'started':
      s.started = e;
      s.steps = [];
      s.epochs = [];
      delete s.lastStep;
      delete s.lastEpoch;
      delete s.summary;
      delete s.message;
      s.status = s.status === 'paused' ? 'paused' : 'running';
      return true;
    case 'step':
      s.lastStep = e;
      if (!keepRecord(e.step)) return false;
      s.steps.push(e);
      return true;
    case 'epoch':
      s.lastEpoch = e;
      if (!keepRecord(e.epoch)) return false;
      s.epochs.push(e);
      return true;
    case 'diverged':
      s.status = 'diverged';
      s.message = `Training diverged at step ${e.step}: ${e.reason}. Suggestion: ${e.suggestion}.`;
      s.divergedCause = e.cause;
      return true;
    case 'summary':
      s.summary = e;
      s.status = e.status;
      return true;
    case 'error':
      s.status = 'failed';
      s.message = e.message;
      return true;
    default:
      return false;
  }
}

/** Whether a run can still change (so commands like Pause and Stop apply). */
export function isActive(status: RunStatus): boolean {
  return status === 'loading' || status === 'running' || status === 'paused';
}

/**
 * Epochs completed, the one number the panel's counter and the status bar both show: the
 * summary's, else the last epoch event's, else one less than the epoch a step is in (a step
 * event carries the epoch in progress, counted from 1).
 */
/** The initialization a run restarts from when its divergence is blamed on too-large weights. */
export const SMALLER_INIT = 'glorot-uniform';

export function epochsDone(s: RunSnapshot): number {
  // The latest step and epoch, kept by the snapshot's thinning or not (lastStep/lastEpoch).
  const step = s.lastStep ?? s.steps.at(-1);
  return s.summary?.epochs ?? (s.lastEpoch ?? s.epochs.at(-1))?.epoch ?? (step ? step.epoch - 1 : 0);
}
