/*
 * The same networks trained in TensorFlow.js, written as a TF.js user would write them with
 * tfjs-core alone: variables, ops, `optimizer.minimize`. The weights start as copies of our
 * engine's initial weights, and the batches are drawn the same way (shuffle per epoch, fixed
 * batch size, shorter last batch), so both engines do the same arithmetic.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { resolve } from 'node:path';
import { Prng } from '../../engine/prng';
import { Stepper } from './measure';
import { TfBackend, Workload } from './workloads';

export interface BackendInfo {
  backend: TfBackend;
  simd?: boolean;
  threads?: boolean;
}

let wasmPathsSet = false;

/** Switches TF.js to `backend`; for wasm, loads the .wasm files from node_modules (no network). */
export async function useBackend(backend: TfBackend): Promise<BackendInfo> {
  if (backend === 'wasm' && !wasmPathsSet) {
    // A file path prefix: in Node the backend reads the .wasm file with fs.
    setWasmPaths(resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
    wasmPathsSet = true;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not initialize`);
  await tf.ready();
  if (backend !== 'wasm') return { backend };
  return {
    backend,
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
  };
}

/** Initial values of a network's params, in our order: weights [in × out], bias [out], layer by layer. */
export interface InitialParams {
  shape: readonly number[];
  value: Float32Array;
}

/** A TF.js training loop for workload `w`, starting from the weights `initial`. */
export function tfjsStepper(w: Workload, initial: readonly InitialParams[]): Stepper {
  const { dataset: ds, config } = w;
  const activation = config.model.activation;
  const classes = ds.classNames!.length;
  const binary = config.loss === 'binary-cross-entropy';
  const vars = initial.map((p) => tf.variable(tf.tensor(p.value, [...p.shape])));
  const optimizer = config.optimizer.kind === 'sgd'
    ? tf.train.sgd(config.optimizer.learningRate)
    : tf.train.adam(config.optimizer.learningRate, 0.9, 0.999, 1e-8);
  const act = (t: tf.Tensor): tf.Tensor => (activation === 'tanh' ? tf.tanh(t) : activation === 'relu' ? tf.relu(t) : tf.sigmoid(t));

  const f = ds.features, batch = config.training.batchSize;
  const order = Int32Array.from({ length: ds.rows }, (_, i) => i);
  const rng = new Prng(config.seeds.data ^ 0x5bd1e995);
  const xb = new Float32Array(batch * f), yb = new Float32Array(batch);
  let start = ds.rows;

  return {
    step() {
      if (start >= ds.rows) {
        rng.shuffle(order);
        start = 0;
      }
      const rows = Math.min(batch, ds.rows - start);
      for (let i = 0; i < rows; i++) {
        const r = order[start + i]!;
        xb.set(ds.x.subarray(r * f, (r + 1) * f), i * f);
        yb[i] = ds.y[r]!;
      }
      start += rows;
      const cost: tf.Scalar = tf.tidy(() => {
        const x = tf.tensor2d(xb.subarray(0, rows * f), [rows, f]);
        const labels = binary
          ? tf.tensor2d(yb.subarray(0, rows), [rows, 1])
          : tf.oneHot(tf.tensor1d(yb.subarray(0, rows), 'int32'), classes);
        return optimizer.minimize(() => {
          let h: tf.Tensor = x;
          for (let i = 0; i < vars.length; i += 2) {
            h = tf.add(tf.matMul(h, vars[i]!), vars[i + 1]!);
            if (i + 2 < vars.length) h = act(h);
          }
          return (binary ? tf.losses.sigmoidCrossEntropy(labels, h) : tf.losses.softmaxCrossEntropy(labels, h)) as tf.Scalar;
        }, true, vars)!;
      });
      // Our trainer reports the loss of every step, so TF.js reads it too.
      cost.dataSync();
      cost.dispose();
      return rows;
    },
    dispose() {
      optimizer.dispose();
      for (const v of vars) v.dispose();
    },
  };
}

/**
 * Bytes the process counters miss: with the wasm backend, tensors live in the module's memory,
 * which is reserved up front and so shows no growth; TF.js's own count of tensor bytes is
 * used for them. (With the cpu backend tensors are typed arrays, already counted.)
 */
export function tfjsHiddenBytes(backend: TfBackend): number {
  return backend === 'wasm' ? tf.memory().numBytes : 0;
}
