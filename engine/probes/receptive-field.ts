/**
 * Which input pixels a position of a feature map sees. Through a stack of windows (kernel k,
 * stride s, padding p), with j the distance in input pixels between neighbouring positions:
 * size grows by (k−1)·j, j grows by s, and the first position starts p·j earlier. Activations,
 * dropout and flatten change none of it.
 */
import { Conv2D } from '../nn/layers/conv2d';
import { AvgPool2D, MaxPool2D } from '../nn/layers/pool2d';
import { Sequential } from '../nn/model';

/** Position (y, x) of a map sees input rows start + y·jump … + size − 1 (and likewise columns); start may be negative (padding). */
export interface ReceptiveField {
  size: number;
  jump: number;
  /** Top (and left) input pixel of position 0; negative when padding reaches outside the image. */
  start: number;
}

/** The receptive field of the output of each of `model.layers` (index-aligned), square kernels assumed. */
export function receptiveFields(model: Sequential): ReceptiveField[] {
  let rf: ReceptiveField = { size: 1, jump: 1, start: 0 };
  return model.layers.map((l) => {
    if (l instanceof Conv2D || l instanceof MaxPool2D || l instanceof AvgPool2D) {
      const g = l.geometry;
      rf = { size: rf.size + (g.kH - 1) * rf.jump, jump: rf.jump * g.stride, start: rf.start - g.padTop * rf.jump };
    }
    return rf;
  });
}

/** The square of the input image under position (y, x): top-left corner and side, possibly reaching past the edges. */
export function patchAt(rf: ReceptiveField, y: number, x: number): { top: number; left: number; size: number } {
  return { top: rf.start + y * rf.jump, left: rf.start + x * rf.jump, size: rf.size };
}

/**
 * Copies the size×size×C square at (top, left) of image `row` of `x` (channels-last rows of
 * `imageShape`), with 0 where it reaches past the image.
 */
export function cropPatch(
  x: Float32Array, row: number, imageShape: readonly [number, number, number],
  patch: { top: number; left: number; size: number },
): Float32Array {
  const [h, w, c] = imageShape;
  const out = new Float32Array(patch.size * patch.size * c);
  const base = row * h * w * c;
  for (let py = 0; py < patch.size; py++) {
    const y = patch.top + py;
    if (y < 0 || y >= h) continue;
    for (let px = 0; px < patch.size; px++) {
      const xx = patch.left + px;
      if (xx < 0 || xx >= w) continue;
      for (let ch = 0; ch < c; ch++) out[(py * patch.size + px) * c + ch] = x[base + (y * w + xx) * c + ch]!;
    }
  }
  return out;
}
