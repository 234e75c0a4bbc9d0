/**
 * Folds a run's trainer events (and on-demand symmetry answers) into the `SymRun` the view
 * draws. The extension keeps one per run and sends it whole when it changes. Pure.
 */
import type { TrainerEvent } from '../engine/protocol/training';
import { keepRecord } from './thinning';
import type { SymRun } from '../webview/views/symmetry/protocol';

export function newRun(id: string, title: string, role: SymRun['role'], init: string): SymRun {
  return { id, title, role, init, status: 'loading', points: [], losses: [], probes: 0, canReroll: role !== 'symmetric' };
}

/** Applies one event; returns whether the view's picture changed. */
export function foldEvent(run: SymRun, e: TrainerEvent): boolean {
  switch (e.type) {
    case 'started':
      run.points = [];
      run.losses = [];
      run.probes = 0;
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
      // The thinning rule of shared/thinning.ts, by step number: losses and the points below
      // each keep their own count, so neither thins the other away.
      if (!keepRecord(e.step)) return false;
      run.losses.push({ step: e.step, loss: e.loss });
      return true;
    case 'symmetry': {
      run.latest = e;
      const point = { step: e.step, distinct: e.layers.map((l) => l.distinctNeurons), rank: e.layers.map((l) => l.effectiveRank) };
      const last = run.points.length - 1;
      // A point at a step already on the timeline (noise added between two steps) replaces it.
      if (run.points[last]?.step === e.step) {
        run.points[last] = point;
        return true;
      }
      // The previous point (number `probes`) was the latest; it stays if the rule keeps its number.
      if (last >= 0 && !keepRecord(run.probes)) run.points[last] = point;
      else run.points.push(point);
      run.probes++;
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
