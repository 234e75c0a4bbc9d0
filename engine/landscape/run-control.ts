import { CancelSignal } from '../data/options';

/** Progress of a long computation: `done` of `total` units (rows of a grid, steps of a race). */
export interface Progress {
  done: number;
  total: number;
}

/** How a driver follows and cancels a long computation. */
export interface RunControl {
  onProgress?(done: number, total: number): void;
  /** When it becomes aborted, the computation stops at the next row and resolves to undefined. */
  signal?: CancelSignal;
  /** Hand the thread back to the event loop at least this often, in ms (default 20), so messages (a cancel) get through. */
  sliceMs?: number;
}

/**
 * Drives a row generator (such as `sliceRows`) to its end asynchronously: reports progress,
 * gives the event loop a turn every `sliceMs`, and stops early when the signal is aborted,
 * resolving to undefined.
 */
export async function runCancellable<T>(rows: Generator<Progress, T, void>, control: RunControl = {}): Promise<T | undefined> {
  const budget = control.sliceMs ?? 20;
  let last = Date.now();
  for (;;) {
    if (control.signal?.aborted) {
      rows.return(undefined as never);
      return undefined;
    }
    const step = rows.next();
    if (step.done) return step.value;
    control.onProgress?.(step.value.done, step.value.total);
    if (Date.now() - last >= budget) {
      // setTimeout exists in Node, web workers and browsers alike (setImmediate only in Node).
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = Date.now();
    }
  }
}

/** Drives a row generator to its end synchronously (tests, the CLI). */
export function runToEnd<T>(rows: Generator<Progress, T, void>, onProgress?: (done: number, total: number) => void): T {
  for (;;) {
    const step = rows.next();
    if (step.done) return step.value;
    onProgress?.(step.value.done, step.value.total);
  }
}

