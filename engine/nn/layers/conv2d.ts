import { col2im, im2col, patchSize } from '../kernels/im2col';
import { layerKernels, matmul, matmulTransA, matmulTransB } from '../kernels';
import { ConvParams, convBackward, convForward } from '../kernels/wasm-conv';
import { broadcastRows, sumRows } from '../kernels/ops';
import { BufferCache, Tensor, rowsOf } from '../tensor';
import { ImageShape, Padding, WindowGeometry, requireGeometry } from './conv-geometry';
import { Layer, Param } from './layer';

/**
 * Upper bound on the column matrix, in values (1 MB of float32). Batches whose columns would be
 * larger are convolved a group of images at a time, so memory stays bounded whatever the batch
 * size; each group is still a matmul of hundreds of rows (W3's conv2: 6 images, 1,176 rows),
 * so smaller groups cost no speed (measured on W3) and keep the columns in the L2 cache.
 */
const MAX_COLUMN_VALUES = 1 << 18;

/**
 * A 2-D convolution over channels-last images: `filters` kernels of kernel×kernel×C, each
 * sliding by `stride`, plus a bias per filter. Computed as im2col + matmul: in the wasm module
 * when it is on (engine/nn/kernels/wasm-conv.ts: the columns stay in its shared memory), else with
 * the TypeScript kernels below, which are the readable reference it is tested against. Weights are stored
 * [kernel·kernel·C × filters] in (ky, kx, c) row order (TensorFlow's HWIO, flattened), so
 * column f of the weight matrix is filter f.
 */
export class Conv2D implements Layer {
  readonly kind = 'conv2d';
  readonly weights: Param;
  readonly bias: Param;
  readonly params: readonly Param[];
  readonly geometry: WindowGeometry;
  readonly outputShape: ImageShape;
  readonly outputSize: number;
  /** Off for the first layer: its input gradient is never used, and col2im is half its backward. */
  computeInputGrad = true;
  /** Values in one patch: kernel·kernel·C. */
  private readonly patch: number;
  /** Output pixels per image. */
  private readonly pixels: number;
  /** Images convolved per im2col pass. */
  private readonly imagesPerPass: number;
  private cols = new Float32Array(0);
  private colGrads = new Float32Array(0);
  /** Whether `cols` still holds the whole batch of the last forward (so backward need not rebuild it). */
  private colsHoldBatch = false;
  private input: Tensor | undefined;
  private readonly outputs: BufferCache;
  private readonly inputGrads: BufferCache;

  constructor(
    readonly name: string,
    readonly inputShape: ImageShape,
    readonly filters: number,
    readonly kernel: number,
    readonly stride = 1,
    readonly padding: Padding = 'valid',
  ) {
    this.geometry = requireGeometry(name, inputShape, kernel, stride, padding);
    const { outH, outW } = this.geometry;
    this.outputShape = [outH, outW, filters];
    this.outputSize = outH * outW * filters;
    this.patch = patchSize(this.geometry);
    this.pixels = outH * outW;
    this.imagesPerPass = Math.max(1, Math.floor(MAX_COLUMN_VALUES / (this.pixels * this.patch)));
    const w = this.patch * filters;
    this.weights = { name: `${name}.weights`, shape: [kernel, kernel, inputShape[2], filters], value: new Float32Array(w), grad: new Float32Array(w), isBias: false };
    this.bias = { name: `${name}.bias`, shape: [filters], value: new Float32Array(filters), grad: new Float32Array(filters), isBias: true };
    this.params = [this.weights, this.bias];
    this.outputs = new BufferCache(this.outputShape);
    this.inputGrads = new BufferCache(inputShape);
  }

  forward(input: Tensor): Tensor {
    const rows = rowsOf(input);
    const out = this.outputs.get(rows);
    this.input = input;
    const wasm = layerKernels();
    if (wasm) {
      this.colsHoldBatch = false;
      convForward(wasm, this.geometry, this.convParams(), input.data, rows, this.imagesPerPass, out.data);
      return out;
    }
    const { patch, pixels, filters } = this;
    const cols = this.columnBuffer(rows);
    for (let first = 0; first < rows; first += this.imagesPerPass) {
      const images = Math.min(this.imagesPerPass, rows - first);
      const m = images * pixels;
      const outPart = out.data.subarray(first * pixels * filters, (first + images) * pixels * filters);
      im2col(input.data, first, images, this.geometry, cols);
      broadcastRows(this.bias.value, outPart, m);
      matmul(cols, this.weights.value, outPart, m, patch, filters, true);
    }
    this.colsHoldBatch = rows <= this.imagesPerPass;
    return out;
  }

  backward(outputGrad: Tensor): Tensor {
    const input = this.input;
    if (!input) throw new Error(`${this.name}: backward before forward`);
    const rows = rowsOf(outputGrad);
    const dx = this.inputGrads.get(rows);
    const wasm = layerKernels();
    if (wasm) {
      convBackward(wasm, this.geometry, this.convParams(), input.data, outputGrad.data, rows, this.imagesPerPass, this.weights.grad, this.bias.grad, this.computeInputGrad ? dx.data : null);
      return dx;
    }
    const { patch, pixels, filters } = this;
    const dy = outputGrad.data;
    sumRows(dy, this.bias.grad, rows * pixels, filters);
    const cols = this.columnBuffer(rows);
    for (let first = 0; first < rows; first += this.imagesPerPass) {
      const images = Math.min(this.imagesPerPass, rows - first);
      const m = images * pixels;
      const dyPart = dy.subarray(first * pixels * filters, (first + images) * pixels * filters);
      if (!this.colsHoldBatch) im2col(input.data, first, images, this.geometry, cols);
      // dW = colsᵀ · dY, summed over the passes.
      matmulTransA(cols, dyPart, this.weights.grad, patch, m, filters, first > 0);
      if (this.computeInputGrad) {
        // dCols = dY · Wᵀ, then each patch value goes back to the pixel it was read from.
        matmulTransB(dyPart, this.weights.value, this.colGrads, m, filters, patch);
        col2im(this.colGrads, first, images, this.geometry, dx.data);
      }
    }
    return dx;
  }

  private operands: ConvParams | undefined;
  /** The weights and bias as the wasm kernels take them (made once: no object per call). */
  private convParams(): ConvParams {
    return (this.operands ??= { weights: this.weights.value, bias: this.bias.value, filters: this.filters });
  }

  /**
   * The TypeScript path's column matrix (and its gradient) for one pass over a batch of `rows`,
   * grown on first need only (the wasm path keeps its columns in wasm memory instead).
   */
  private columnBuffer(rows: number): Float32Array {
    const need = Math.min(rows, this.imagesPerPass) * this.pixels * this.patch;
    if (this.cols.length < need) {
      this.cols = new Float32Array(need);
      this.colGrads = new Float32Array(need);
    }
    return this.cols;
  }
}
