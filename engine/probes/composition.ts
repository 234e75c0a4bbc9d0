/**
 * How a neuron is built from the layer before it: for each previous neuron (conv: channel),
 * its weight into this neuron times its mean activation on the data, the share of this
 * neuron's input it supplies on average. The largest, by magnitude, are its parts, each shown
 * with its own top patches ("new concepts out of combinations of old ones").
 */
import { Conv2D } from '../nn/layers/conv2d';
import { Sequential } from '../nn/model';
import { FeatureLayer, featureLayers, forwardChunks } from './feature-layers';
import { ProbeData } from './probe-data';
import { ProbeSteps, runProbe } from './progress';
import { topActivationsSteps } from './top-activations';
import type { Composition } from '../protocol/layer-features';
export type { Composition, Contribution } from '../protocol/layer-features';

/** The composition of one neuron, as probe slices. Throws for the first feature layer, whose parts are pixels (see its filters). */
export function* compositionSteps(model: Sequential, data: ProbeData, layer: FeatureLayer, neuron: number, count = 6, k = 4): ProbeSteps<Composition> {
  const all = featureLayers(model);
  const at = all.findIndex((l) => l.layer === layer.layer);
  const previous = all[at - 1];
  if (!previous) throw new RangeError(`${layer.name} is the first feature layer: its parts are input pixels; look at its filters instead`);
  if (neuron < 0 || neuron >= layer.shape[2]) throw new RangeError(`${layer.name} has ${layer.shape[2]} neurons; there is no neuron ${neuron}`);
  const index = model.layers.indexOf(layer.layer);
  const inputSize = model.layers[index - 1]!.outputSize;
  const channels = previous.shape[2];
  // The target's input is the previous layer after pooling/flatten: channels-last, so channel = index mod C.
  const mean = new Float64Array(inputSize);
  yield* forwardChunks(model, data.x, data.features, data.rows, index - 1, (out, _first, n) => {
    for (let r = 0; r < n; r++) for (let i = 0; i < inputSize; i++) mean[i]! += out[r * inputSize + i]!;
  }, `mean activations before ${layer.name}`);
  for (let i = 0; i < inputSize; i++) mean[i]! /= Math.max(1, data.rows);
  const weight = new Float64Array(channels), push = new Float64Array(channels), meanByChannel = new Float64Array(channels);
  const target = layer.layer;
  if (target instanceof Conv2D) {
    const positions = inputSize / channels, patch = target.kernel * target.kernel;
    for (let i = 0; i < inputSize; i++) meanByChannel[i % channels]! += mean[i]! / positions;
    // Every kernel position multiplies the same channel: on average its input is the channel's mean.
    for (let p = 0; p < patch; p++) for (let c = 0; c < channels; c++) weight[c]! += target.weights.value[(p * channels + c) * target.filters + neuron]!;
    for (let c = 0; c < channels; c++) push[c] = weight[c]! * meanByChannel[c]!;
  } else {
    const positions = inputSize / channels;
    for (let i = 0; i < inputSize; i++) {
      const w = target.weights.value[i * target.outputSize + neuron]!, c = i % channels;
      weight[c]! += w;
      push[c]! += w * mean[i]!;
      meanByChannel[c]! += mean[i]! / positions;
    }
  }
  const order = Array.from({ length: channels }, (_, c) => c).sort((a, b) => Math.abs(push[b]!) - Math.abs(push[a]!)).slice(0, count);
  const tops = yield* topActivationsSteps(model, data, previous, k);
  return {
    layer: layer.name, neuron, previous: previous.name,
    contributions: order.map((c) => ({ neuron: c, weight: weight[c]!, meanActivation: meanByChannel[c]!, contribution: push[c]!, top: tops[c]!.top })),
  };
}

/** The composition of one neuron, computed at once. */
export function composition(model: Sequential, data: ProbeData, layer: FeatureLayer, neuron: number, count = 6, k = 4): Composition {
  return runProbe(compositionSteps(model, data, layer, neuron, count, k));
}
