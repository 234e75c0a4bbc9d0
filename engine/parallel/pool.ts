/*
 * Data-parallel gradients: the coordinating thread (the trainer's) and threads−1 pool threads
 * each compute the gradient of their share of a batch on their own copy of the weights; the
 * coordinator adds the pool threads' gradients to its own in thread order — a fixed order, so
 * a seed and a thread count reproduce bit for bit — and the trainer then takes one optimizer
 * step on the sum as usual. The coordinator waits with Atomics.wait: the trainer's loop is
 * synchronous, and a step must end with the whole batch's gradient.
 */
import { UserError } from '../errors';
import { kernelName } from '../nn/kernels';
import { Loss, LossName } from '../nn/losses';
import { ModelSpec, Sequential } from '../nn/model';
import { Tensor } from '../nn/tensor';
import { EXITED, FAILED, GEN, PoolMemory, READY, STARTING, STOP, allocatePoolMemory, doneWord, endReason, rowsWord, shardViews, statusWord } from './layout';
import { PoolThreads, ThreadPlatform } from './platform';
import { ShardInit, shardDropoutSeed } from './shard';
import { shardGradient } from './shard-gradient';

/** How long the pool threads may take to start (load the engine, build the model) before a step gives up. */
const START_TIMEOUT_MS = 30_000;

/**
 * A pool thread that ended or never started: not a bug in the run's settings, but something the
 * user can act on (train again, or on one thread), so front ends show the message plainly.
 */
export class PoolThreadError extends UserError {
  override readonly name = 'PoolThreadError';
}

export interface PoolOptions {
  threads: number;
  /** The coordinator's model: it computes share 0 and receives the summed gradient. */
  model: Sequential;
  spec: ModelSpec;
  loss: Loss;
  outputs: number;
  features: number;
  targetsPerRow: number;
  /** The most rows a batch has. */
  batchRows: number;
  dataSeed: number;
}

export class GradientPool {
  private readonly control: Int32Array;
  private readonly weights: Float32Array;
  private readonly shards: ReturnType<typeof shardViews>[];
  private readonly lossGrad: Float32Array;
  private readonly localInputs = new Map<number, Tensor>();
  private ready = false;
  private closed = false;

  private constructor(private readonly o: PoolOptions, private readonly memory: PoolMemory, private readonly threads: PoolThreads) {
    this.control = new Int32Array(memory.control);
    this.weights = new Float32Array(memory.weights);
    this.shards = [];
    for (let t = 1; t < o.threads; t++) this.shards.push(shardViews(memory, t));
    this.lossGrad = new Float32Array(Math.ceil(o.batchRows / o.threads) * o.outputs);
  }

  static start(platform: ThreadPlatform, o: PoolOptions): GradientPool {
    const memory = allocatePoolMemory(o.threads, o.model.parameterCount, Math.ceil(o.batchRows / o.threads), o.features, o.targetsPerRow);
    const inits: ShardInit[] = [];
    for (let t = 1; t < o.threads; t++) {
      inits.push({
        thread: t, spec: o.spec, loss: o.loss.name as LossName, outputs: o.outputs, dropoutSeed: shardDropoutSeed(o.dataSeed, t),
        wasmKernels: kernelName() === 'wasm-simd',
      });
    }
    return new GradientPool(o, memory, platform.start(inits, memory));
  }

  /**
   * Leaves the gradient of the batch's mean loss in every param's `grad` of the coordinator's
   * model; returns that mean loss and, for classes, the share of rows classified correctly.
   * Throws if a pool thread has ended (the run cannot go on without its share).
   */
  gradients(x: Tensor, y: Float32Array, rows: number): { loss: number; accuracy?: number } {
    if (this.closed) throw new Error('the training pool was closed');
    if (!this.ready) this.awaitStart();
    const { model, threads, features: f, targetsPerRow: perRow } = this.o;
    let at = 0;
    for (const p of model.params) {
      this.weights.set(p.value, at);
      at += p.value.length;
    }
    // Share t has base rows, one more for the first `extra` shares; share 0 comes first in the batch.
    const base = Math.floor(rows / threads), extra = rows % threads;
    const local = base + (extra > 0 ? 1 : 0);
    let start = local;
    for (let t = 1; t < threads; t++) {
      const n = base + (t < extra ? 1 : 0);
      const s = this.shards[t - 1]!;
      s.x.set(x.data.subarray(start * f, (start + n) * f));
      s.y.set(y.subarray(start * perRow, (start + n) * perRow));
      Atomics.store(this.control, rowsWord(t), n);
      start += n;
    }
    Atomics.store(this.control, rowsWord(0), rows);
    const gen = Atomics.add(this.control, GEN, 1) + 1;
    Atomics.notify(this.control, GEN);
    const mine = shardGradient(model, this.o.loss, this.o.outputs, this.localInput(x, local), y, local, rows, this.lossGrad);
    let lossSum = mine.loss * local, correct = mine.correct;
    for (let t = 1; t < threads; t++) {
      this.awaitDone(t, gen);
      const n = Atomics.load(this.control, rowsWord(t));
      if (n === 0) continue;
      const s = this.shards[t - 1]!;
      const g = s.grads;
      let off = 0;
      for (const p of model.params) {
        const d = p.grad;
        for (let i = 0; i < d.length; i++) d[i]! += g[off + i]!;
        off += d.length;
      }
      lossSum += s.results[0]! * n;
      correct += s.results[1]!;
    }
    const loss = lossSum / rows;
    return this.o.loss.classIndexTargets ? { loss, accuracy: correct / rows } : { loss };
  }

  /** Ends pool thread t as a crash would (tests). */
  terminate(thread: number): void {
    this.threads.terminate(thread);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GEN, 1);
    Atomics.notify(this.control, GEN);
    this.threads.close();
  }

  /** The first `rows` rows of the batch as a tensor (one per row count, kept). */
  private localInput(x: Tensor, rows: number): Tensor {
    let t = this.localInputs.get(rows);
    if (!t || t.data.buffer !== x.data.buffer || t.data.byteOffset !== x.data.byteOffset) {
      t = { shape: [rows, this.o.features], data: x.data.subarray(0, rows * this.o.features) };
      this.localInputs.set(rows, t);
    }
    return t;
  }

  private awaitStart(): void {
    const deadline = performance.now() + START_TIMEOUT_MS;
    for (let t = 1; t < this.o.threads; t++) {
      for (;;) {
        const s = Atomics.load(this.control, statusWord(t));
        if (s === READY) break;
        if (s !== STARTING) this.fail(t);
        const left = deadline - performance.now();
        if (left <= 0) {
          this.close();
          throw new PoolThreadError(`training thread ${t} of ${this.o.threads} did not start within ${START_TIMEOUT_MS / 1000} s; the run stops. Set training.threads to 1 to train on one thread.`);
        }
        Atomics.wait(this.control, statusWord(t), STARTING, Math.min(left, 1000));
      }
    }
    this.ready = true;
  }

  private awaitDone(t: number, gen: number): void {
    for (;;) {
      const done = Atomics.load(this.control, doneWord(t));
      if (done === gen) return;
      const s = Atomics.load(this.control, statusWord(t));
      if (s === FAILED || s === EXITED) this.fail(t);
      Atomics.wait(this.control, doneWord(t), done, 1000);
    }
  }

  private fail(t: number): never {
    const reason = endReason(this.memory, t) || 'no reason was recorded';
    this.close();
    throw new PoolThreadError(`training thread ${t} of ${this.o.threads} ended during the run (${reason}); the run stops at this step. Train again, or set training.threads to 1 to train on one thread.`);
  }
}
