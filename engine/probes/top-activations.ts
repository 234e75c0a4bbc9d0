/**
 * What each neuron responds to: the k inputs that excite it most. A dense neuron is ranked on
 * whole inputs; a conv channel on each image's strongest position (one per image, so its top k
 * are k different images, not k neighbouring pixels of one), shown as the receptive-field
 * patch of the input under that position.
 *
 * Ranked by pre-activation (the weighted sum before tanh, ReLU, …): a saturated tanh unit
 * outputs 1.0000 for most inputs, and ranking those by activation picks k arbitrary ties. The
 * activation is reported beside it, and for bounded activations (tanh, sigmoid) the share of
 * inputs on which the unit is saturated, so the gallery can say so.
 */
import { ActivationLayer } from '../nn/layers/activation-layer';
import { isSaturated } from './ranking';
import { Sequential } from '../nn/model';
import { Tensor } from '../nn/tensor';
import { FeatureLayer, PROBE_CHUNK } from './feature-layers';
import { ProbeData } from './probe-data';
import { ProbeSteps, runProbe } from './progress';
import { cropPatch, patchAt, receptiveFields } from './receptive-field';
import type { NeuronTop, TopActivation } from '../protocol/layer-features';
export type { NeuronTop, TopActivation } from '../protocol/layer-features';

/** Keeps the k largest candidates by pre-activation, sorted descending (k is small: insertion is cheapest). */
function offer(list: TopActivation[], k: number, pre: number, value: number, row: number, y: number, x: number): void {
  if (list.length === k && pre <= list[k - 1]!.pre!) return;
  let i = list.length < k ? list.length : k - 1;
  if (list.length < k) list.push({ row, value, pre, y, x });
  while (i > 0 && list[i - 1]!.pre! < pre) {
    list[i] = list[i - 1]!;
    i--;
  }
  list[i] = { row, value, pre, y, x };
}

/** The k strongest inputs of every neuron of `layer`, as probe slices (one per forward chunk). */
export function* topActivationsSteps(model: Sequential, data: ProbeData, layer: FeatureLayer, k = 9): ProbeSteps<NeuronTop[]> {
  const [h, w, c] = layer.shape;
  const lists: TopActivation[][] = Array.from({ length: c }, () => []);
  // The conv or dense layer itself (its pre-activation) and the activation after it, if any.
  const act = model.layers[layer.outputIndex] instanceof ActivationLayer ? (model.layers[layer.outputIndex] as ActivationLayer) : undefined;
  const preIndex = act ? layer.outputIndex - 1 : layer.outputIndex;
  const bounded = act && isSaturated(act.fn.name, 0) !== undefined;
  const saturated = new Float64Array(c);
  let seen = 0;
  for (let first = 0; first < data.rows; first += PROBE_CHUNK) {
    const n = Math.min(PROBE_CHUNK, data.rows - first);
    let t: Tensor = { shape: [n, data.features], data: data.x.subarray(first * data.features, (first + n) * data.features) };
    for (let i = 0; i <= preIndex; i++) t = model.layers[i]!.forward(t, false);
    const pre = t.data, post = act ? act.forward(t).data : pre;
    const best = new Float32Array(c), at = new Int32Array(c);
    for (let r = 0; r < n; r++) {
      const base = r * h * w * c;
      best.fill(-Infinity);
      for (let p = 0; p < h * w; p++) {
        for (let ch = 0; ch < c; ch++) {
          const v = pre[base + p * c + ch]!;
          if (bounded && isSaturated(act!.fn.name, post[base + p * c + ch]!)) saturated[ch]!++;
          if (v > best[ch]!) {
            best[ch] = v;
            at[ch] = p;
          }
        }
      }
      for (let ch = 0; ch < c; ch++) offer(lists[ch]!, k, best[ch]!, post[base + at[ch]! * c + ch]!, first + r, Math.floor(at[ch]! / w), at[ch]! % w);
    }
    seen += n * h * w;
    yield { phase: `top activations of ${layer.name}`, fraction: Math.min(1, (first + n) / data.rows) };
  }
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
  return lists.map((top, neuron) => ({ neuron, top, ...(bounded ? { saturated: seen ? saturated[neuron]! / seen : 0 } : {}) }));
}

/** The k strongest inputs of every neuron of `layer`, computed at once. */
export function topActivations(model: Sequential, data: ProbeData, layer: FeatureLayer, k = 9): NeuronTop[] {
  return runProbe(topActivationsSteps(model, data, layer, k));
}
