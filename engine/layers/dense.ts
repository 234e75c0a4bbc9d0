import { matmul, matmulTransA, matmulTransB } from '../kernels';
import * as reference from '../kernels/matmul';
import { broadcastRows, sumRows } from '../kernels/ops';
import { BufferCache, Tensor, rowsOf } from '../tensor';
import type { ActivationLayer } from './activation-layer';
import { Layer, Param } from './layer';

/**
 * Largest dense layer (inputs × units weights) that Sequential runs fused with its activation
 * (forwardActivated / backwardActivated): below it a product costs less in TypeScript than its
 * operands' copies into and out of wasm memory, and one call per pair saves a layer dispatch.
 */
export const FUSED_MAX_WEIGHTS = 1024;

/**
 * A fully connected layer: y = x·W + b, with W stored [inputs × units] (as Keras and
 * TensorFlow.js store it), so column j of W holds the incoming weights of neuron j.
 */
export class Dense implements Layer {
  readonly kind = 'dense';
  readonly weights: Param;
  readonly bias: Param;
  readonly params: readonly Param[];
  /** The first layer's input gradient is never used, so it is skipped (a third of its backward). */
  computeInputGrad = true;
  private input: Tensor | undefined;
  private readonly outputs: BufferCache;
  private readonly inputGrads: BufferCache;

  constructor(readonly name: string, readonly inputSize: number, readonly outputSize: number) {
    const w = inputSize * outputSize;
    this.weights = { name: `${name}.weights`, shape: [inputSize, outputSize], value: new Float32Array(w), grad: new Float32Array(w), isBias: false };
    this.bias = { name: `${name}.bias`, shape: [outputSize], value: new Float32Array(outputSize), grad: new Float32Array(outputSize), isBias: true };
    this.params = [this.weights, this.bias];
    this.outputs = new BufferCache([outputSize]);
    this.inputGrads = new BufferCache([inputSize]);
  }

  forward(input: Tensor): Tensor {
    const rows = rowsOf(input);
    const out = this.outputs.get(rows);
    broadcastRows(this.bias.value, out.data, rows);
    matmul(input.data, this.weights.value, out.data, rows, this.inputSize, this.outputSize, true);
    this.input = input;
    return out;
  }

  /**
   * This layer and the activation after it as one step, for small layers (FUSED_MAX_WEIGHTS):
   * each output row's sums start from the bias (no separate bias pass) and add the products in
   * TypeScript, in the reference kernel's order (the same values as broadcastRows + the
   * reference matmul), then the activation is one pass over those sums.
   */
  forwardActivated(input: Tensor, act: ActivationLayer): Tensor {
    const rows = rowsOf(input), k = this.inputSize, n = this.outputSize;
    const z = this.outputs.get(rows);
    const x = input.data, w = this.weights.value, b = this.bias.value, zd = z.data;
    for (let i = 0; i < rows; i++) {
      const xi = i * k, zi = i * n;
      for (let j = 0; j < n; j++) zd[zi + j] = b[j]!;
      for (let p = 0; p < k; p++) {
        const v = x[xi + p]!, wp = p * n;
        for (let j = 0; j < n; j++) zd[zi + j]! += v * w[wp + j]!;
      }
    }
    this.input = input;
    return act.forward(z);
  }

  /**
   * Backward through the activation and this layer (after forwardActivated): the activation's
   * derivative is applied to the incoming gradient in one pass, then the weight, bias and input
   * gradients are the reference kernels' (no wasm copies for small products).
   */
  backwardActivated(outputGrad: Tensor, act: ActivationLayer): Tensor {
    const input = this.input;
    if (!input) throw new Error(`${this.name}: backward before forward`);
    const dz = act.backward(outputGrad);
    const rows = rowsOf(dz), n = this.outputSize, dy = dz.data;
    reference.matmulTransA(input.data, dy, this.weights.grad, this.inputSize, rows, n);
    sumRows(dy, this.bias.grad, rows, n);
    const dx = this.inputGrads.get(rows);
    if (this.computeInputGrad) reference.matmulTransB(dy, this.weights.value, dx.data, rows, n, this.inputSize);
    return dx;
  }

  backward(outputGrad: Tensor): Tensor {
    const input = this.input;
    if (!input) throw new Error(`${this.name}: backward before forward`);
    const rows = rowsOf(outputGrad), n = this.outputSize;
    const dy = outputGrad.data;
    matmulTransA(input.data, dy, this.weights.grad, this.inputSize, rows, n);
    sumRows(dy, this.bias.grad, rows, n);
    const dx = this.inputGrads.get(rows);
    if (this.computeInputGrad) matmulTransB(dy, this.weights.value, dx.data, rows, n, this.inputSize);
    return dx;
  }
}
