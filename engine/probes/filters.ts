/**
 * The first layer's weights drawn as images: what each first-layer neuron looks for in the
 * pixels. A conv filter is its kernel×kernel×C weights; a dense neuron on image rows is its
 * column of weights laid out as the image.
 */
import { Conv2D } from '../nn/layers/conv2d';
import { ImageShape } from '../nn/layers/conv-geometry';
import { Dense } from '../nn/layers/dense';
import { Sequential } from '../nn/model';
import type { FilterImages } from '../protocol/layer-features';
export type { FilterImages } from '../protocol/layer-features';

/**
 * The first conv layer's filters, or the first dense layer's neurons when the input is an
 * image of `imageShape`; undefined when neither applies. Each is scaled by its own largest
 * |weight| so that grey is 0 and the sign stays visible (min–max scaling would hide it).
 */
export function firstLayerFilters(model: Sequential, imageShape?: ImageShape): FilterImages | undefined {
  const first = model.layers[0];
  let shape: ImageShape, count: number, weight: (f: number, i: number) => number;
  if (first instanceof Conv2D) {
    shape = [first.kernel, first.kernel, first.inputShape[2]];
    count = first.filters;
    weight = (f, i) => first.weights.value[i * first.filters + f]!;
  } else if (first instanceof Dense && imageShape && imageShape[0] * imageShape[1] * imageShape[2] === first.inputSize) {
    shape = imageShape;
    count = first.outputSize;
    weight = (f, i) => first.weights.value[i * first.outputSize + f]!;
  } else {
    return undefined;
  }
  const size = shape[0] * shape[1] * shape[2];
  const images: Float32Array[] = [], scales: number[] = [];
  for (let f = 0; f < count; f++) {
    let max = 0;
    for (let i = 0; i < size; i++) max = Math.max(max, Math.abs(weight(f, i)));
    const img = new Float32Array(size);
    for (let i = 0; i < size; i++) img[i] = max > 0 ? 0.5 + weight(f, i) / (2 * max) : 0.5;
    images.push(img);
    scales.push(max);
  }
  return { layer: first!.name, shape, images, scales };
}
