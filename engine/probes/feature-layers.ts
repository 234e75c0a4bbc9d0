/**
 * The layers whose neurons the feature probes look at: every conv layer (a neuron is a
 * channel, seen at every position) and every hidden dense layer, each read after its
 * activation function, and how to run images up to one of them.
 */
import { ActivationLayer } from '../nn/layers/activation-layer';
import { ImageShape } from '../nn/layers/conv-geometry';
import { Conv2D } from '../nn/layers/conv2d';
import { Dense } from '../nn/layers/dense';
import { Sequential } from '../nn/model';
import { Tensor } from '../nn/tensor';
import { ProbeSteps } from './progress';

/** A probe-able layer: the output of `model.layers[outputIndex]` seen as a [H, W, C] map (dense: [1, 1, units]). */
export interface FeatureLayer {
  /** The conv or dense layer's name, e.g. "conv1", "dense2". */
  name: string;
  kind: 'conv' | 'dense';
  /** The conv or dense layer itself. */
  layer: Conv2D | Dense;
  /** Index in model.layers of the layer whose output is read (the activation after it, if any). */
  outputIndex: number;
  shape: ImageShape;
}

/** Every conv and hidden dense layer of `model`, in order (the output layer is left out: it is logits). */
export function featureLayers(model: Sequential): FeatureLayer[] {
  const out: FeatureLayer[] = [];
  const layers = model.layers;
  const lastDense = model.dense.at(-1);
  layers.forEach((l, i) => {
    if (!(l instanceof Conv2D) && !(l instanceof Dense)) return;
    if (l === lastDense) return;
    const outputIndex = layers[i + 1] instanceof ActivationLayer ? i + 1 : i;
    out.push(l instanceof Conv2D
      ? { name: l.name, kind: 'conv', layer: l, outputIndex, shape: l.outputShape }
      : { name: l.name, kind: 'dense', layer: l, outputIndex, shape: [1, 1, l.outputSize] });
  });
  return out;
}

/** The feature layer called `name`, or an error listing the ones there are. */
export function featureLayer(model: Sequential, name: string): FeatureLayer {
  const all = featureLayers(model);
  const f = all.find((l) => l.name === name);
  if (!f) throw new RangeError(`no conv or hidden dense layer "${name}"; the model has ${all.map((l) => l.name).join(', ') || 'none'}`);
  return f;
}

/** Rows run through the model per forward pass by the probes (bounds memory for big conv maps). */
export const PROBE_CHUNK = 256;

/**
 * Runs `rows` rows of `x` (each `features` values) through the model in evaluation mode, up
 * to and including layer `upTo`, a chunk at a time, calling `visit` with each chunk's output
 * (valid only during the call). Yields progress after every chunk.
 */
export function* forwardChunks(
  model: Sequential, x: Float32Array, features: number, rows: number, upTo: number,
  visit: (output: Float32Array, firstRow: number, chunkRows: number) => void, phase = 'forward',
): ProbeSteps<void> {
  for (let first = 0; first < rows; first += PROBE_CHUNK) {
    const n = Math.min(PROBE_CHUNK, rows - first);
    let t: Tensor = { shape: [n, features], data: x.subarray(first * features, (first + n) * features) };
    for (let i = 0; i <= upTo; i++) t = model.layers[i]!.forward(t, false);
    visit(t.data, first, n);
    yield { phase, fraction: Math.min(1, (first + n) / rows) };
  }
}
