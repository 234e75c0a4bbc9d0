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
  registerWasmConv2DFilterGradient();
  return {
    backend,
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
  };
}

/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel (the filter gradient of tf.conv2d),
 * so training any conv net on it throws "Kernel 'Conv2DBackpropFilter' not registered". It does
 * have Conv3DBackpropFilterV2: a 2-D convolution is a 3-D one of depth 1, so this registers the
 * missing kernel as that one on [N, 1, H, W, C] views of the same data (reshapes share buffers).
 * Everything else W3 runs on wasm (Conv2D via XNNPACK, Conv2DBackpropInput, MaxPool,
 * MaxPoolGrad) is TF.js's own.
 */
let conv2DFilterGradRegistered = false;
function registerWasmConv2DFilterGradient(): void {
  if (conv2DFilterGradRegistered || tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  conv2DFilterGradRegistered = true;
  const reshape = tf.getKernel('Reshape', 'wasm')!.kernelFunc;
  const filterGrad3D = tf.getKernel('Conv3DBackpropFilterV2', 'wasm')!.kernelFunc;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const a = attrs as unknown as { strides: number | [number, number]; pad: 'valid' | 'same'; dataFormat: string; dimRoundingMode?: string; filterShape: [number, number, number, number] };
      if (a.dataFormat !== 'NHWC' || typeof a.pad !== 'string' || a.dimRoundingMode) throw new Error('bench shim: Conv2DBackpropFilter only for NHWC, valid/same padding');
      const [sh, sw] = typeof a.strides === 'number' ? [a.strides, a.strides] : a.strides;
      const to5 = (t: tf.TensorInfo) => reshape({ inputs: { x: t }, backend, attrs: { shape: [t.shape[0]!, 1, ...t.shape.slice(1)] } }) as tf.TensorInfo;
      const x5 = to5(x), dy5 = to5(dy);
      const dw5 = filterGrad3D({ inputs: { x: x5, dy: dy5 }, backend, attrs: { strides: [1, sh, sw], pad: a.pad, filterShape: [1, ...a.filterShape] } }) as tf.TensorInfo;
      const dw = reshape({ inputs: { x: dw5 }, backend, attrs: { shape: a.filterShape } }) as tf.TensorInfo;
      for (const t of [x5, dy5, dw5]) (backend as tf.KernelBackend).disposeData(t.dataId);
      return dw;
    },
  });
}

/**
 * Initial values of a network's params, in our order, layer by layer: for a conv layer its
 * kernel [k, k, in, filters] (TF.js's HWIO) and bias [filters]; for a dense layer weights
 * [in × out] and bias [out].
 */
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
  const actOf = (name: string, t: tf.Tensor): tf.Tensor => (name === 'tanh' ? tf.tanh(t) : name === 'relu' ? tf.relu(t) : tf.sigmoid(t));
  // W3's conv stack, NHWC as our engine stores images: conv2d (+ bias, activation) and pooling.
  const conv = config.model.conv ?? [];
  const image = ds.imageShape;
  if (conv.length && !image) throw new Error(`${w.id}: a conv stack needs image rows`);
  const convParams = conv.filter((s) => s.type === 'conv2d').length * 2;

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
          if (conv.length) {
            let img: tf.Tensor4D = tf.reshape(x, [rows, image![0], image![1], image![2]]);
            let v = 0;
            for (const s of conv) {
              if (s.type === 'conv2d') {
                const k = vars[v++] as unknown as tf.Tensor4D, b = vars[v++]!;
                const pad = s.padding ?? 'valid';
                if (typeof pad === 'number') throw new Error(`${w.id}: numeric padding is not benchmarked`);
                img = actOf(s.activation ?? activation, tf.add(tf.conv2d(img, k, s.stride ?? 1, pad), b)) as tf.Tensor4D;
              } else {
                const st = s.stride ?? s.size;
                img = s.type === 'maxpool2d' ? tf.maxPool(img, s.size, st, 'valid') : tf.avgPool(img, s.size, st, 'valid');
              }
            }
            h = tf.reshape(img, [rows, -1]);
          }
          for (let i = convParams; i < vars.length; i += 2) {
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
