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
 * so training any conv net on it throws "Kernel 'Conv2DBackpropFilter' not registered". The
 * bench registers a stand-in built from the backend's own kernels, the faster of two that give
 * the same gradient (checked below against the gradient by its definition on W3's shapes):
 *
 * - 'conv2d': the filter gradient is itself a convolution. For stride 1,
 *   dW[kh, kw, ci, co] = Σ_{n, oy, ox} xpad[n, oy+kh, ox+kw, ci] · dy[n, oy, ox, co], which is
 *   Conv2D (XNNPACK) of x transposed to [Ci, H, W, N] by dy transposed to [Ho, Wo, N, Co] with
 *   x's padding made explicit, giving [Ci, kh, kw, Co], transposed back to HWIO.
 * - 'conv3d': Conv3DBackpropFilterV2 on depth-1 [N, 1, H, W, C] views of the same buffers (any
 *   stride; the backend's plain loop, not XNNPACK).
 *
 * (A third, im2col from PadV2/Slice/Concat and one BatchMatMul with transposeA, was 18× slower
 * than the Conv2D form when tried, so it is not offered.)
 *
 * Everything else W3 runs on wasm (Conv2D via XNNPACK, Conv2DBackpropInput, MaxPool,
 * MaxPoolGrad) is TF.js's own.
 */
type FilterGradArgs = { x: tf.TensorInfo; dy: tf.TensorInfo; backend: tf.KernelBackend; strides: [number, number]; pad: 'valid' | 'same'; filterShape: [number, number, number, number] };
export type FilterGradStandIn = 'conv2d' | 'conv3d';
let standIn: FilterGradStandIn = 'conv2d';
/** What calibration found: ms per W3-shaped filter gradient for each stand-in, and which runs. */
export let standInReport = '';

function kernel(name: string) {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`bench: the wasm backend has no ${name} kernel`);
  return k.kernelFunc as (a: { inputs: Record<string, tf.TensorInfo>; backend: tf.KernelBackend; attrs: Record<string, unknown> }) => tf.TensorInfo;
}

function filterGradViaConv3D(a: FilterGradArgs): tf.TensorInfo {
  const reshape = kernel('Reshape'), filterGrad3D = kernel('Conv3DBackpropFilterV2');
  const to5 = (t: tf.TensorInfo) => reshape({ inputs: { x: t }, backend: a.backend, attrs: { shape: [t.shape[0]!, 1, ...t.shape.slice(1)] } });
  const x5 = to5(a.x), dy5 = to5(a.dy);
  const dw5 = filterGrad3D({ inputs: { x: x5, dy: dy5 }, backend: a.backend, attrs: { strides: [1, ...a.strides], pad: a.pad, filterShape: [1, ...a.filterShape] } });
  const dw = reshape({ inputs: { x: dw5 }, backend: a.backend, attrs: { shape: a.filterShape } });
  for (const t of [x5, dy5, dw5]) a.backend.disposeData(t.dataId);
  return dw;
}

function filterGradViaConv2D(a: FilterGradArgs): tf.TensorInfo {
  const transpose = kernel('Transpose'), conv2d = kernel('Conv2D');
  const info = tf.backend_util.computeConv2DInfo(a.x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad);
  const { top, bottom, left, right } = info.padInfo;
  const xT = transpose({ inputs: { x: a.x }, backend: a.backend, attrs: { perm: [3, 1, 2, 0] } });
  const dyT = transpose({ inputs: { x: a.dy }, backend: a.backend, attrs: { perm: [1, 2, 0, 3] } });
  const out = conv2d({
    inputs: { x: xT, filter: dyT }, backend: a.backend,
    attrs: { strides: 1, pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: 'NHWC', dilations: 1, dimRoundingMode: undefined },
  });
  const dw = transpose({ inputs: { x: out }, backend: a.backend, attrs: { perm: [1, 2, 0, 3] } });
  for (const t of [xT, dyT, out]) a.backend.disposeData(t.dataId);
  return dw;
}

let conv2DFilterGradRegistered = false;
function registerWasmConv2DFilterGradient(): void {
  if (conv2DFilterGradRegistered || tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  conv2DFilterGradRegistered = true;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const a = attrs as unknown as { strides: number | [number, number]; pad: 'valid' | 'same'; dataFormat: string; dimRoundingMode?: string; filterShape: [number, number, number, number] };
      if (a.dataFormat !== 'NHWC' || typeof a.pad !== 'string' || a.dimRoundingMode) throw new Error('bench shim: Conv2DBackpropFilter only for NHWC, valid/same padding');
      const strides: [number, number] = typeof a.strides === 'number' ? [a.strides, a.strides] : a.strides;
      const args = { x, dy, backend: backend as tf.KernelBackend, strides, pad: a.pad, filterShape: a.filterShape };
      // The conv2d form needs stride 1 (a larger stride would need a dilated filter).
      return standIn === 'conv2d' && strides[0] === 1 && strides[1] === 1 ? filterGradViaConv2D(args) : filterGradViaConv3D(args);
    },
  });
  calibrateStandIn();
}

