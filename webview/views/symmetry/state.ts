/**
 * Folds a run's trainer events (and on-demand symmetry answers) into the `SymRun` the view
 * draws. The extension keeps one per run and sends it whole when it changes. Pure.
 */
import type { TrainerEvent } from '../../../engine/protocol';
import type { SymRun } from './protocol';

/** Timeline and loss points kept per run: a smooth line, and a small message. */
export const MAX_POINTS = 300;

export function newRun(id: string, title: string, role: SymRun['role'], init: string): SymRun {
  return { id, title, role, init, status: 'loading', points: [], losses: [], stride: 1, canReroll: role !== 'symmetric' };
}

/** Doubles the stride until both lists fit, keeping the steps that are multiples of it. */
function thin(run: SymRun): void {
  while (run.points.length > MAX_POINTS || run.losses.length > MAX_POINTS) {
    run.stride *= 2;
    run.points = run.points.filter((p, i) => p.step % run.stride === 0 || i === run.points.length - 1);
    run.losses = run.losses.filter((p) => p.step % run.stride === 0);
  }
}

/** Applies one event; returns whether the view's picture changed. */
export function foldEvent(run: SymRun, e: TrainerEvent): boolean {
  switch (e.type) {
    case 'started':
      run.points = [];
      run.losses = [];
      run.stride = 1;
      delete run.latest;
      delete run.trainLoss;
      delete run.outputGradNorm;
      delete run.message;
      run.epochsDone = 0;
      run.epochs = e.config.training.epochs;
      run.task = e.dataset.task;
      run.classes = e.dataset.classCount;
      run.activation = e.config.model.activation;
      run.status = run.status === 'paused' ? 'paused' : 'running';
      return true;
    case 'step':
      if (e.step % run.stride !== 0) return false;
      run.losses.push({ step: e.step, loss: e.loss });
      thin(run);
      return true;
    case 'symmetry': {
      run.latest = e;
      // A point at a step already on the timeline (noise added between two steps) replaces it.
      const point = { step: e.step, distinct: e.layers.map((l) => l.distinctNeurons), rank: e.layers.map((l) => l.effectiveRank) };
      if (run.points.at(-1)?.step === e.step) run.points[run.points.length - 1] = point;
      else run.points.push(point);
      thin(run);
      return true;
    }
    case 'epoch':
      run.epochsDone = e.epoch;
      run.trainLoss = e.trainLoss;
      run.outputGradNorm = e.layers.at(-1)?.gradNorm;
      return true;
    case 'diverged':
      run.status = 'diverged';
      run.message = `Training diverged at step ${e.step}: ${e.reason}. ${e.suggestion}.`;
      return true;
    case 'summary':
      run.epochsDone = e.epochs;
      run.status = e.status;
      run.trainLoss = e.trainLoss;
      return true;
    case 'error':
      run.status = 'failed';
      run.message = e.message;
      return true;
    default:
      return false;
  }
}
