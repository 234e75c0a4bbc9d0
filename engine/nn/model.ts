import { ActivationName } from './activations';
import { FeatureLayerSpec, planConvStack } from './conv-stack';
import { ConfigError } from '../errors';
import { InitSpec, initialize } from './init';
import { ActivationLayer } from './layers/activation-layer';
import { ImageShape } from './layers/conv-geometry';
import { Conv2D } from './layers/conv2d';
import { Dense } from './layers/dense';
import { Dropout } from './layers/dropout';
import { Flatten } from './layers/flatten';
import { AvgPool2D, MaxPool2D } from './layers/pool2d';
import { Layer, Param } from './layers/layer';
import { Prng } from '../prng';
import { BufferCache, Tensor, rowsOf } from './tensor';
import type { HiddenLayerSpec } from '../protocol/experiment';
export type { HiddenLayerSpec } from '../protocol/experiment';

/**
 * Evaluation (forward without training) goes through the layers in chunks whose largest layer
 * output is at most this many values (1 MB of float32), rounded down to a power of two rows:
 * every layer keeps an output buffer per batch size it has seen, so evaluating 256 images at
 * once through a conv stack would hold tens of MB for the rest of the run (W3: 256 × 28×28×8
 * values for conv1's output alone). A plain MLP's layers are small enough to need no chunking.
 */
const EVAL_VALUES_PER_LAYER = 1 << 18;

/**
 * The shape of a network: inputs → (conv stack → flatten) → hidden dense layers → outputs
 * (logits). Without `conv` it is a multi-layer perceptron.
 */
export interface ModelSpec {
  inputs: number;
  outputs: number;
  /** Height, width, channels of each input row: needed by `conv`. */
  imageShape?: ImageShape;
  /** Conv and pooling layers applied to the image before the dense layers. */
  conv?: readonly FeatureLayerSpec[];
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

  /** Rows per evaluation chunk (see EVAL_VALUES_PER_LAYER). */
  readonly evalChunkRows: number;
  private readonly evalOutputs: BufferCache;

  constructor(readonly layers: readonly Layer[]) {
    this.params = layers.flatMap((l) => l.params);
    this.dense = layers.filter((l): l is Dense => l instanceof Dense);
    const first = layers[0];
    if (first instanceof Dense || first instanceof Conv2D) first.computeInputGrad = false;
    const widest = layers.reduce((w, l) => Math.max(w, l.outputSize), 1);
    this.evalChunkRows = 2 ** Math.floor(Math.log2(Math.max(1, EVAL_VALUES_PER_LAYER / widest)));
    this.evalOutputs = new BufferCache([layers[layers.length - 1]?.outputSize ?? 0]);
  }

  forward(x: Tensor, training: boolean): Tensor {
    const rows = rowsOf(x);
    if (!training && rows > this.evalChunkRows && this.layers.length) return this.forwardInChunks(x, rows);
    let t = x;
    for (const layer of this.layers) t = layer.forward(t, training);
    return t;
  }

  /** Evaluation of many rows, evalChunkRows at a time, into one output buffer of the model's. */
  private forwardInChunks(x: Tensor, rows: number): Tensor {
    const out = this.evalOutputs.get(rows);
    const inWidth = x.data.length / rows, outWidth = out.data.length / rows;
    for (let start = 0; start < rows; start += this.evalChunkRows) {
      const n = Math.min(this.evalChunkRows, rows - start);
      let t: Tensor = { shape: [n, ...x.shape.slice(1)], data: x.data.subarray(start * inWidth, (start + n) * inWidth) };
      for (const layer of this.layers) t = layer.forward(t, false);
      out.data.set(t.data.subarray(0, n * outWidth), start * outWidth);
    }
    return out;
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
  let inputs = spec.conv?.length ? buildConvStack(spec, initRng, layers) : spec.inputs;
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

/** Appends the conv stack of `spec` and a Flatten to `layers`; returns the values per row it outputs. */
function buildConvStack(spec: ModelSpec, initRng: Prng, layers: Layer[]): number {
  const image = spec.imageShape;
  if (!image) {
    throw new ConfigError([`model.conv: convolution and pooling layers need image rows, but the dataset has no image shape (it has ${spec.inputs} plain features); set dataset.imageShape to [height, width, channels] or remove model.conv`]);
  }
  if (image[0] * image[1] * image[2] !== spec.inputs) {
    throw new ConfigError([`dataset.imageShape: ${image.join('×')} is ${image[0] * image[1] * image[2]} values, but each row has ${spec.inputs}; fix the image shape`]);
  }
  const plan = planConvStack(image, spec.conv!);
  if (plan.problems.length) throw new ConfigError(plan.problems);
  let shape = image;
  let convs = 0, pools = 0;
  for (const s of spec.conv!) {
    if (s.type === 'conv2d') {
      const conv = new Conv2D(`conv${++convs}`, shape, s.filters, s.kernel, s.stride ?? 1, s.padding ?? 'valid');
      // In im2col form the filter bank is a [kernel²·C × filters] matrix: fan-in kernel²·C, fan-out filters.
      const fanIn = s.kernel * s.kernel * shape[2];
      initialize(conv.weights.value, fanIn, s.filters, s.init ?? spec.init, initRng);
      initialize(conv.bias.value, 1, s.filters, s.biasInit ?? spec.biasInit, initRng);
      const act = s.activation ?? spec.activation;
      layers.push(conv, new ActivationLayer(`${conv.name}-${act}`, conv.outputSize, act));
      shape = conv.outputShape;
    } else {
      const Pool = s.type === 'maxpool2d' ? MaxPool2D : AvgPool2D;
      const pool = new Pool(`${s.type === 'maxpool2d' ? 'maxpool' : 'avgpool'}${++pools}`, shape, s.size, s.stride ?? s.size);
      layers.push(pool);
      shape = pool.outputShape;
    }
  }
  const flatten = new Flatten('flatten', shape);
  layers.push(flatten);
  return flatten.outputSize;
}
