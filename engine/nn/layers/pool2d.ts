import { layerKernels } from '../kernels';
import * as wasmPool from '../kernels/wasm-conv';
import { BufferCache, Tensor, rowsOf } from '../tensor';
import { ImageShape, WindowGeometry, requireGeometry } from './conv-geometry';
import { Layer } from './layer';

/**
 * Pooling windows never pad: a window hanging over the edge would pool made-up zeros.
 * Forward and backward run in the wasm module when it is on (engine/nn/kernels/wasm-conv.ts, the
 * same loops in the same order, so the same values bit for bit); the loops here are the reference.
 */
abstract class Pool2D implements Layer {
  abstract readonly kind: 'maxpool2d' | 'avgpool2d';
  readonly params = [];
  readonly geometry: WindowGeometry;
  readonly outputShape: ImageShape;
  readonly outputSize: number;
  protected readonly outputs: BufferCache;
  protected readonly inputGrads: BufferCache;

  constructor(readonly name: string, readonly inputShape: ImageShape, readonly size: number, readonly stride = size) {
    this.geometry = requireGeometry(name, inputShape, size, stride, 'valid');
    this.outputShape = [this.geometry.outH, this.geometry.outW, inputShape[2]];
    this.outputSize = this.geometry.outH * this.geometry.outW * inputShape[2];
    this.outputs = new BufferCache(this.outputShape);
    this.inputGrads = new BufferCache(inputShape);
  }

  abstract forward(input: Tensor, training: boolean): Tensor;
  abstract backward(outputGrad: Tensor): Tensor;
}

/** The largest value of each size×size window, per channel; the gradient goes to that value alone. */
export class MaxPool2D extends Pool2D {
  readonly kind = 'maxpool2d';
  /** For each output value, the flat index (within the batch) of the input value that won. */
  private readonly winners = new Map<number, Int32Array>();
  private winner: Int32Array | undefined;

  forward(input: Tensor): Tensor {
    const rows = rowsOf(input);
    const out = this.outputs.get(rows);
    let winner = this.winners.get(rows);
    if (!winner) this.winners.set(rows, (winner = new Int32Array(rows * this.outputSize)));
    this.winner = winner;
    const wasm = layerKernels();
    if (wasm) {
      wasmPool.maxPoolForward(wasm, this.geometry, input.data, rows, out.data, winner);
      return out;
    }
    const { inH, inW, channels: c, kH, kW, stride, outH, outW } = this.geometry;
    const x = input.data, y = out.data;
    // Window pixels outside, channels inside: the inner loop walks C contiguous values.
    let o = 0;
    for (let n = 0; n < rows; n++) {
      const base = n * inH * inW * c;
      for (let oy = 0; oy < outH; oy++) for (let ox = 0; ox < outW; ox++, o += c) {
        const corner = base + (oy * stride * inW + ox * stride) * c;
        for (let ch = 0; ch < c; ch++) {
          y[o + ch] = x[corner + ch]!;
          winner[o + ch] = corner + ch;
        }
        for (let ky = 0; ky < kH; ky++) for (let kx = 0; kx < kW; kx++) {
          const at = corner + (ky * inW + kx) * c;
          for (let ch = 0; ch < c; ch++) {
            const v = x[at + ch]!;
            if (v > y[o + ch]!) {
              y[o + ch] = v;
              winner[o + ch] = at + ch;
            }
          }
        }
      }
    }
    return out;
  }

  backward(outputGrad: Tensor): Tensor {
    if (!this.winner) throw new Error(`${this.name}: backward before forward`);
    const rows = rowsOf(outputGrad);
    const dx = this.inputGrads.get(rows);
    const wasm = layerKernels();
    if (wasm) {
      wasmPool.maxPoolBackward(wasm, this.geometry, outputGrad.data, this.winner, rows, dx.data);
      return dx;
    }
    dx.data.fill(0);
    const dy = outputGrad.data, w = this.winner;
    // += because overlapping windows (stride < size) can share a winner.
    for (let o = 0; o < rows * this.outputSize; o++) dx.data[w[o]!]! += dy[o]!;
    return dx;
  }
}

/** The mean of each size×size window, per channel; the gradient is shared equally by its cells. */
export class AvgPool2D extends Pool2D {
  readonly kind = 'avgpool2d';

  forward(input: Tensor): Tensor {
    const rows = rowsOf(input);
    const out = this.outputs.get(rows);
    const wasm = layerKernels();
    if (wasm) {
      wasmPool.avgPoolForward(wasm, this.geometry, input.data, rows, out.data);
      return out;
    }
    const { inH, inW, channels: c, kH, kW, stride, outH, outW } = this.geometry;
    const x = input.data, y = out.data, scale = 1 / (kH * kW);
    let o = 0;
    for (let n = 0; n < rows; n++) {
      const base = n * inH * inW * c;
      for (let oy = 0; oy < outH; oy++) for (let ox = 0; ox < outW; ox++, o += c) {
        const corner = base + (oy * stride * inW + ox * stride) * c;
        y.fill(0, o, o + c);
        for (let ky = 0; ky < kH; ky++) for (let kx = 0; kx < kW; kx++) {
          const at = corner + (ky * inW + kx) * c;
          for (let ch = 0; ch < c; ch++) y[o + ch]! += x[at + ch]!;
        }
        for (let ch = 0; ch < c; ch++) y[o + ch]! *= scale;
      }
    }
    return out;
  }

  backward(outputGrad: Tensor): Tensor {
    const rows = rowsOf(outputGrad);
    const dx = this.inputGrads.get(rows);
    const wasm = layerKernels();
    if (wasm) {
      wasmPool.avgPoolBackward(wasm, this.geometry, outputGrad.data, rows, dx.data);
      return dx;
    }
    const { inH, inW, channels: c, kH, kW, stride, outH, outW } = this.geometry;
    const dy = outputGrad.data, d = dx.data, scale = 1 / (kH * kW);
    d.fill(0);
    let o = 0;
    for (let n = 0; n < rows; n++) {
      const base = n * inH * inW * c;
      for (let oy = 0; oy < outH; oy++) for (let ox = 0; ox < outW; ox++) {
        for (let ch = 0; ch < c; ch++) {
          const g = dy[o++]! * scale;
          for (let ky = 0; ky < kH; ky++) for (let kx = 0; kx < kW; kx++) {
            d[base + ((oy * stride + ky) * inW + ox * stride + kx) * c + ch]! += g;
          }
        }
      }
    }
    return dx;
  }
}
