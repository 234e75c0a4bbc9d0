/*
 * How many threads a run trains on: `training.threads` ('auto' or a count), the work of one
 * step, and what the platform offers. The choice and its reason go into the run's 'started'
 * event, so the log says how the run was trained and why.
 */
import { Conv2D } from '../layers/conv2d';
import { Dense } from '../layers/dense';
import { Sequential } from '../model';
import { ThreadPlatform } from './platform';

export type ThreadsSetting = 'auto' | number;

/**
 * Multiply-adds per step (forward pass, whole batch) from which `auto` trains on two threads.
 * Measured with scripts/threads-threshold.ts (README, "Training on several threads"): below
 * about this much work, handing half a batch to another thread and adding its gradient back
 * costs more than it saves.
 */
export const PARALLEL_MIN_WORK = 2_000_000;

/** Multiply-adds of one forward pass of `batch` rows through the dense and conv layers. */
export function stepWork(model: Sequential, batch: number): number {
  let perRow = 0;
  for (const l of model.layers) {
    if (l instanceof Dense) perRow += l.inputSize * l.outputSize;
    else if (l instanceof Conv2D) perRow += l.outputSize * l.kernel * l.kernel * l.inputShape[2];
  }
  return perRow * batch;
}

export interface ThreadsChoice {
  threads: number;
  /** One line for the log: how many threads and why. */
  note: string;
}

const millions = (n: number) => `${(n / 1e6).toPrecision(3)}M`;

/** The threads a run uses: never more than its batch has rows; one where the platform offers no threads. */
export function chooseThreads(requested: ThreadsSetting, work: number, batchRows: number, platform: ThreadPlatform | string): ThreadsChoice {
  const workText = `${millions(work)} multiply-adds per step`;
  if (requested === 1) return { threads: 1, note: 'training on 1 thread (training.threads: 1)' };
  if (typeof platform === 'string') {
    return { threads: 1, note: `training on 1 thread instead of ${requested === 'auto' ? 'several' : requested}: ${platform}` };
  }
  if (requested === 'auto') {
    if (work < PARALLEL_MIN_WORK) {
      return { threads: 1, note: `training on 1 thread (training.threads: auto; ${workText}, below the ${millions(PARALLEL_MIN_WORK)} from which a second thread pays)` };
    }
    // Each further thread must bring another threshold's worth of work, up to the cores.
    const n = Math.max(1, Math.min(platform.cores, batchRows, 1 + Math.floor(work / PARALLEL_MIN_WORK)));
    return { threads: n, note: `training on ${n} thread${n > 1 ? 's' : ''} (training.threads: auto; ${workText}, ${platform.cores} cores, ${batchRows} rows per batch)` };
  }
  if (requested > batchRows) {
    return { threads: batchRows, note: `training on ${batchRows} thread${batchRows > 1 ? 's' : ''} instead of ${requested}: a batch has only ${batchRows} rows` };
  }
  const over = requested > platform.cores ? `; more than the ${platform.cores} cores, so threads take turns` : '';
  return { threads: requested, note: `training on ${requested} threads (training.threads: ${requested}${over})` };
}
