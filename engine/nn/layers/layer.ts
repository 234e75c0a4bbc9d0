import { Tensor } from '../tensor';

/** A trainable array of a layer and its gradient, both the same length. */
export interface Param {
  /** e.g. "dense1.weights". */
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: Float32Array;
  readonly grad: Float32Array;
  /** Weights get L1/L2 penalties and weight decay; biases do not. */
  readonly isBias: boolean;
}

/**
 * One step of a network as a forward/backward pair. `forward` keeps what `backward` needs;
 * `backward` takes dLoss/dOutput, writes the gradients of the layer's params (overwriting), and
 * returns dLoss/dInput. Returned tensors are the layer's own buffers: valid until its next call.
 */
export interface Layer {
  readonly kind: string;
  readonly name: string;
  /** Values per example this layer outputs (its units). */
  readonly outputSize: number;
  readonly params: readonly Param[];
  forward(input: Tensor, training: boolean): Tensor;
  backward(outputGrad: Tensor): Tensor;
}
