/**
 * Folds trainer events into a `RunSnapshot`. The extension keeps one per run (to replay to a
 * view that opens late) and each webview keeps its own copy, so both agree on what a view shows.
 * Pure: no DOM, no `vscode`.
 */
import type { TrainerEvent } from '../engine/protocol';
import type { RunSnapshot, RunStatus } from './protocol';

/** Steps kept per run before thinning: enough for a smooth chart, small enough to replay fast. */
export const MAX_STEPS = 2000;

export function emptySnapshot(runId: string, title: string, status: RunStatus = 'loading'): RunSnapshot {
  return { runId, title, status, steps: [], stride: 1, epochs: [] };
}

/**
 * Applies one event. Returns whether a view needs it: false for a step that thinning dropped,
 * so the extension forwards to views exactly the steps its snapshot kept.
 */
export function applyEvent(s: RunSnapshot, e: TrainerEvent): boolean {
  switch (e.type) {
    case 'started':
      s.started = e;
      s.steps = [];
      s.epochs = [];
      s.stride = 1;
      delete s.summary;
      delete s.message;
      s.status = s.status === 'paused' ? 'paused' : 'running';
      return true;
    case 'step':
      if (e.step % s.stride !== 0) return false;
      s.steps.push(e);
      if (s.steps.length > MAX_STEPS) {
        // Halve the density: keep the steps that are multiples of the doubled stride.
        s.stride *= 2;
        s.steps = s.steps.filter((x) => x.step % s.stride === 0);
      }
      return true;
    case 'epoch':
      s.epochs.push(e);
      return true;
    case 'diverged':
      s.status = 'diverged';
      s.message = `Training diverged at step ${e.step}: ${e.reason}. Suggestion: ${e.suggestion}.`;
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
export function epochsDone(s: RunSnapshot): number {
  const step = s.steps.at(-1);
  return s.summary?.epochs ?? s.epochs.at(-1)?.epoch ?? (step ? step.epoch - 1 : 0);
}
