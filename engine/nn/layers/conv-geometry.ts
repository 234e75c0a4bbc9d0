import type { Padding, ImageShape } from '../../protocol/experiment';
export type { Padding, ImageShape } from '../../protocol/experiment';
/**
 * Where a sliding window (a convolution kernel or a pooling window) lands on an image: output
 * size and padding from input size, window, stride and padding mode. Images are channels-last
 * (NHWC), as Keras and TensorFlow.js store them.
 */

/** The placement of a window over an input: everything im2col, pooling and receptive fields need. */
export interface WindowGeometry {
  inH: number;
  inW: number;
  channels: number;
  /** Window height and width. */
  kH: number;
  kW: number;
  stride: number;
  /** Zero rows above and zero columns left of the input (bottom/right padding follows from out size). */
  padTop: number;
  padLeft: number;
  outH: number;
  outW: number;
}

/**
 * The geometry of a square `kernel` sliding by `stride` over `input`. 'same' follows
 * TensorFlow: total padding (out−1)·stride + kernel − in, the odd pixel going to the bottom/right.
 * Returns a message instead when the window does not fit.
 */
export function windowGeometry(input: ImageShape, kernel: number, stride: number, padding: Padding): WindowGeometry | string {
  const [inH, inW, channels] = input;
  const side = (n: number): { out: number; pad: number } => {
    if (padding === 'same') {
      const out = Math.ceil(n / stride);
      return { out, pad: Math.floor(Math.max(0, (out - 1) * stride + kernel - n) / 2) };
    }
    const pad = padding === 'valid' ? 0 : padding;
    return { out: Math.floor((n + 2 * pad - kernel) / stride) + 1, pad };
  };
  const h = side(inH), w = side(inW);
  if (h.out < 1 || w.out < 1) {
    return `a ${kernel}×${kernel} window does not fit the ${inH}×${inW} input${padding === 'valid' ? ' without padding (use padding "same" or a smaller kernel)' : ''}`;
  }
  return { inH, inW, channels, kH: kernel, kW: kernel, stride, padTop: h.pad, padLeft: w.pad, outH: h.out, outW: w.out };
}

/** Like `windowGeometry`, but throws a RangeError naming `layer` when the window does not fit. */
export function requireGeometry(layer: string, input: ImageShape, kernel: number, stride: number, padding: Padding): WindowGeometry {
  const g = windowGeometry(input, kernel, stride, padding);
  if (typeof g === 'string') throw new RangeError(`${layer}: ${g}`);
  return g;
}
