/**
 * One activation vector per image from a chosen layer, the raw material of the activation map
 * and the atlas grid. For a conv layer it is the channel vector at one random position per
 * image, as the Activation Atlas samples (Carter et al., 2019), chosen among positions whose
 * receptive field lies inside the image, so padding does not shape the vector.
 */
import { Sequential } from '../nn/model';
import { Prng } from '../prng';
import { FeatureLayer, forwardChunks } from './feature-layers';
import { ProbeData } from './probe-data';
import { ProbeSteps, runProbe } from './progress';
import { cropPatch, patchAt, receptiveFields } from './receptive-field';

/** `vectors` holds n rows of `dims` values: the activation of image rows[i] at map position (ys[i], xs[i]). */
export interface ActivationVectors {
  layer: string;
  n: number;
  dims: number;
  vectors: Float32Array;
  rows: Int32Array;
  ys: Int32Array;
  xs: Int32Array;
  /** Class of each vector's image, when the data has labels. */
  labels?: Float32Array;
}

/** Map rows (or columns) whose receptive field lies inside an image side of `side` pixels; all of them if none does. */
function interiorRange(mapSide: number, imageSide: number, rf: { size: number; jump: number; start: number }): [number, number] {
  let lo = 0, hi = mapSide - 1;
  while (lo < mapSide && rf.start + lo * rf.jump < 0) lo++;
  while (hi >= 0 && rf.start + hi * rf.jump + rf.size > imageSide) hi--;
  return lo <= hi ? [lo, hi] : [0, mapSide - 1];
}

/** Activation vectors of up to `maxRows` images (a random subset, drawn with `seed`) at `layer`. */
export function* activationVectorsSteps(model: Sequential, data: ProbeData, layer: FeatureLayer, maxRows = 2000, seed = 1): ProbeSteps<ActivationVectors> {
  const rng = new Prng(seed);
  const n = Math.min(maxRows, data.rows);
  const rows = Int32Array.from(rng.shuffle(Array.from({ length: data.rows }, (_, i) => i)).slice(0, n)).sort();
  const f = data.features;
  const x = new Float32Array(n * f);
  rows.forEach((r, i) => x.set(data.x.subarray(r * f, (r + 1) * f), i * f));
  const [h, w, c] = layer.shape;
  const rf = receptiveFields(model)[layer.outputIndex]!;
  const image = data.imageShape ?? [h, w, 1];
  const [y0, y1] = interiorRange(h, image[0], rf), [x0, x1] = interiorRange(w, image[1], rf);
  const ys = new Int32Array(n), xs = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    ys[i] = y0 + rng.int(y1 - y0 + 1);
    xs[i] = x0 + rng.int(x1 - x0 + 1);
  }
  const vectors = new Float32Array(n * c);
  yield* forwardChunks(model, x, f, n, layer.outputIndex, (out, first, m) => {
    for (let r = 0; r < m; r++) {
      const i = first + r;
      const at = r * h * w * c + (ys[i]! * w + xs[i]!) * c;
      vectors.set(out.subarray(at, at + c), i * c);
    }
  }, `activations of ${layer.name}`);
  const result: ActivationVectors = { layer: layer.name, n, dims: c, vectors, rows, ys, xs };
  if (data.labels) result.labels = Float32Array.from(rows, (r) => data.labels![r]!);
  return result;
}

/** Activation vectors of up to `maxRows` images at `layer`, computed at once. */
export function activationVectors(model: Sequential, data: ProbeData, layer: FeatureLayer, maxRows = 2000, seed = 1): ActivationVectors {
  return runProbe(activationVectorsSteps(model, data, layer, maxRows, seed));
}

/** The input patch under activation vector `i` (its image's receptive field at the sampled position), for images. */
export function vectorPatch(model: Sequential, data: ProbeData, layer: FeatureLayer, av: ActivationVectors, i: number): { top: number; left: number; size: number; pixels: Float32Array } | undefined {
  const image = data.imageShape;
  if (!image) return undefined;
  const square = layer.kind === 'conv'
    ? patchAt(receptiveFields(model)[layer.outputIndex]!, av.ys[i]!, av.xs[i]!)
    : { top: 0, left: 0, size: Math.max(image[0], image[1]) };
  return { ...square, pixels: cropPatch(data.pixels ?? data.x, av.rows[i]!, image, square) };
}
