/*
 * How many threads a run trains on: `training.threads` ('auto' or a count), the work of one
 * step, and what the platform offers. The choice and its reason go into the run's 'started'
 * event, so the log says how the run was trained and why.
 */
import { Conv2D } from '../nn/layers/conv2d';
import { Dense } from '../nn/layers/dense';
import { Sequential } from '../nn/model';
import { ThreadPlatform } from './platform';

export type ThreadsSetting = 'auto' | number;

/**
 * When `auto` trains on more than one thread, measured with scripts/threads-threshold.ts (README,
 * "Training on several threads"). A step's work that threads share grows with the batch; the
 * work they do not share grows with the parameters: the optimizer step, writing the weights for
 * the pool threads, adding their gradients. So a second thread pays when the multiply-adds per
 * step are many both in all and per parameter: W3's CNN (2,248 per parameter) gained 1.45–1.74×,
 * a 3×3×2 conv net at batch 32 (0.58 M, 146) 1.61×, an MLP at batch 256 (256) 1.23×, but the
 * same MLP at batch 128 (128) 0.99×, W2 at batch 64 (64) 0.82–0.86×, W1 (8) 0.38–0.46×.
 */
export const PARALLEL_MIN_WORK = 500_000;
export const PARALLEL_MIN_WORK_PER_PARAMETER = 192;

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

/**
 * The threads a run uses: never more than its batch has rows; one where the platform offers no
 * threads. `auto` adds a thread for each further threshold's worth of work (in all and per
 * parameter), up to the cores.
 */
export function chooseThreads(requested: ThreadsSetting, work: number, parameters: number, batchRows: number, platform: ThreadPlatform | string): ThreadsChoice {
  if (requested === 1) return { threads: 1, note: 'training on 1 thread (training.threads: 1)' };
  if (typeof platform === 'string') {
    return { threads: 1, note: `training on 1 thread instead of ${requested === 'auto' ? 'several' : requested}: ${platform}` };
  }
  if (requested === 'auto') {
    const perParameter = work / Math.max(1, parameters);
    const workText = `${millions(work)} multiply-adds per step, ${Math.round(perParameter)} per parameter`;
    const n = Math.max(1, Math.min(platform.cores, batchRows, 1 + Math.floor(work / PARALLEL_MIN_WORK), 1 + Math.floor(perParameter / PARALLEL_MIN_WORK_PER_PARAMETER)));
    if (n === 1) {
      return { threads: 1, note: `training on 1 thread (training.threads: auto; ${workText}: a second thread pays from ${millions(PARALLEL_MIN_WORK)} and ${PARALLEL_MIN_WORK_PER_PARAMETER} per parameter${platform.cores < 2 ? `, and this machine has ${platform.cores} core` : ''})` };
    }
    return { threads: n, note: `training on ${n} threads (training.threads: auto; ${workText}; ${platform.cores} cores)` };
  }
  if (requested > batchRows) {
    return { threads: batchRows, note: `training on ${batchRows} thread${batchRows > 1 ? 's' : ''} instead of ${requested}: a batch has only ${batchRows} rows` };
  }
  const over = requested > platform.cores ? `; more than the ${platform.cores} cores, so threads take turns` : '';
  return { threads: requested, note: `training on ${requested} threads (training.threads: ${requested}${over})` };
}
