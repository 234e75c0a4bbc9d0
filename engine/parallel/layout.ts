/*
 * The shared memory of a gradient pool: one set of SharedArrayBuffers that the coordinating
 * thread and every pool thread see. The coordinator writes the weights and each thread's rows,
 * bumps the generation and wakes the threads; each thread writes its gradient, loss and correct
 * count, then marks its slot done with that generation. Only Atomics touch the control words.
 */

/** Control words (Int32) shared by all threads. */
export const GEN = 0;
export const STOP = 1;
const SLOT_BASE = 4;
const SLOT_WORDS = 4;
/**
 * Per-thread words: the generation it finished, its status, and the rows it has this step. Slot 0
 * is the coordinator's: only its rows word is used, and it holds the whole batch's rows.
 */
export const doneWord = (t: number): number => SLOT_BASE + SLOT_WORDS * t;
export const statusWord = (t: number): number => SLOT_BASE + SLOT_WORDS * t + 1;
export const rowsWord = (t: number): number => SLOT_BASE + SLOT_WORDS * t + 2;

/** A pool thread's status word. */
export const STARTING = 0, READY = 1, FAILED = 2, EXITED = 3;

/** Bytes kept for the text of why a thread ended. */
export const REASON_BYTES = 512;

/** The buffers; pool thread t (1 … threads−1) owns slot t−1 of the per-thread regions. */
export interface PoolMemory {
  threads: number;
  /** Values of all params in `model.params` order. */
  parameters: number;
  /** Most rows a pool thread gets in one step, and the values per row of x and of y. */
  maxShardRows: number;
  features: number;
  targetsPerRow: number;
  control: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  grads: SharedArrayBuffer;
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
  /** Float64 pairs per thread: mean loss of its rows, rows it classified correctly. */
  results: SharedArrayBuffer;
  reasons: SharedArrayBuffer;
}

export function allocatePoolMemory(threads: number, parameters: number, maxShardRows: number, features: number, targetsPerRow: number): PoolMemory {
  const others = threads - 1;
  const f32 = (n: number) => new SharedArrayBuffer(4 * Math.max(1, n));
  return {
    threads, parameters, maxShardRows, features, targetsPerRow,
    control: new SharedArrayBuffer(4 * (SLOT_BASE + SLOT_WORDS * threads)),
    weights: f32(parameters),
    grads: f32(others * parameters),
    x: f32(others * maxShardRows * features),
    y: f32(others * maxShardRows * targetsPerRow),
    results: new SharedArrayBuffer(8 * 2 * Math.max(1, others)),
    reasons: new SharedArrayBuffer(REASON_BYTES * Math.max(1, others)),
  };
}

/** Typed views of pool thread t's regions (t ≥ 1). */
export function shardViews(m: PoolMemory, t: number) {
  const slot = t - 1;
  return {
    grads: new Float32Array(m.grads, 4 * slot * m.parameters, m.parameters),
    x: new Float32Array(m.x, 4 * slot * m.maxShardRows * m.features, m.maxShardRows * m.features),
    y: new Float32Array(m.y, 4 * slot * m.maxShardRows * m.targetsPerRow, m.maxShardRows * m.targetsPerRow),
    results: new Float64Array(m.results, 16 * slot, 2),
    reason: new Uint8Array(m.reasons, REASON_BYTES * slot, REASON_BYTES),
  };
}

/**
 * Records why thread t ended and wakes a coordinator waiting on it. The first end counts: a
 * thread that failed records its error before it exits, and the supervisor, which sees the exit
 * only after the thread is gone, then leaves that reason alone.
 */
export function markEnded(m: PoolMemory, t: number, status: typeof FAILED | typeof EXITED, reason: string): void {
  const control = new Int32Array(m.control);
  const now = Atomics.load(control, statusWord(t));
  if (now === FAILED || now === EXITED) return;
  const target = shardViews(m, t).reason;
  target.fill(0);
  target.set(new TextEncoder().encode(reason).subarray(0, REASON_BYTES));
  Atomics.store(control, statusWord(t), status);
  Atomics.notify(control, statusWord(t));
  Atomics.notify(control, doneWord(t));
}

/** The reason thread t recorded (empty if none). */
export function endReason(m: PoolMemory, t: number): string {
  // TextDecoder refuses views of shared memory in browsers: decode a private copy.
  const copy = shardViews(m, t).reason.slice();
  const end = copy.indexOf(0);
  return new TextDecoder().decode(end < 0 ? copy : copy.subarray(0, end));
}
