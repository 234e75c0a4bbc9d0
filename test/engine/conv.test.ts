/*
 * Conv2D, MaxPool2D, AvgPool2D and Flatten: a hand-computed forward example for each, and
 * their gradients against central differences, in the style of gradcheck.test.ts (float32 as in
 * training, h = 1e-2 on a single layer, tolerance 2e-3 + 1e-2·|g|; a whole CNN with h = 1e-3
 * and the float32 rounding term of the loss).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planConvStack, cnnPreset } from '../../engine/nn/conv-stack';
import { useWasmKernels } from '../../engine/nn/kernels';
import { windowGeometry } from '../../engine/nn/layers/conv-geometry';
import { Conv2D } from '../../engine/nn/layers/conv2d';
import { Flatten } from '../../engine/nn/layers/flatten';
import { AvgPool2D, MaxPool2D } from '../../engine/nn/layers/pool2d';
import { loss } from '../../engine/nn/losses';
import { buildModel } from '../../engine/nn/model';
import { Prng } from '../../engine/prng';
import { Tensor, tensor } from '../../engine/nn/tensor';
import { checkLayer, checkModelGradients, close } from './gradcheck-helpers';


/**
 * Both kernel paths: the gradient checks run on the wasm kernels (the default) and on the
 * TypeScript reference loops, so neither can drift from the calculus.
 */
const PATHS = [['wasm kernels', true], ['TypeScript kernels', false]] as const;

function onPath(wasm: boolean, f: () => void): void {
  useWasmKernels(wasm);
  try {
    f();
  } finally {
    useWasmKernels(true);
  }
}

function random(shape: number[], rng: Prng): Tensor {
  const t = tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal();
  return t;
}

test('window geometry: valid, same (TensorFlow padding), numeric padding, stride', () => {
  assert.deepEqual(windowGeometry([28, 28, 1], 5, 1, 'valid'), { inH: 28, inW: 28, channels: 1, kH: 5, kW: 5, stride: 1, padTop: 0, padLeft: 0, outH: 24, outW: 24 });
  const same = windowGeometry([28, 28, 1], 5, 1, 'same');
  assert.ok(typeof same !== 'string' && same.outH === 28 && same.padTop === 2);
  // 'same' with stride 2 on 7 pixels: ⌈7/2⌉ = 4 outputs, total padding 3·2 + 3 − 7 = 2, 1 on top.
  const s2 = windowGeometry([7, 7, 3], 3, 2, 'same');
  assert.ok(typeof s2 !== 'string' && s2.outH === 4 && s2.padTop === 1);
  const p1 = windowGeometry([5, 6, 1], 3, 2, 1);
  assert.ok(typeof p1 !== 'string' && p1.outH === 3 && p1.outW === 3 && p1.padLeft === 1);
  assert.match(windowGeometry([3, 3, 1], 5, 1, 'valid') as string, /does not fit the 3×3 input/);
});

