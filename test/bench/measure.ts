/*
 * Memory measurement around the timing loop of ./timing.ts (Node only: it forces GCs and reads
 * process.memoryUsage()).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MeasureOptions, Stepper, Timing, timeSteps } from './timing';

export type { MeasureOptions, Stepper, Timing } from './timing';
export { median } from './timing';

export interface MemoryUse {
  /** Bytes still held (JS heap + external: typed arrays, wasm memories) after training, with the engine alive, after a GC. */
  retainedBytes: number;
  /** The largest heap + external seen between repetitions (without a forced GC), minus the baseline. */
  peakBytes: number;
}

// A GC on demand makes the retained-memory numbers mean something; the flag can be set at run time.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** A memory baseline taken after a full GC, before an engine is built. */
export function memoryBaseline(): number {
  gc();
  gc();
  return used();
}

/**
 * Times `stepper` (built after `baseline` was taken) and measures what it holds. `hidden`
 * counts bytes the process counters cannot see, such as tensors inside a wasm memory that was
 * reserved before the baseline; it is sampled beside them, as a difference from its value now.
 */
export function measure(stepper: Stepper, baseline: number, o: MeasureOptions, hidden: () => number = () => 0): Timing & { memory: MemoryUse } {
  const hidden0 = hidden();
  const usedNow = (): number => used() + hidden() - hidden0;
  let peak = -Infinity;
  const timing = timeSteps(stepper, o, () => { peak = Math.max(peak, usedNow()); });
  const retained = memoryBaseline() + hidden() - hidden0 - baseline;
  return { ...timing, memory: { retainedBytes: retained, peakBytes: peak - baseline } };
}
