import { Activation, ActivationName, activation } from '../activations';
import { BufferCache, Tensor, rowsOf } from '../tensor';
import { Layer } from './layer';

/** Applies an activation function elementwise; keeps its input and output for backward. */
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
    this.fn.forward(input.data, out.data, input.data.length);
    this.input = input;
    this.output = out;
    return out;
  }

  backward(outputGrad: Tensor): Tensor {
    if (!this.input || !this.output) throw new Error(`${this.name}: backward before forward`);
    const dx = this.inputGrads.get(rowsOf(outputGrad));
    this.fn.backward(this.input.data, this.output.data, outputGrad.data, dx.data, outputGrad.data.length);
    return dx;
  }
}