test('Conv2D forward: a hand-computed 3×3 image, 2×2 kernel, two filters, bias', () => {
  const conv = new Conv2D('c', [3, 3, 1], 2, 2);
  // Weights are [ky, kx, c, f]: filter 0 = [[1, 0], [0, -1]] (a diagonal difference), filter 1 = all ones.
  conv.weights.value.set([1, 1, 0, 1, 0, 1, -1, 1]);
  conv.bias.value.set([0, 0.5]);
  const x = tensor([1, 3, 3, 1], Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
  const y = conv.forward(x);
  assert.deepEqual(conv.outputShape, [2, 2, 2]);
  // Output pixel (oy, ox) holds [filter 0, filter 1]: x[oy][ox] − x[oy+1][ox+1], and the window sum + 0.5.
  assert.deepEqual([...y.data], [1 - 5, 12.5, 2 - 6, 16.5, 4 - 8, 24.5, 5 - 9, 28.5]);
});

test('Conv2D forward: "same" padding reads zeros outside, stride 2 skips pixels, channels sum', () => {
  const conv = new Conv2D('c', [3, 3, 2], 1, 3, 2, 'same');
  conv.weights.value.fill(1);
  const x = tensor([1, 3, 3, 2]);
  for (let i = 0; i < 9; i++) {
    x.data[2 * i] = i + 1; // channel 0: 1…9
    x.data[2 * i + 1] = 10; // channel 1: 10 everywhere
  }
  const y = conv.forward(x);
  assert.deepEqual(conv.outputShape, [2, 2, 1]);
  // Output (0,0) covers pixels (0..1, 0..1) of the image (its top-left neighbours are padding).
  assert.deepEqual([...y.data], [1 + 2 + 4 + 5 + 40, 2 + 3 + 5 + 6 + 40, 4 + 5 + 7 + 8 + 40, 5 + 6 + 8 + 9 + 40]);
});

for (const [label, shape, filters, kernel, stride, padding] of [
  ['valid, 1 channel', [5, 5, 1], 3, 3, 1, 'valid'],
  ['same, 2 channels', [4, 5, 2], 2, 3, 1, 'same'],
  ['stride 2, same, even kernel', [6, 5, 3], 2, 2, 2, 'same'],
  ['padding 1, stride 2', [5, 4, 2], 3, 3, 2, 1],
] as const) {
  for (const [path, wasm] of PATHS) {
    test(`Conv2D (${label}, ${path}): weight, bias and input gradients match central differences`, () => onPath(wasm, () => {
      const rng = new Prng(label.length);
      const conv = new Conv2D('conv', shape, filters, kernel, stride, padding);
      for (const p of conv.params) for (let i = 0; i < p.value.length; i++) p.value[i] = rng.normal();
      checkLayer(conv, random([3, ...shape], rng), rng);
    }));
  }
}

test('Conv2D: a batch larger than one im2col pass gives the same output and gradients as one pass', () => {
  const rng = new Prng(4);
  // 64×64×4 with a 5×5 kernel is 64·64·100 = 409,600 column values per image: more than one pass holds, so one image per pass.
  const big = new Conv2D('big', [64, 64, 4], 2, 5, 1, 'same');
  for (const p of big.params) for (let i = 0; i < p.value.length; i++) p.value[i] = rng.normal() * 0.1;
  const x = random([7, 64, 64, 4], rng);
  const y = big.forward(x).data.slice();
  const dy = random([7, big.outputSize], rng);
  const dx = big.backward(dy).data.slice();
  const dw = big.weights.grad.slice();
  const dwSum = new Float64Array(dw.length);
  for (let n = 0; n < 7; n++) {
    const one = { shape: [1, 64, 64, 4], data: x.data.subarray(n * 64 * 64 * 4, (n + 1) * 64 * 64 * 4) };
    const yn = big.forward(one).data;
    for (let i = 0; i < yn.length; i += 997) close(y[n * big.outputSize + i]!, yn[i]!, 1e-4, 1e-4, `output of image ${n}`);
    const dxn = big.backward({ shape: [1, big.outputSize], data: dy.data.subarray(n * big.outputSize, (n + 1) * big.outputSize) }).data;
    for (let i = 0; i < dxn.length; i += 991) close(dx[n * 64 * 64 * 4 + i]!, dxn[i]!, 1e-4, 1e-4, `input grad of image ${n}`);
    big.weights.grad.forEach((g, i) => (dwSum[i]! += g));
  }
  dw.forEach((g, i) => close(g, dwSum[i]!, 1e-2, 1e-3, `weight grad ${i}`));
});

test('MaxPool2D and AvgPool2D forward: hand-computed 4×4 image, 2×2 windows', () => {
  const x = tensor([1, 4, 4, 1], Float32Array.of(1, 2, 5, 0, 3, 4, 1, 1, 0, 0, 9, 8, -1, -2, 7, 6));
  const max = new MaxPool2D('max', [4, 4, 1], 2);
  assert.deepEqual([...max.forward(x).data], [4, 5, 0, 9]);
  const avg = new AvgPool2D('avg', [4, 4, 1], 2);
  assert.deepEqual([...avg.forward(x).data], [2.5, 1.75, -0.75, 7.5]);
  // Overlapping windows: 3×3, stride 1 on the same image gives 2×2 maxima.
  assert.deepEqual([...new MaxPool2D('m3', [4, 4, 1], 3, 1).forward(x).data], [9, 9, 9, 9]);
  // The max-pool gradient goes to each window's winner only.
  const dx = max.backward(tensor([1, 4], Float32Array.of(1, 2, 3, 4))).data;
  assert.deepEqual([...dx], [0, 0, 2, 0, 0, 1, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0]);
});

for (const [label, Pool, size, stride] of [
  ['max 2×2', MaxPool2D, 2, 2], ['max 3×3 stride 2 (overlapping)', MaxPool2D, 3, 2],
  ['avg 2×2', AvgPool2D, 2, 2], ['avg 3×3 stride 1', AvgPool2D, 3, 1],
] as const) {
  for (const [path, wasm] of PATHS) {
    test(`${label} pooling (${path}): input gradient matches central differences`, () => onPath(wasm, () => {
      const rng = new Prng(size * 10 + stride);
      const shape = [6, 7, 2] as const;
      const pool = new Pool('pool', shape, size, stride);
      // Distinct values at least 0.05 apart, so a ±h nudge never changes which value wins a max.
      const x = tensor([2, ...shape]);
      const order = rng.shuffle(Array.from({ length: x.data.length }, (_, i) => i));
      order.forEach((v, i) => (x.data[i] = v * 0.05));
      checkLayer(pool, x, rng, 1e-2);
    }));
  }
}

test('Flatten: same values, [rows, H·W·C] shape; gradients pass through', () => {
  const f = new Flatten('flat', [2, 3, 4]);
  const x = tensor([5, 2, 3, 4]);
  const y = f.forward(x);
  assert.deepEqual(y.shape, [5, 24]);
  assert.equal(y.data, x.data);
  assert.equal(f.forward(x), y, 'no new object per step');
  const g = tensor([5, 24]);
  assert.equal(f.backward(g), g);
});

for (const [path, wasm] of PATHS) test(`CNN (conv → tanh → maxpool → conv → softplus → avgpool → dense → softmax CE, ${path}): every parameter gradient matches central differences`, () => onPath(wasm, () => {
  const rng = new Prng(21);
  const model = buildModel(
    {
      inputs: 8 * 8 * 2, outputs: 3, imageShape: [8, 8, 2],
      conv: [
        { type: 'conv2d', filters: 3, kernel: 3, padding: 'same', activation: 'tanh' },
        { type: 'maxpool2d', size: 2 },
        { type: 'conv2d', filters: 4, kernel: 3, stride: 1, activation: 'softplus' },
        { type: 'avgpool2d', size: 2 },
      ],
      hidden: [{ units: 5 }], activation: 'tanh',
      init: { kind: 'normal', mean: 0, std: 0.5 }, biasInit: { kind: 'normal', mean: 0, std: 0.3 }, dropout: 0,
    },
    rng, new Prng(1),
  );
  assert.deepEqual(model.layers.map((l) => l.kind), ['conv2d', 'activation', 'maxpool2d', 'conv2d', 'activation', 'avgpool2d', 'flatten', 'dense', 'activation', 'dense']);
  const rows = 4;
  const x = random([rows, 128], rng);
  const l = loss('softmax-cross-entropy');
  const t = Float32Array.from({ length: rows }, () => rng.int(3));
  checkModelGradients(model, x, l, t, rows, 3);
}));

test('building a conv model without an image shape, or with a kernel too large, names the field and the fix', () => {
  const base = { inputs: 4, outputs: 2, hidden: [], activation: 'relu' as const, init: { kind: 'he-normal' as const }, biasInit: { kind: 'zeros' as const }, dropout: 0 };
  assert.throws(() => buildModel({ ...base, conv: [{ type: 'conv2d', filters: 2, kernel: 3 }] }, new Prng(1), new Prng(1)), /model\.conv: .*need image rows.*dataset\.imageShape/);
  assert.throws(
    () => buildModel({ ...base, imageShape: [2, 2, 1], conv: [{ type: 'conv2d', filters: 2, kernel: 3 }] }, new Prng(1), new Prng(1)),
    /model\.conv\[0\] \(conv2d\): a 3×3 window does not fit the 2×2 input/,
  );
  assert.deepEqual(planConvStack([28, 28, 1], cnnPreset([28, 28, 1]).conv).shapes, [[28, 28, 8], [14, 14, 8], [14, 14, 16], [7, 7, 16]]);
  assert.deepEqual(planConvStack([8, 8, 3], cnnPreset([8, 8, 3]).conv).problems, []);
});
