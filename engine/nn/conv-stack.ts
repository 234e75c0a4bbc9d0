/**
 * The convolutional part of a model, as a config states it: conv and pooling layers applied to
 * the image before the dense layers. Planning walks the stack once to find every layer's
 * output shape, or says which layer does not fit and why.
 */
import { ActivationName } from './activations';
import { ImageShape, windowGeometry } from './layers/conv-geometry';
export type { Conv2DSpec, Pool2DSpec, FeatureLayerSpec } from '../protocol/experiment';
import type { FeatureLayerSpec } from '../protocol/experiment';

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
