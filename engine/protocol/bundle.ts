/**
 * A trained model as it leaves the lab: model.json (the bundle: inputs, the preprocessing to
 * repeat, the layers, the weight files) — what a run folder keeps, `predict` reads and the
 * exporters translate. A leaf: it imports only the catalogue and other protocol files.
 */
import type { ActivationName, LossName } from '../catalogue';
import type { Padding } from './experiment';

/** What model.json says it is, and the format version this engine writes and reads. */
export const BUNDLE_FORMAT = 'gradient-lab-model';
export const BUNDLE_VERSION = 1;

/** An image shape [height, width, channels]. */
type Shape3 = [number, number, number];

export interface ModelBundle {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  name: string;
  task: 'classification' | 'regression';
  input: BundleInput;
  /** Names of the encoded features (the ONNX input's columns), before the transforms. */
  encodedFeatures: string[];
  transforms: FeatureTransform[];
  /** Values per row the first layer takes (after the transforms). */
  modelInputs: number;
  layers: BundleLayer[];
  output: {
    /** The loss the model was trained with. */
    loss: LossName;
    /** How logits become outputs: softmax or sigmoid probabilities, or the value itself. */
    transform: 'softmax' | 'sigmoid' | 'identity';
    /** Classification: class names in output order. */
    classes?: string[];
    /** Regression: prediction = output · std + mean (the engine trains on unscaled labels: 0 and 1). */
    labelScaling?: { mean: number; std: number };
  };
  weights: { file: 'weights.bin'; dtype: 'float32'; littleEndian: true; params: WeightEntry[] };
}

/** How a raw row is read: table columns, or image pixels (as the training reader scaled them). */
export type BundleInput =
  | ({ kind: 'table' } & TableEncoding)
  /** Pixels, row-major, channels last; `scale` multiplies the file's values (1/255 for 8-bit). */
  | { kind: 'image'; shape: [number, number, number]; label: string; scale: number };

/** One layer in evaluation form (dropout, which is the identity there, is left out). */
export type BundleLayer =
  | { type: 'dense'; name: string; inputs: number; units: number; weights: string; bias: string }
  | { type: 'activation'; activation: ActivationName }
  /** `pads`: zero rows/columns [top, left, bottom, right]; `padding` as the config gave it. */
  | { type: 'conv2d'; name: string; inputShape: Shape3; filters: number; kernel: number; stride: number; padding: Padding; pads: [number, number, number, number]; outputShape: Shape3; weights: string; bias: string }
  | { type: 'maxpool2d' | 'avgpool2d'; inputShape: Shape3; size: number; stride: number; outputShape: Shape3 }
  | { type: 'flatten'; inputShape: Shape3 };

/** One parameter's place in weights.bin (float32, little-endian): `length` values from value index `offset`. */
export interface WeightEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/** The reading decisions of a table, as prediction must repeat them. */
export interface TableEncoding {
  columns: ColumnEncoding[];
  label: string;
  /** The training file's missing-value policy (prediction never drops a row: it fills with `fill`). */
  missing: 'drop' | 'mean' | 'mode';
}

/** One file column's part of the encoded features, in feature order. */
export interface ColumnEncoding {
  /** The column's name in the file header. */
  name: string;
  /** numeric: the value; boolean: 1 for true words; date: days since 1970; categorical: one-hot over `categories`. */
  kind: 'numeric' | 'boolean' | 'date' | 'categorical';
  /** categorical: the one-hot order (an unknown value gets all zeros). */
  categories?: string[];
  /** What a missing value becomes: the training file's mean (numeric, policy "mean") or most frequent value, as text for non-numeric columns. */
  fill: number | string;
}

/**
 * The fitted feature transforms as plain data (JSON-safe numbers and arrays), in the order they
 * apply: what a saved model carries so that prediction, ONNX and PyTorch repeat them exactly.
 */
export type FeatureTransform =
  /** x ← (x − mean) / std, per feature. */
  | { type: 'standardize'; mean: number[]; std: number[] }
  /** The inputs followed by each cross: a², a·b or sin(a) of input columns a, b. */
  | { type: 'crosses'; crosses: Cross[] }
  /** Each term is the product of the inputs raised to its exponents (one exponent per input). */
  | { type: 'polynomial'; terms: number[][] }
  /** (x − mean) · componentsᵀ, components k × inputs, row-major. */
  | { type: 'pca'; mean: number[]; components: number[]; k: number }
  /** √(2/D)·cos(x·wᵀ + b), w D × inputs, row-major. */
  | { type: 'random-fourier'; w: number[]; b: number[]; outputs: number };

/**
 * Named feature crosses, as the TensorFlow Playground offers them: "x1^2" (a square),
 * "x1*x2" (a product), "sin(x1)" (a sine), over the dataset's feature names.
 */
export interface Cross {
  name: string;
  kind: 'square' | 'product' | 'sin';
  a: number;
  b: number;
}
