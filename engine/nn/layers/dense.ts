import { matmul, matmulTransA, matmulTransB } from '../kernels';
import { broadcastRows, sumRows } from '../kernels/ops';
import { BufferCache, Tensor, rowsOf } from '../tensor';
import { Layer, Param } from './layer';

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
