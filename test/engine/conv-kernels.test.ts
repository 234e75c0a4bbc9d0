/*
 * The WebAssembly conv and pooling kernels (engine/nn/kernels/wasm/conv.ts, through
 * engine/nn/kernels/wasm-conv.ts) against the TypeScript reference loops, on random shapes with
 * the edge cases: batch 1, odd sizes, stride 2 and 3, 'valid', 'same' and numeric padding,
 * 1×1 and even kernels, filter counts that are not a multiple of the matmul's 8-column panel,
 * and batches split into several im2col passes.
 *
 * im2col, col2im, the pooling loops and the bias gradient copy and add in the reference's
 * order, so they must agree bit for bit. Outputs and weight/input gradients go through the
 * matmul, which rounds each partial sum to float32 where the reference sums in float64: there
 * the bound is the matmul test's, 2·(k+2)·2⁻²⁴·Σ|terms|, with Σ|terms| computed by running the
 * reference on absolute values.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useWasmKernels } from '../../engine/nn/kernels';
import { col2im, im2col, patchSize } from '../../engine/nn/kernels/im2col';
import { sharedWasm } from '../../engine/nn/kernels/wasm-module';
import { Padding, requireGeometry } from '../../engine/nn/layers/conv-geometry';
import { ActivationLayer } from '../../engine/nn/layers/activation-layer';
import { Conv2D } from '../../engine/nn/layers/conv2d';
import { AvgPool2D, MaxPool2D } from '../../engine/nn/layers/pool2d';
import { Prng } from '../../engine/prng';
import { tensor } from '../../engine/nn/tensor';

const U = 2 ** -24;

function random(n: number, rng: Prng): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(-1, 1);
  return a;
}

function assertSame(got: Float32Array | Int32Array, want: Float32Array | Int32Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) assert.fail(`${what}[${i}]: wasm ${got[i]} vs reference ${want[i]}`);
}

function assertWithin(got: Float32Array, want: Float32Array, magnitude: Float32Array, terms: number, what: string): void {
  for (let i = 0; i < want.length; i++) {
    const tol = 2 * (terms + 2) * U * magnitude[i]! + 1e-30;
    const d = Math.abs(got[i]! - want[i]!);
    if (!(d <= tol)) assert.fail(`${what}[${i}]: wasm ${got[i]} vs reference ${want[i]} (|Δ| ${d.toExponential(2)} > ${tol.toExponential(2)})`);
  }
}

/** Runs f with the wasm kernels off (the TypeScript reference loops), then turns them back on. */
function onReference<T>(f: () => T): T {
  useWasmKernels(false);
  try {
    return f();
  } finally {
    useWasmKernels(true);
  }
}

type Case = [label: string, shape: [number, number, number], batch: number, filters: number, kernel: number, stride: number, padding: Padding];
const cases: Case[] = [
  ['batch 1, 1×1 kernel', [5, 4, 3], 1, 7, 1, 1, 'valid'],
  ['W3 conv1 shape', [28, 28, 1], 3, 8, 5, 1, 'same'],
  ['W3 conv2 shape', [14, 14, 8], 2, 16, 5, 1, 'same'],
  ['odd sizes, stride 2, same', [7, 9, 3], 3, 5, 3, 2, 'same'],
  ['stride 3, valid, even kernel', [11, 8, 2], 2, 9, 4, 3, 'valid'],
  ['numeric padding 2, stride 2', [6, 5, 4], 1, 3, 3, 2, 2],
  ['kernel as large as the image', [5, 5, 2], 4, 1, 5, 1, 'valid'],
];

// A few random shapes too (seeded: the same ones each run).
const rng0 = new Prng(2026);
for (let r = 0; r < 6; r++) {
  const kernel = 1 + Math.floor(rng0.uniform(0, 5));
  const h = kernel + Math.floor(rng0.uniform(0, 9)), w = kernel + Math.floor(rng0.uniform(0, 9));
  const pads: Padding[] = ['valid', 'same', Math.floor(rng0.uniform(0, 3))];
  cases.push([`random ${r + 1}`, [h, w, 1 + Math.floor(rng0.uniform(0, 5))], 1 + Math.floor(rng0.uniform(0, 4)), 1 + Math.floor(rng0.uniform(0, 12)), kernel, 1 + Math.floor(rng0.uniform(0, 3)), pads[r % 3]!]);
}

