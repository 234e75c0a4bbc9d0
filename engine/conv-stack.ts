/**
 * The convolutional part of a model, as a config states it: conv and pooling layers applied to
 * the image before the dense layers. Planning walks the stack once to find every layer's
 * output shape, or says which layer does not fit and why.
 */
import { ActivationName } from './activations';
import { InitSpec } from './init';
import { ImageShape, Padding, windowGeometry } from './layers/conv-geometry';

/** A convolution: `filters` kernels of kernel×kernel, moved `stride` pixels at a time. */
export interface Conv2DSpec {
  type: 'conv2d';
  filters: number;
  kernel: number;
  /** Default 1. */
  stride?: number;
  /** Default 'valid' (no padding), as in Keras. */
  padding?: Padding;
  /** Default: the model-wide activation. */
  activation?: ActivationName;
  init?: InitSpec;
  biasInit?: InitSpec;
}

/** A pooling layer: max or mean of size×size windows, moved `stride` pixels (default: size). */
export interface Pool2DSpec {
  type: 'maxpool2d' | 'avgpool2d';
  size: number;
  stride?: number;
}

/** One layer of the convolutional stack. */
export type FeatureLayerSpec = Conv2DSpec | Pool2DSpec;

/** The kinds a stack layer can have, for parsers and pickers. */
export const FEATURE_LAYER_TYPES = ['conv2d', 'maxpool2d', 'avgpool2d'] as const;

/**
 * The output shape of every layer of `stack` on images of `imageShape`, or the problems (one
 * per layer that does not fit, named by `path[i]`) when some window is larger than its input.
 */
export function planConvStack(imageShape: ImageShape, stack: readonly FeatureLayerSpec[], path = 'model.conv'): { shapes: ImageShape[]; problems: string[] } {
  const shapes: ImageShape[] = [];
  const problems: string[] = [];
  let shape = imageShape;
  for (let i = 0; i < stack.length; i++) {
    const s = stack[i]!;
    const g = s.type === 'conv2d'
      ? windowGeometry(shape, s.kernel, s.stride ?? 1, s.padding ?? 'valid')
      : windowGeometry(shape, s.size, s.stride ?? s.size, 'valid');
    if (typeof g === 'string') {
      problems.push(`${path}[${i}] (${s.type}): ${g}; the layers before it leave ${shape.join('×')}`);
      break;
    }
    shape = [g.outH, g.outW, s.type === 'conv2d' ? s.filters : shape[2]];
    shapes.push(shape);
  }
  return { shapes, problems };
}

/**
 * A small CNN for images of `imageShape` (LeNet-like): two 5×5 'same' ReLU convolutions of 8
 * and 16 filters, each followed by 2×2 max pooling, then one 64-unit dense layer. Pooling is
 * left out where the map has shrunk below 4 pixels, so it also fits small images (e.g. 8×8).
 */
export function cnnPreset(imageShape: ImageShape): { conv: FeatureLayerSpec[]; hidden: { units: number }[]; activation: ActivationName } {
  const conv: FeatureLayerSpec[] = [];
  let side = Math.min(imageShape[0], imageShape[1]);
  for (const filters of [8, 16]) {
    conv.push({ type: 'conv2d', filters, kernel: Math.min(5, side), padding: 'same', activation: 'relu' });
    if (side >= 4) {
      conv.push({ type: 'maxpool2d', size: 2 });
      side = Math.floor(side / 2);
    }
  }
  return { conv, hidden: [{ units: 64 }], activation: 'relu' };
}
