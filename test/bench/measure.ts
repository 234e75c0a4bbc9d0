/*
 * Timing and memory measurement shared by every engine: warm up, then time several
 * repetitions of the same number of training steps and keep the median, so a GC pause or a
 * late JIT tier-up in one repetition does not decide the result.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Something that trains: one call to `step()` is one optimizer step; it returns the samples it trained on. */
export interface Stepper {
  /**
   * Takes one training step and returns its batch size, or 0 for a call that did no training
   * (our trainer's start and end-of-epoch evaluation events); those calls are not timed.
   */
  step(): number;
  dispose?(): void;
}

export interface Timing {
  /** Median samples per second over the repetitions. */
  samplesPerSecond: number;
  /** Samples per second of each repetition. */
  repetitions: number[];
  stepsPerRepetition: number;
}

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

export interface MeasureOptions {
  /** Seconds of warm-up before timing (JIT, buffer caches, wasm instantiation). */
  warmupSeconds: number;
  /** Target duration of one timed repetition. */
  repetitionSeconds: number;
  repetitions: number;
}

/**
 * Times `stepper` (built after `baseline` was taken) and measures what it holds. `hidden`
 * counts bytes the process counters cannot see, such as tensors inside a wasm memory that was
 * reserved before the baseline; it is sampled beside them, as a difference from its value now.
 */
export function measure(stepper: Stepper, baseline: number, o: MeasureOptions, hidden: () => number = () => 0): Timing & { memory: MemoryUse } {
  const hidden0 = hidden();
  const usedNow = (): number => used() + hidden() - hidden0;
  // Warm-up, which also calibrates how many steps fill one repetition.
  let steps = 0, seconds = 0;
  const warmEnd = performance.now() + o.warmupSeconds * 1000;
  while (performance.now() < warmEnd || steps < 3) {
    const s = timedStep(stepper);
    if (s.samples > 0) { steps++; seconds += s.seconds; }
  }
  const stepsPerRepetition = Math.max(3, Math.round((o.repetitionSeconds * steps) / Math.max(seconds, 1e-9)));
  const repetitions: number[] = [];
  let peak = usedNow();
  for (let r = 0; r < o.repetitions; r++) {
    let samples = 0, t = 0, done = 0;
    while (done < stepsPerRepetition) {
      const s = timedStep(stepper);
      if (s.samples === 0) continue;
      samples += s.samples;
      t += s.seconds;
      done++;
    }
    repetitions.push(samples / t);
    peak = Math.max(peak, usedNow());
  }
  const retained = memoryBaseline() + hidden() - hidden0 - baseline;
  return { samplesPerSecond: median(repetitions), repetitions, stepsPerRepetition, memory: { retainedBytes: retained, peakBytes: peak - baseline } };
}

function timedStep(stepper: Stepper): { samples: number; seconds: number } {
  const t0 = performance.now();
  const samples = stepper.step();
  return { samples, seconds: (performance.now() - t0) / 1000 };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