for (const [label, shape, batch, filters, kernel, stride, padding] of cases) {
  const name = `${label}: ${batch}×${shape.join('×')}, ${filters} filters ${kernel}×${kernel}, stride ${stride}, padding ${padding}`;

  test(`im2col and col2im in wasm equal the reference bit for bit (${name})`, () => {
    const w = sharedWasm()!;
    const rng = new Prng(label.length * 31 + batch);
    const g = requireGeometry('c', shape, kernel, stride, padding);
    const imageSize = shape[0] * shape[1] * shape[2], colsLen = batch * g.outH * g.outW * patchSize(g);
    const input = random(batch * imageSize, rng);
    const want = new Float32Array(colsLen);
    im2col(input, 0, batch, g, want);
    const inAt = w.base, colsAt = inAt + input.length * 4, outAt = colsAt + colsLen * 4;
    w.reserve(outAt + input.length * 4);
    w.put(input, inAt);
    w.k.im2col(inAt, batch, g.inH, g.inW, g.channels, g.kH, g.kW, g.stride, g.padTop, g.padLeft, g.outH, g.outW, colsAt);
    const got = new Float32Array(colsLen);
    w.get(colsAt, got);
    assertSame(got, want, 'columns');
    // col2im of random columns (overlapping windows sum in the reference's order).
    const cols = random(colsLen, rng);
    const back = new Float32Array(input.length);
    col2im(cols, 0, batch, g, back);
    w.put(cols, colsAt);
    w.k.col2im(colsAt, batch, g.inH, g.inW, g.channels, g.kH, g.kW, g.stride, g.padTop, g.padLeft, g.outH, g.outW, outAt);
    const gotBack = new Float32Array(input.length);
    w.get(outAt, gotBack);
    assertSame(gotBack, back, 'col2im');
  });

  test(`Conv2D on the wasm kernels equals the TypeScript path (${name})`, () => {
    const rng = new Prng(label.length * 17 + filters);
    const make = (): Conv2D => new Conv2D('c', shape, filters, kernel, stride, padding);
    const fast = make(), ref = make(), abs = make();
    const weights = random(fast.weights.value.length, rng), bias = random(filters, rng);
    for (const c of [fast, ref]) { c.weights.value.set(weights); c.bias.value.set(bias); }
    abs.weights.value.set(weights.map(Math.abs));
    abs.bias.value.set(bias.map(Math.abs));
    const x = tensor([batch, ...shape], random(batch * shape[0] * shape[1] * shape[2], rng));
    const xAbs = tensor([batch, ...shape], x.data.map(Math.abs));
    const dy = tensor([batch, fast.outputSize], random(batch * fast.outputSize, rng));
    const dyAbs = tensor([batch, fast.outputSize], dy.data.map(Math.abs));
    const patch = kernel * kernel * shape[2];

    const y = fast.forward(x).data.slice();
    const yRef = onReference(() => ref.forward(x).data.slice());
    const yMag = onReference(() => abs.forward(xAbs).data.slice());
    assertWithin(y, yRef, yMag, patch, 'output');

    const dx = fast.backward(dy).data.slice();
    const [dxRef, dwRef, dbRef] = onReference(() => [ref.backward(dy).data.slice(), ref.weights.grad.slice(), ref.bias.grad.slice()]);
    const [dxMag, dwMag] = onReference(() => [abs.backward(dyAbs).data.slice(), abs.weights.grad.slice()]);
    assertSame(fast.bias.grad, dbRef, 'bias gradient');
    assertWithin(fast.weights.grad, dwRef, dwMag, batch * fast.outputShape[0] * fast.outputShape[1], 'weight gradient');
    assertWithin(dx, dxRef, dxMag, filters, 'input gradient');
  });
}

