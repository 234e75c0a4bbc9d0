/**
 * Small copies of input patches for the activation map, which draws thousands of them: a patch
 * wider than `maxSize` is box-averaged down, so 5,000 thumbnails stay a few MB on the wire.
 */

/** Shrinks a size×size×C patch to at most maxSize×maxSize by averaging blocks (a smaller patch is returned as is). */
export function shrinkPatch(pixels: Float32Array, size: number, channels: number, maxSize: number): { size: number; pixels: Float32Array } {
  if (size <= maxSize) return { size, pixels };
  const out = new Float32Array(maxSize * maxSize * channels);
  for (let ty = 0; ty < maxSize; ty++) {
    const y0 = Math.floor((ty * size) / maxSize), y1 = Math.floor(((ty + 1) * size) / maxSize);
    for (let tx = 0; tx < maxSize; tx++) {
      const x0 = Math.floor((tx * size) / maxSize), x1 = Math.floor(((tx + 1) * size) / maxSize);
      const count = (y1 - y0) * (x1 - x0);
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += pixels[(y * size + x) * channels + c]!;
        out[(ty * maxSize + tx) * channels + c] = sum / count;
      }
    }
  }
  return { size: maxSize, pixels: out };
}
