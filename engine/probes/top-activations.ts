/**
 * What each neuron responds to: the k inputs that excite it most. A dense neuron is ranked on
 * whole inputs; a conv channel on each image's strongest position (one per image, so its top k
 * are k different images, not k neighbouring pixels of one), shown as the receptive-field
 * patch of the input under that position.
 */
import { Sequential } from '../model';
import { FeatureLayer, forwardChunks } from './feature-layers';
import { ProbeData } from './probe-data';
import { ProbeSteps, runProbe } from './progress';
import { cropPatch, patchAt, receptiveFields } from './receptive-field';

/** One of a neuron's strongest inputs: image `row`, at map position (y, x) (0, 0 for dense), with its patch of the input. */
export interface TopActivation {
  row: number;
  value: number;
  y: number;
  x: number;
  /** The input square the position sees (top, left may be negative: padding); pixels size×size×C, 0 outside the image. */
  patch?: { top: number; left: number; size: number; pixels: Float32Array };
}

/** The strongest inputs of one neuron (conv: channel), strongest first. */
export interface NeuronTop {
  neuron: number;
  top: TopActivation[];
}

/** Keeps the k largest candidates seen, sorted descending (k is small: insertion is cheapest). */
function offer(list: TopActivation[], k: number, value: number, row: number, y: number, x: number): void {
  if (list.length === k && value <= list[k - 1]!.value) return;
  let i = list.length < k ? list.length : k - 1;
  if (list.length < k) list.push({ row, value, y, x });
  while (i > 0 && list[i - 1]!.value < value) {
    list[i] = list[i - 1]!;
    i--;
  }
  list[i] = { row, value, y, x };
}

/** The k strongest inputs of every neuron of `layer`, as probe slices (one per forward chunk). */
export function* topActivationsSteps(model: Sequential, data: ProbeData, layer: FeatureLayer, k = 9): ProbeSteps<NeuronTop[]> {
  const [h, w, c] = layer.shape;
  const lists: TopActivation[][] = Array.from({ length: c }, () => []);
  yield* forwardChunks(model, data.x, data.features, data.rows, layer.outputIndex, (out, first, n) => {
    const best = new Float32Array(c), at = new Int32Array(c);
    for (let r = 0; r < n; r++) {
      const base = r * h * w * c;
      best.fill(-Infinity);
      for (let p = 0; p < h * w; p++) {
        for (let ch = 0; ch < c; ch++) {
          const v = out[base + p * c + ch]!;
          if (v > best[ch]!) {
            best[ch] = v;
            at[ch] = p;
          }
        }
      }
      for (let ch = 0; ch < c; ch++) offer(lists[ch]!, k, best[ch]!, first + r, Math.floor(at[ch]! / w), at[ch]! % w);
    }
  }, `top activations of ${layer.name}`);
  const image = data.imageShape;
  if (image) {
    const pixels = data.pixels ?? data.x;
    const rf = receptiveFields(model)[layer.outputIndex]!;
    for (const list of lists) {
      for (const t of list) {
        const square = layer.kind === 'conv' ? patchAt(rf, t.y, t.x) : { top: 0, left: 0, size: Math.max(image[0], image[1]) };
        t.patch = { ...square, pixels: cropPatch(pixels, t.row, image, square) };
      }
    }
  }
  return lists.map((top, neuron) => ({ neuron, top }));
}

/** The k strongest inputs of every neuron of `layer`, computed at once. */
export function topActivations(model: Sequential, data: ProbeData, layer: FeatureLayer, k = 9): NeuronTop[] {
  return runProbe(topActivationsSteps(model, data, layer, k));
}
