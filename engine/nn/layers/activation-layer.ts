import { Activation, ActivationName, activation } from '../activations';
import { layerKernels } from '../kernels';
import { reluBackward, reluForward } from '../kernels/wasm-conv';
import { BufferCache, Tensor, rowsOf } from '../tensor';
import { Layer } from './layer';

/**
 * Below this many values a ReLU stays in JavaScript: the wasm call and its copies cost more than
 * the loop. Above it (conv feature maps) the branch-free SIMD kernel wins: the reference's
 * `v > 0 ? v : 0` mispredicts on every other value of a map with mixed signs.
 */
const WASM_RELU_MIN_VALUES = 4096;

/**
 * Applies an activation function elementwise; keeps its input and output for backward. ReLU
 * over large maps runs in the wasm module when it is on (the same values, bit for bit).
 */
export class ActivationLayer implements Layer {
  readonly kind = 'activation';
  readonly params = [];
  readonly fn: Activation;
  private input: Tensor | undefined;
  private output: Tensor | undefined;
  private readonly outputs: BufferCache;
  private readonly inputGrads: BufferCache;

  constructor(readonly name: string, readonly outputSize: number, fn: ActivationName) {
    this.fn = activation(fn);
    this.outputs = new BufferCache([outputSize]);
    this.inputGrads = new BufferCache([outputSize]);
  }

  forward(input: Tensor): Tensor {
    const out = this.outputs.get(rowsOf(input));
    const n = input.data.length;
    const wasm = this.fn.name === 'relu' && n >= WASM_RELU_MIN_VALUES ? layerKernels() : null;
    if (wasm) reluForward(wasm, input.data, out.data, n);
    else this.fn.forward(input.data, out.data, n);
    this.input = input;
    this.output = out;
    return out;
  }

  backward(outputGrad: Tensor): Tensor {
    if (!this.input || !this.output) throw new Error(`${this.name}: backward before forward`);
    const dx = this.inputGrads.get(rowsOf(outputGrad));
    const n = outputGrad.data.length;
    const wasm = this.fn.name === 'relu' && n >= WASM_RELU_MIN_VALUES ? layerKernels() : null;
    if (wasm) reluBackward(wasm, this.input.data, outputGrad.data, dx.data, n);
    else this.fn.backward(this.input.data, this.output.data, outputGrad.data, dx.data, n);
    return dx;
  }
}