/**
 * Checks both stand-ins against the filter gradient computed by its definition on W3's two conv
 * shapes (they must agree to float32 rounding, or the bench stops), times both, and keeps the
 * faster for the run.
 */
function calibrateStandIn(): void {
  const shapes: [x: [number, number, number, number], filter: [number, number, number, number]][] = [[[32, 28, 28, 1], [5, 5, 1, 8]], [[32, 14, 14, 8], [5, 5, 8, 16]]];
  const ms: Record<FilterGradStandIn, number> = { conv2d: 0, conv3d: 0 };
  for (const [xShape, fShape] of shapes) {
    const rng = new Prng(xShape[3] + 1);
    const rand = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
    const xs = rand(xShape.reduce((a, b) => a * b)), dys = rand(xShape[0] * xShape[1] * xShape[2] * fShape[3]);
    const expected = directFilterGradient(xs, xShape, dys, fShape);
    for (const which of ['conv2d', 'conv3d'] as const) {
      standIn = which;
      const grad = (): Float32Array => tf.tidy(() => {
        const x = tf.tensor4d(xs, xShape), dy = tf.tensor4d(dys, [xShape[0], xShape[1], xShape[2], fShape[3]]);
        const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: fShape };
        return (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync() as Float32Array;
      });
      const got = grad();
      // Float32 sums of up to 25,088 terms: the error scale is Σ|terms| times a few hundred float32 ulps.
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected.dw[i]!) / expected.magnitude[i]!);
      if (!(worst < 1e-5)) throw new Error(`bench: the ${which} stand-in for Conv2DBackpropFilter differs from the filter gradient by ${worst} of Σ|terms|`);
      const reps = 5, t0 = performance.now();
      for (let r = 0; r < reps; r++) grad();
      ms[which] += (performance.now() - t0) / reps;
    }
  }
  standIn = (Object.keys(ms) as FilterGradStandIn[]).reduce((a, b) => (ms[b] < ms[a] ? b : a));
  standInReport = `tfjs-wasm Conv2DBackpropFilter stand-in: ${standIn} (W3's two filter gradients take ${ms.conv2d.toFixed(2)} ms via Conv2D, ${ms.conv3d.toFixed(2)} ms via Conv3DBackpropFilterV2; both equal the gradient by its definition to 1e-5·Σ|terms|)`;
  console.error(standInReport);
}

/** The filter gradient of a stride-1 'same' conv2d by its definition, in float64 loops: what the stand-ins must equal. */
function directFilterGradient(xs: Float32Array, xShape: [number, number, number, number], dys: Float32Array, fShape: [number, number, number, number]): { dw: Float64Array; magnitude: Float64Array } {
  const [n, h, w, ci] = xShape, [kh, kw, , co] = fShape;
  const pt = Math.floor((kh - 1) / 2), pl = Math.floor((kw - 1) / 2);
  const dw = new Float64Array(kh * kw * ci * co), magnitude = new Float64Array(dw.length);
  for (let b = 0; b < n; b++) for (let oy = 0; oy < h; oy++) for (let ox = 0; ox < w; ox++) {
    const d = ((b * h + oy) * w + ox) * co;
    for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
      const y = oy + ky - pt, x = ox + kx - pl;
      if (y < 0 || y >= h || x < 0 || x >= w) continue;
      const at = ((b * h + y) * w + x) * ci;
      for (let c = 0; c < ci; c++) for (let f = 0; f < co; f++) {
        const t = xs[at + c]! * dys[d + f]!, i = ((ky * kw + kx) * ci + c) * co + f;
        dw[i]! += t;
        magnitude[i]! += Math.abs(t);
      }
    }
  }
  return { dw, magnitude };
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
