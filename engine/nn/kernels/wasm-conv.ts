/*
 * The host side of the convolution and pooling kernels (source: engine/nn/kernels/wasm/conv.ts).
 * A layer's forward or backward is one visit to the shared instance: its operands are copied in,
 * the columns are built, multiplied and summed back inside wasm memory, and only the results
 * are copied out. So the column matrix never exists in JavaScript, and the one workspace all
 * layers share is as big as the largest single call, not the sum of the layers.
 */
import { WindowGeometry } from '../layers/conv-geometry';
import { patchSize } from './im2col';
import { MatmulForm } from './wasm-matmul';
import { WasmInstance, align16 } from './wasm-module';

/** A convolution's operands: weights [patch × filters] and bias [filters], as Conv2D holds them. */
export interface ConvParams {
  weights: Float32Array;
  bias: Float32Array;
  filters: number;
}

const imageSizeOf = (g: WindowGeometry): number => g.inH * g.inW * g.channels;

/**
 * out = conv(input) + bias for `rows` images, `perPass` images at a time (which bounds the
 * column matrix): for each pass, im2col, the bias broadcast and the matmul accumulating onto it.
 */
export function convForward(w: WasmInstance, g: WindowGeometry, p: ConvParams, input: Float32Array, rows: number, perPass: number, out: Float32Array): void {
  const k = w.k, patch = patchSize(g), pixels = g.outH * g.outW, f = p.filters, imageSize = imageSizeOf(g);
  const most = Math.min(rows, perPass);
  const inAt = w.base;
  const wAt = align16(inAt + most * imageSize * 4);
  const bAt = align16(wAt + patch * f * 4);
  const outAt = align16(bAt + f * 4);
  const colsAt = align16(outAt + most * pixels * f * 4);
  const packAt = align16(colsAt + most * pixels * patch * 4);
  w.reserve(packAt + k.packedBytes(patch, f));
  w.put(p.weights, wAt);
  w.put(p.bias, bAt);
  for (let first = 0; first < rows; first += perPass) {
    const images = Math.min(perPass, rows - first), m = images * pixels;
    w.f32.set(input.subarray(first * imageSize, (first + images) * imageSize), inAt >> 2);
    k.im2col(inAt, images, g.inH, g.inW, g.channels, g.kH, g.kW, g.stride, g.padTop, g.padLeft, g.outH, g.outW, colsAt);
    k.broadcastRows(bAt, outAt, m, f);
    k.matmul(MatmulForm.AB, colsAt, wAt, outAt, m, patch, f, 1, packAt);
    w.get(outAt, out, m * f, first * pixels * f);
  }
}

/**
 * The gradients of convForward: weightGrad and biasGrad (overwritten, summed over the passes),
 * and dx (the input gradient) unless it is null. Columns are rebuilt from the input here: the
 * forward's were overwritten by the layers after it, and rebuilding costs less than keeping them.
 */
export function convBackward(w: WasmInstance, g: WindowGeometry, p: ConvParams, input: Float32Array, dy: Float32Array, rows: number, perPass: number, weightGrad: Float32Array, biasGrad: Float32Array, dx: Float32Array | null): void {
  const k = w.k, patch = patchSize(g), pixels = g.outH * g.outW, f = p.filters, imageSize = imageSizeOf(g);
  const most = Math.min(rows, perPass);
  const inAt = w.base;
  const dyAt = align16(inAt + most * imageSize * 4);
  const wAt = align16(dyAt + most * pixels * f * 4);
  const wgAt = align16(wAt + patch * f * 4);
  const bgAt = align16(wgAt + patch * f * 4);
  const colsAt = align16(bgAt + f * 4);
  const colGradsAt = align16(colsAt + most * pixels * patch * 4);
  const dxAt = align16(colGradsAt + (dx ? most * pixels * patch * 4 : 0));
  const packAt = align16(dxAt + (dx ? most * imageSize * 4 : 0));
  w.reserve(packAt + Math.max(k.packedBytes(most * pixels, f), k.packedBytes(f, patch)));
  if (dx) w.put(p.weights, wAt);
  for (let first = 0; first < rows; first += perPass) {
    const images = Math.min(perPass, rows - first), m = images * pixels, acc = first > 0 ? 1 : 0;
    w.f32.set(input.subarray(first * imageSize, (first + images) * imageSize), inAt >> 2);
    w.f32.set(dy.subarray(first * pixels * f, (first + images) * pixels * f), dyAt >> 2);
    k.sumRows(dyAt, bgAt, m, f, acc);
    k.im2col(inAt, images, g.inH, g.inW, g.channels, g.kH, g.kW, g.stride, g.padTop, g.padLeft, g.outH, g.outW, colsAt);
    // dW = colsᵀ · dY, summed over the passes.
    k.matmul(MatmulForm.ATB, colsAt, dyAt, wgAt, patch, m, f, acc, packAt);
    if (dx) {
      // dCols = dY · Wᵀ, then each patch value goes back to the pixel it was read from.
      k.matmul(MatmulForm.ABT, dyAt, wAt, colGradsAt, m, f, patch, 0, packAt);
      k.col2im(colGradsAt, images, g.inH, g.inW, g.channels, g.kH, g.kW, g.stride, g.padTop, g.padLeft, g.outH, g.outW, dxAt);
      w.get(dxAt, dx, images * imageSize, first * imageSize);
    }
  }
  w.get(wgAt, weightGrad, patch * f);
  w.get(bgAt, biasGrad, f);
}

