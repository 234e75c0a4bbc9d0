/*
 * A pool thread's life, independent of how the thread was started (engine/node/pool-threads.ts
 * starts it with worker_threads; a web adapter would start it in a Web Worker): build the same
 * network as the coordinator, then for each generation copy the shared weights in, compute the
 * gradient of this thread's rows, write it out and mark the step done.
 */
import { useWasmKernels } from '../nn/kernels';
import { LossName, loss as lossByName } from '../nn/losses';
import { ModelSpec, buildModel } from '../nn/model';
import { Prng, SEED_SALT } from '../prng';
import { Tensor } from '../nn/tensor';
import { EXITED, FAILED, GEN, PoolMemory, READY, STOP, doneWord, markEnded, rowsWord, shardViews, statusWord } from './layout';
import { shardGradient } from './shard-gradient';

/** Everything a pool thread needs besides the shared memory (plain data: it crosses threads). */
export interface ShardInit {
  /** This thread's number, 1 … threads−1 (the coordinator computes share 0). */
  thread: number;
  spec: ModelSpec;
  loss: LossName;
  outputs: number;
  /** Seeds this thread's dropout masks: each share draws its own, reproducibly. */
  dropoutSeed: number;
  /** Whether the coordinator's kernels are the wasm ones (off: the TypeScript reference, as `--kernels=ts`). */
  wasmKernels: boolean;
}

/** The seed of thread t's dropout masks, from the run's data seed (thread 0 is the coordinator's model). */
export function shardDropoutSeed(dataSeed: number, thread: number): number {
  return ((dataSeed ^ SEED_SALT.dropout) + Math.imul(thread, 0x9e3779b9)) >>> 0;
}

/** Serves steps until the coordinator sets STOP; an error is recorded for the coordinator, then rethrown. */
export function serveShard(init: ShardInit, memory: PoolMemory): void {
  const control = new Int32Array(memory.control);
  const t = init.thread;
  try {
    useWasmKernels(init.wasmKernels);
    const model = buildModel(init.spec, new Prng(0), new Prng(init.dropoutSeed));
    if (model.parameterCount !== memory.parameters) {
      throw new Error(`pool thread ${t} built a model of ${model.parameterCount} parameters, the coordinator's has ${memory.parameters}`);
    }
    const lossFn = lossByName(init.loss);
    const weights = new Float32Array(memory.weights);
    const views = shardViews(memory, t);
    const lossGrad = new Float32Array(memory.maxShardRows * init.outputs);
    const inputs = new Map<number, { x: Tensor; y: Float32Array }>();
    const f = memory.features, perRow = memory.targetsPerRow;
    Atomics.store(control, statusWord(t), READY);
    Atomics.notify(control, statusWord(t));
    let seen = 0;
    for (;;) {
      Atomics.wait(control, GEN, seen);
      seen = Atomics.load(control, GEN);
      if (Atomics.load(control, STOP)) return;
      const rows = Atomics.load(control, rowsWord(t));
      const batchRows = Atomics.load(control, rowsWord(0));
      if (rows > 0) {
        let at = 0;
        for (const p of model.params) {
          p.value.set(weights.subarray(at, at + p.value.length));
          at += p.value.length;
        }
        let input = inputs.get(rows);
        if (!input) {
          input = { x: { shape: [rows, f], data: views.x.subarray(0, rows * f) }, y: views.y.subarray(0, rows * perRow) };
          inputs.set(rows, input);
        }
        const r = shardGradient(model, lossFn, init.outputs, input.x, input.y, rows, batchRows, lossGrad);
        at = 0;
        for (const p of model.params) {
          views.grads.set(p.grad, at);
          at += p.grad.length;
        }
        views.results[0] = r.loss;
        views.results[1] = r.correct;
      }
      Atomics.store(control, doneWord(t), seen);
      Atomics.notify(control, doneWord(t));
    }
  } catch (e) {
    markEnded(memory, t, FAILED, e instanceof Error ? e.message : String(e));
    throw e;
  } finally {
    if (Atomics.load(control, STOP)) markEnded(memory, t, EXITED, 'the pool was closed');
  }
}
