import { Dataset } from '../data/dataset';

/**
 * For each of `size` output cells along an axis of `length` source pixels, the share of each
 * source pixel inside the cell: cell o covers [o·length/size, (o+1)·length/size), so 28 pixels
 * go to 8 cells of 3.5 pixels each, the pixel split between two cells counting half in each.
 */
function areaWeights(length: number, size: number): Float64Array {
  const m = new Float64Array(size * length), span = length / size;
  for (let o = 0; o < size; o++) {
    const lo = o * span, hi = lo + span;
    for (let p = Math.floor(lo); p < Math.min(length, Math.ceil(hi)); p++) {
      m[o * length + p] = (Math.min(hi, p + 1) - Math.max(lo, p)) / span;
    }
  }
  return m;
}

/**
 * The images of `ds` resampled to `size`×`size` grey pixels by area averaging (every output
 * pixel is the mean of the source area it covers; channels are averaged too), as the paper
 * feeds MNIST at 16×16. Returns `ds` unchanged when it has no image shape or is no larger.
 */
export function downsampleImages(ds: Dataset, size: number): Dataset {
  const shape = ds.imageShape;
  if (!shape) return ds;
  const [h, w, c] = shape;
  if (h <= size && w <= size && c === 1) return ds;
  const oh = Math.min(h, size), ow = Math.min(w, size), f = oh * ow;
  const wy = areaWeights(h, oh), wx = areaWeights(w, ow);
  const x = new Float32Array(ds.rows * f);
  const rowsOut = new Float64Array(oh * w);
  for (let r = 0; r < ds.rows; r++) {
    const src = r * h * w * c;
    // Separable: first average rows into oh bands (and channels), then columns into ow cells.
    rowsOut.fill(0);
    for (let o = 0; o < oh; o++) {
      for (let y = 0; y < h; y++) {
        const k = wy[o * h + y]!;
        if (k === 0) continue;
        for (let xx = 0; xx < w; xx++) {
          let v = 0;
          for (let ch = 0; ch < c; ch++) v += ds.x[src + (y * w + xx) * c + ch]!;
          rowsOut[o * w + xx]! += (k * v) / c;
        }
      }
    }
    for (let o = 0; o < oh; o++) {
      for (let q = 0; q < ow; q++) {
        let v = 0;
        for (let xx = 0; xx < w; xx++) v += wx[q * w + xx]! * rowsOut[o * w + xx]!;
        x[r * f + o * ow + q] = v;
      }
    }
  }
  const featureNames = Array.from({ length: f }, (_, i) => `px${Math.floor(i / ow)}_${i % ow}`);
  return {
    ...ds, x, features: f, featureNames, imageShape: [oh, ow, 1],
    notes: [...(ds.notes ?? []), `images area-averaged from ${h}×${w} to ${oh}×${ow}`],
  };
}