/** Max pooling of `rows` images: y and, for backward, `winner` (flat input index of each output's maximum). */
export function maxPoolForward(w: WasmInstance, g: WindowGeometry, x: Float32Array, rows: number, y: Float32Array, winner: Int32Array): void {
  const outputs = rows * g.outH * g.outW * g.channels;
  const xAt = w.base, yAt = align16(xAt + rows * imageSizeOf(g) * 4), winAt = align16(yAt + outputs * 4);
  w.reserve(winAt + outputs * 4);
  w.put(x, xAt, rows * imageSizeOf(g));
  w.k.maxPoolForward(xAt, 0, rows, g.inH, g.inW, g.channels, g.kH, g.kW, g.stride, g.outH, g.outW, yAt, winAt);
  w.get(yAt, y, outputs);
  winner.set(w.i32.subarray(winAt >> 2, (winAt >> 2) + outputs));
}

/** dx = the max-pool gradient: each dy value added at its window's winner. */
export function maxPoolBackward(w: WasmInstance, g: WindowGeometry, dy: Float32Array, winner: Int32Array, rows: number, dx: Float32Array): void {
  const outputs = rows * g.outH * g.outW * g.channels, count = rows * imageSizeOf(g);
  const dyAt = w.base, winAt = align16(dyAt + outputs * 4), dxAt = align16(winAt + outputs * 4);
  w.reserve(dxAt + count * 4);
  w.put(dy, dyAt, outputs);
  w.i32.set(winner.subarray(0, outputs), winAt >> 2);
  w.k.maxPoolBackward(dyAt, winAt, outputs, 0, dxAt, count);
  w.get(dxAt, dx, count);
}

/** Average pooling of `rows` images into y. */
export function avgPoolForward(w: WasmInstance, g: WindowGeometry, x: Float32Array, rows: number, y: Float32Array): void {
  const outputs = rows * g.outH * g.outW * g.channels;
  const xAt = w.base, yAt = align16(xAt + rows * imageSizeOf(g) * 4);
  w.reserve(yAt + outputs * 4);
  w.put(x, xAt, rows * imageSizeOf(g));
  w.k.avgPoolForward(xAt, rows, g.inH, g.inW, g.channels, g.kH, g.kW, g.stride, g.outH, g.outW, yAt, 1 / (g.kH * g.kW));
  w.get(yAt, y, outputs);
}

/** dx = the average-pool gradient of dy. */
export function avgPoolBackward(w: WasmInstance, g: WindowGeometry, dy: Float32Array, rows: number, dx: Float32Array): void {
  const outputs = rows * g.outH * g.outW * g.channels, count = rows * imageSizeOf(g);
  const dyAt = w.base, dxAt = align16(dyAt + outputs * 4);
  w.reserve(dxAt + count * 4);
  w.put(dy, dyAt, outputs);
  w.k.avgPoolBackward(dyAt, rows, g.inH, g.inW, g.channels, g.kH, g.kW, g.stride, g.outH, g.outW, dxAt, 1 / (g.kH * g.kW));
  w.get(dxAt, dx, count);
}

/** y = ReLU(x) over n values (branch-free f32x4; the reference's branch mispredicts on mixed signs). */
export function reluForward(w: WasmInstance, x: Float32Array, y: Float32Array, n: number): void {
  const xAt = w.base, yAt = align16(xAt + n * 4);
  w.reserve(yAt + n * 4);
  w.put(x, xAt, n);
  w.k.reluForward(xAt, yAt, n);
  w.get(yAt, y, n);
}

/** dx = ReLU′(x)·dy over n values. */
export function reluBackward(w: WasmInstance, x: Float32Array, dy: Float32Array, dx: Float32Array, n: number): void {
  const xAt = w.base, dyAt = align16(xAt + n * 4), dxAt = align16(dyAt + n * 4);
  w.reserve(dxAt + n * 4);
  w.put(x, xAt, n);
  w.put(dy, dyAt, n);
  w.k.reluBackward(xAt, dyAt, dxAt, n);
  w.get(dxAt, dx, n);
}