test('Conv2D on wasm: a batch split into several im2col passes equals the TypeScript path', () => {
  const rng = new Prng(9);
  // 64·64·100 column values per image, more than one pass holds: 7 images take seven passes.
  const make = (): Conv2D => new Conv2D('big', [64, 64, 4], 3, 5, 1, 'same');
  const fast = make(), ref = make(), abs = make();
  const weights = random(fast.weights.value.length, rng);
  fast.weights.value.set(weights);
  ref.weights.value.set(weights);
  abs.weights.value.set(weights.map(Math.abs));
  const x = tensor([7, 64, 64, 4], random(7 * 64 * 64 * 4, rng));
  const dy = tensor([7, fast.outputSize], random(7 * fast.outputSize, rng));
  const y = fast.forward(x).data.slice();
  const dx = fast.backward(dy).data.slice();
  const yRef = onReference(() => ref.forward(x).data.slice());
  const dxRef = onReference(() => ref.backward(dy).data.slice());
  const yMag = onReference(() => abs.forward({ shape: x.shape, data: x.data.map(Math.abs) }).data.slice());
  const dwMag = onReference(() => (abs.backward({ shape: dy.shape, data: dy.data.map(Math.abs) }), abs.weights.grad.slice()));
  assertWithin(y, yRef, yMag, 100, 'output');
  assertWithin(fast.weights.grad, ref.weights.grad, dwMag, 7 * 64 * 64, 'weight gradient');
  assertSame(fast.bias.grad, ref.bias.grad, 'bias gradient');
  for (let i = 0; i < dx.length; i++) assert.ok(Math.abs(dx[i]! - dxRef[i]!) <= 1e-5 * (1 + Math.abs(dxRef[i]!)), `input gradient[${i}]`);
});

for (const [label, Pool, shape, batch, size, stride] of [
  ['max 2×2, batch 1', MaxPool2D, [6, 6, 3], 1, 2, 2],
  ['max 3×3 stride 2 (overlapping), odd size', MaxPool2D, [7, 9, 2], 3, 3, 2],
  ['max 2×2 on W3 conv1 output', MaxPool2D, [28, 28, 8], 2, 2, 2],
  ['max with ties (winner: first in window order)', MaxPool2D, [4, 4, 2], 2, 2, 1],
  ['max with ties, 4 channels (the f32x4 path), overlapping', MaxPool2D, [5, 5, 4], 3, 2, 1],
  ['max 3×3 stride 3, 12 channels (f32x4)', MaxPool2D, [9, 7, 12], 1, 3, 3],
  ['avg 2×2, odd size (last row and column unused)', AvgPool2D, [7, 5, 3], 2, 2, 2],
  ['avg 3×3 stride 1', AvgPool2D, [6, 7, 2], 1, 3, 1],
] as const) {
  test(`${label}: wasm pooling equals the reference bit for bit, forward and backward`, () => {
    const rng = new Prng(size * 7 + batch);
    const fast = new Pool('p', shape, size, stride), ref = new Pool('p', shape, size, stride);
    const n = batch * shape[0] * shape[1] * shape[2];
    const x = tensor([batch, ...shape], label.includes('ties') ? random(n, rng).map((v) => Math.round(v * 2) / 2) : random(n, rng));
    const dy = tensor([batch, fast.outputSize], random(batch * fast.outputSize, rng));
    assertSame(fast.forward(x).data, onReference(() => ref.forward(x).data), 'output');
    assertSame(fast.backward(dy).data, onReference(() => ref.backward(dy).data), 'input gradient');
  });
}

test('ReLU over a large map in wasm equals the reference bit for bit, NaN, −0 and an odd tail included', () => {
  const rng = new Prng(12);
  const n = 3 * 4099; // above the wasm threshold, not a multiple of 4
  const make = (): ActivationLayer => new ActivationLayer('relu', n, 'relu');
  const fast = make(), ref = make();
  const x = tensor([1, n], random(n, rng));
  x.data[0] = NaN;
  x.data[1] = -0;
  x.data[2] = 0;
  x.data[n - 1] = -1;
  x.data[n - 2] = 2;
  const dy = tensor([1, n], random(n, rng));
  assertSame(fast.forward(x).data, onReference(() => ref.forward(x).data), 'output');
  assertSame(fast.backward(dy).data, onReference(() => ref.backward(dy).data), 'input gradient');
});
