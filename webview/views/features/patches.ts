/**
 * Input patches (size×size×C pixel values, as the probes cut them from the images) as canvas
 * images. Grey or RGB, scaled by one range for a whole answer so that patches stay comparable
 * (a faint stroke looks faint). For the activation map every thumbnail goes into one sprite
 * sheet: thousands of drawImage calls from a single canvas are what keeps the map fast.
 */

/** Lowest and highest pixel value over many patches (0…1 when they are all empty). */
export function pixelRange(patches: Iterable<Float32Array>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const p of patches) for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) && hi > lo ? [lo, hi] : [0, 1];
}

/** Writes one patch's pixels into `data` (RGBA) at (x0, y0) of an image `stride` pixels wide. */
function writePatch(data: Uint8ClampedArray, stride: number, x0: number, y0: number, pixels: Float32Array, size: number, channels: number, range: [number, number]): void {
  const [lo, hi] = range, k = 255 / (hi - lo);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const src = (y * size + x) * channels, dst = 4 * ((y0 + y) * stride + x0 + x);
    for (let c = 0; c < 3; c++) data[dst + c] = (pixels[src + (channels >= 3 ? c : 0)]! - lo) * k;
    data[dst + 3] = 255;
  }
}

/** One patch as a size×size canvas. */
export function patchImage(pixels: Float32Array, size: number, channels: number, range: [number, number]): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = Math.max(1, size);
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(canvas.width, canvas.height);
  if (pixels.length >= size * size * channels) writePatch(img.data, size, 0, 0, pixels, size, channels, range);
  ctx.putImageData(img, 0, 0);
  return canvas;
}

/** Many equal-size patches in one canvas, `columns` to a row; thumbnail i is at `at(i)`. */
export interface SpriteSheet {
  canvas: HTMLCanvasElement;
  size: number;
  count: number;
  at(i: number): { sx: number; sy: number };
}

/** The sheet of `patches`, or of `count` patches packed one after another in one array. */
export function spriteSheet(patches: Float32Array[] | Float32Array, size: number, channels: number, range: [number, number]): SpriteSheet {
  if (patches instanceof Float32Array) {
    const each = size * size * channels;
    patches = Array.from({ length: Math.floor(patches.length / each) }, (_, i) => (patches as Float32Array).subarray(i * each, (i + 1) * each));
  }
  const columns = Math.max(1, Math.ceil(Math.sqrt(patches.length)));
  const rows = Math.max(1, Math.ceil(patches.length / columns));
  const canvas = document.createElement('canvas');
  canvas.width = columns * size;
  canvas.height = rows * size;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(canvas.width, canvas.height);
  patches.forEach((p, i) => {
    if (p.length >= size * size * channels) writePatch(img.data, canvas.width, (i % columns) * size, Math.floor(i / columns) * size, p, size, channels, range);
  });
  ctx.putImageData(img, 0, 0);
  return { canvas, size, count: patches.length, at: (i) => ({ sx: (i % columns) * size, sy: Math.floor(i / columns) * size }) };
}
