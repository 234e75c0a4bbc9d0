import { ActivationName } from './activations';
import { InitSpec, initialize } from './init';
import { ActivationLayer } from './layers/activation-layer';
import { Dense } from './layers/dense';
import { Dropout } from './layers/dropout';
import { Layer, Param } from './layers/layer';
import { Prng } from './prng';
import { Tensor } from './tensor';

/** One hidden layer's settings; fields left out take the model-wide ones. */
export interface HiddenLayerSpec {
  units: number;
  activation?: ActivationName;
  init?: InitSpec;
  biasInit?: InitSpec;
  dropout?: number;
}

/** The shape of a multi-layer perceptron: inputs → hidden layers → outputs (logits). */
export interface ModelSpec {
  inputs: number;
  outputs: number;
  hidden: readonly HiddenLayerSpec[];
  activation: ActivationName;
  init: InitSpec;
  biasInit: InitSpec;
  dropout: number;
}

/**
 * A stack of layers applied in order. The last dense layer outputs logits: the loss applies
 * the output transform (sigmoid, softmax), which keeps cross-entropy numerically stable.
 */
export class Sequential {
  readonly params: readonly Param[];
  /** The dense layers in order, hidden ones first and the output layer last. */
  readonly dense: readonly Dense[];

  constructor(readonly layers: readonly Layer[]) {
    this.params = layers.flatMap((l) => l.params);
    this.dense = layers.filter((l): l is Dense => l instanceof Dense);
    if (this.dense[0]) this.dense[0].computeInputGrad = false;
  }

  forward(x: Tensor, training: boolean): Tensor {
    let t = x;
    for (const layer of this.layers) t = layer.forward(t, training);
    return t;
  }

  /** Backpropagates dLoss/dLogits through every layer, leaving each param's gradient set. */
  backward(outputGrad: Tensor): void {
    let g = outputGrad;
    for (let i = this.layers.length - 1; i >= 0; i--) g = this.layers[i]!.backward(g);
  }

  get parameterCount(): number {
    return this.params.reduce((n, p) => n + p.value.length, 0);
  }

  /** A copy of every param's values, in `params` order. */
  snapshot(): Float32Array[] {
    return this.params.map((p) => p.value.slice());
  }

  /** Puts back values taken by `snapshot` (or copied into `into` arrays of the same lengths). */
  restore(values: readonly Float32Array[]): void {
    this.params.forEach((p, i) => p.value.set(values[i]!));
  }
}

/** Builds the network of `spec` with weights drawn from `initRng` and dropout masks from `dropoutRng`. */
export function buildModel(spec: ModelSpec, initRng: Prng, dropoutRng: Prng): Sequential {
  const layers: Layer[] = [];
  let inputs = spec.inputs;
  spec.hidden.forEach((h, i) => {
    const dense = new Dense(`dense${i + 1}`, inputs, h.units);
    initialize(dense.weights.value, inputs, h.units, h.init ?? spec.init, initRng);
    initialize(dense.bias.value, 1, h.units, h.biasInit ?? spec.biasInit, initRng);
    layers.push(dense, new ActivationLayer(`${h.activation ?? spec.activation}${i + 1}`, h.units, h.activation ?? spec.activation));
    const rate = h.dropout ?? spec.dropout;
    if (rate > 0) layers.push(new Dropout(`dropout${i + 1}`, h.units, rate, dropoutRng));
    inputs = h.units;
  });
  const out = new Dense('output', inputs, spec.outputs);
  initialize(out.weights.value, inputs, spec.outputs, spec.init, initRng);
  initialize(out.bias.value, 1, spec.outputs, spec.biasInit, initRng);
  layers.push(out);
  return new Sequential(layers);
}
