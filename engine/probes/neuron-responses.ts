/**
 * For 2-D data (the Playground view): every neuron's output over a grid of the input plane,
 * the heatmaps drawn inside each neuron, and the network's output there (the decision map).
 */
import { Standardizer } from '../data/split';
import { Sequential } from '../nn/model';
import { Tensor } from '../nn/tensor';
import { featureLayers } from './feature-layers';

/** Heatmaps `resolution`×`resolution`, row-major, row 0 at yRange[1] (the top) and column 0 at xRange[0]. */
export interface NeuronResponses {
  resolution: number;
  xRange: readonly [number, number];
  yRange: readonly [number, number];
  /** Each hidden dense layer: one heatmap per neuron, after its activation. */
  layers: { name: string; neurons: Float32Array[] }[];
  /** One heatmap per output unit: the logits (the loss's sigmoid/softmax turns them into probabilities). */
  output: Float32Array[];
}

/**
/** Maps raw 2-D points to the model's inputs: the run's FeaturePipeline (crosses, polynomial terms…) has this shape. */
export interface InputTransform {
  apply(x: Float32Array, rows: number): Float32Array;
}

/**
 * Runs the grid of points (x, y) spanning xRange × yRange, endpoints included, through the
 * model (evaluation mode). Points are in the data's own units; `inputs` (the run's standardizer
 * or whole feature pipeline) turns them into model inputs as training rows were.
 */
export function neuronResponses(model: Sequential, xRange: readonly [number, number], yRange: readonly [number, number], resolution: number, inputs?: Standardizer | InputTransform): NeuronResponses {
  const standardizer = inputs && !('apply' in inputs) ? inputs : undefined;
  const n = resolution * resolution;
  const step = (range: readonly [number, number]): number => (resolution > 1 ? (range[1] - range[0]) / (resolution - 1) : 0);
  const x = new Float32Array(n * 2);
  for (let i = 0; i < resolution; i++) for (let j = 0; j < resolution; j++) {
    const p = (i * resolution + j) * 2;
    x[p] = xRange[0] + j * step(xRange);
    x[p + 1] = yRange[1] - i * step(yRange);
    if (standardizer) {
      x[p] = (x[p]! - standardizer.mean[0]!) / standardizer.std[0]!;
      x[p + 1] = (x[p + 1]! - standardizer.mean[1]!) / standardizer.std[1]!;
    }
  }
  const wanted = new Map(featureLayers(model).filter((l) => l.kind === 'dense').map((l) => [l.outputIndex, l.name]));
  const split = (t: Tensor, units: number): Float32Array[] => Array.from({ length: units }, (_, u) => {
    const map = new Float32Array(n);
    for (let r = 0; r < n; r++) map[r] = t.data[r * units + u]!;
    return map;
  });
  const layers: NeuronResponses['layers'] = [];
  const modelInputs = inputs && 'apply' in inputs ? inputs.apply(x, n) : x;
  let t: Tensor = { shape: [n, modelInputs.length / n], data: modelInputs };
  model.layers.forEach((layer, i) => {
    t = layer.forward(t, false);
    const name = wanted.get(i);
    if (name) layers.push({ name, neurons: split(t, layer.outputSize) });
  });
  return { resolution, xRange, yRange, layers, output: split(t, model.layers.at(-1)!.outputSize) };
}
