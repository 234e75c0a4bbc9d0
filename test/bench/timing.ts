/*
 * The timing loop every engine is measured with, in Node and in the browser worker alike (no Node
 * built-in here: ./web/worker.ts bundles it for Chromium): warm up, then time several repetitions
 * of the same number of training steps and keep the median, so a GC pause or a late JIT tier-up in
 * one repetition does not decide the result.
 */
import { Workload } from './workloads';

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

export interface MeasureOptions {
  /** Seconds of warm-up before timing (JIT, buffer caches, wasm instantiation). */
  warmupSeconds: number;
  /** Target duration of one timed repetition. */
  repetitionSeconds: number;
  repetitions: number;
}

/**
 * Timing per workload: W1 steps take microseconds, W2 and W3 steps milliseconds. W3 on
 * tfjs-cpu (its conv kernels are plain loops) takes a second or more per step, so it gets
 * fewer, shorter repetitions (still at least 3 steps each).
 */
export function benchTiming(w: Workload, engine: 'ours' | 'tfjs-cpu' | 'tfjs-wasm', quick: boolean): MeasureOptions {
  const scale = quick ? 0.3 : 1;
  if (w.id === 'W1') return { warmupSeconds: 1 * scale, repetitionSeconds: 0.4 * scale, repetitions: 7 };
  if (w.id === 'W3' && engine === 'tfjs-cpu') return { warmupSeconds: 1 * scale, repetitionSeconds: 1 * scale, repetitions: 3 };
  return { warmupSeconds: 2 * scale, repetitionSeconds: 1.2 * scale, repetitions: 5 };
}

/** Warms `stepper` up, then times its repetitions; `between` runs after the warm-up and after each repetition, untimed. */
export function timeSteps(stepper: Stepper, o: MeasureOptions, between: () => void = () => undefined): Timing {
  // Warm-up, which also calibrates how many steps fill one repetition.
  let steps = 0, seconds = 0;
  const warmEnd = performance.now() + o.warmupSeconds * 1000;
  while (performance.now() < warmEnd || steps < 3) {
    const s = timedStep(stepper);
    if (s.samples > 0) { steps++; seconds += s.seconds; }
  }
  const stepsPerRepetition = Math.max(3, Math.round((o.repetitionSeconds * steps) / Math.max(seconds, 1e-9)));
  const repetitions: number[] = [];
  between();
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
    between();
  }
  return { samplesPerSecond: median(repetitions), repetitions, stepsPerRepetition };
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
