/**
 * The experiment as a file states it and as it travels (a run's config in its `started` event and
 * summary, the panels' controls): the wire type of every `*.glab.json` (see
 * engine/schema/experiment.schema.json). A leaf: it imports only the catalogue's names.
 */
import type { ActivationName, InitKind, LossName, OptimizerName, SyntheticName } from '../catalogue';

/** Where the rows come from: a built-in synthetic set or a file (path relative to the config). */
export interface DatasetConfig {
  synthetic?: SyntheticName;
  samples?: number;
  noise?: number;
  file?: string;
  /** File readers: the label column, the task, the missing-value policy, the delimiter, the image shape. */
  label?: string;
  task?: Task;
  missing?: 'drop' | 'mean' | 'mode';
  dates?: 'ignore' | 'number';
  delimiter?: string;
  imageShape?: [number, number, number];
  /** Limits (see engine/data/limits.ts): one-hot categories / label classes, float memory, one field's size. */
  maxCategories?: number;
  maxMegabytes?: number;
  maxFieldMegabytes?: number;
}

/**
 * One experiment, as stored in a `*.glab.json` file (see engine/schema/experiment.schema.json)
 * and as edited by the UI. `parseConfig` fills every field a file leaves out with the defaults.
 */
export interface ExperimentConfig {
  name: string;
  dataset: DatasetConfig;
  features: FeatureConfig;
  /** `conv`: conv and pooling layers applied to image rows before the hidden dense layers (absent: none). */
  model: {
    conv?: FeatureLayerSpec[]; hidden: HiddenLayerSpec[]; activation: ActivationName; dropout: number;
    /** Memory limit for the model (weights, optimizer state, one batch of activations), in MB (default 1024). */
    maxMegabytes?: number;
  };
  init: { weights: InitSpec; biases: InitSpec };
  optimizer: OptimizerSpec;
  /** 'auto' picks cross-entropy for classes (binary or softmax) and MSE for regression. */
  loss: LossName | 'auto';
  regularization: Penalty;
  clip: Clipping;
  /**
   * `threads`: how many threads compute each step's gradient ('auto', or 1, 2, …; absent: the
   * gradientLab.training.threads setting in VS Code, else 'auto'); see engine/parallel/.
   */
  training: { epochs: number; batchSize: number; validationSplit: number; shuffle: boolean; threads?: 'auto' | number };
  /** `data` drives the split, shuffling, noise and dropout; `init` the initial weights. */
  seeds: { data: number; init: number };
  /** What the end-of-epoch evaluation measures (absent: 'auto' for both; see engine/evaluation.ts). */
  evaluation?: EvaluationSpec;
  /** What each symmetry probe measures (absent: the defaults of engine/probes/symmetry.ts). */
  symmetry?: SymmetrySpec;
}

/**
 * The cost of a symmetry probe: the similarity matrices and the effective rank show at most
 * `neurons` neurons per hidden layer (a fixed sample, seeded by the init seed), and the dead-ReLU
 * share runs the first `rows` training rows through the model; 'all' lifts either bound.
 */
export interface SymmetrySpec {
  neurons?: number | 'all';
  rows?: number | 'all';
}

/**
 * Rows measured at the end of every epoch: `trainRows` of the training rows (a fixed random
 * sample: the split shuffles them, and the first ones are taken, so every epoch sees the same
 * rows and the curve stays smooth) and up to `validationRows` of the validation rows.
 * 'auto' (the default) keeps the evaluation near a tenth of the training time or less.
 */
export interface EvaluationSpec {
  trainRows?: number | 'auto' | 'all';
  validationRows?: number | 'auto' | 'all';
}

/** What a model is asked to predict: a class (classification) or numbers (regression). */
export type Task = 'classification' | 'regression';

/** How the inputs are transformed before the model sees them, in this order. */
export interface FeatureConfig {
  /** Mean 0, standard deviation 1 per feature, fitted on the training rows. */
  standardize: boolean;
  /** Named crosses appended to the features ("x1^2", "x1*x2", "sin(x1)"). */
  crosses?: string[];
  /** Every product of the features up to `degree` (replacing them). */
  polynomial?: { degree: number; interactions: boolean };
  /** Projection onto the first principal components (fitted on the training rows). */
  pca?: { components: number };
  /**
   * Random Fourier features approximating an RBF kernel exp(−γ‖x−y‖²). γ 'scale' is chosen from
   * the training rows as scikit-learn's SVC does: 1 / (inputs · Var(X)), Var over every entry.
   */
  randomFourier?: { features: number; gamma: number | 'scale' };
}

/** A convolution: `filters` kernels of kernel×kernel, moved `stride` pixels at a time. */
export interface Conv2DSpec {
  type: 'conv2d';
  filters: number;
  kernel: number;
  /** Default 1. */
  stride?: number;
  /** Default 'valid' (no padding), as in Keras. */
  padding?: Padding;
  /** Default: the model-wide activation. */
  activation?: ActivationName;
  init?: InitSpec;
  biasInit?: InitSpec;
}

/** A pooling layer: max or mean of size×size windows, moved `stride` pixels (default: size). */
export interface Pool2DSpec {
  type: 'maxpool2d' | 'avgpool2d';
  size: number;
  stride?: number;
}

/** One layer of the convolutional stack. */
export type FeatureLayerSpec = Conv2DSpec | Pool2DSpec;

/** One hidden layer's settings; fields left out take the model-wide ones. */
export interface HiddenLayerSpec {
  units: number;
  activation?: ActivationName;
  init?: InitSpec;
  biasInit?: InitSpec;
  dropout?: number;
}

/** How to fill a weight or bias array before training. */
export type InitSpec =
  | { kind: 'zeros' }
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; std: number }
  // The parameterless kinds: the catalogue's list minus those above and below, so the two stay one set.
  | { kind: Exclude<InitKind, 'zeros' | 'constant' | 'uniform' | 'normal' | 'orthogonal'> }
  | { kind: 'orthogonal'; gain: number };

/** An optimizer and its hyper-parameters; omitted ones take the defaults of `OPTIMIZER_DEFAULTS`. */
export interface OptimizerSpec {
  kind: OptimizerName;
  learningRate: number;
  /** Momentum and Nesterov: the momentum factor μ. */
  momentum?: number;
  /** RMSprop: the smoothing constant α of the squared-gradient average. */
  rho?: number;
  /** Adam, AdamW: decay rates of the first and second moment estimates. */
  beta1?: number;
  beta2?: number;
  /** Added to the denominator of adaptive methods for numerical stability. */
  epsilon?: number;
  /** AdamW: decoupled weight decay λ (weights only). */
  weightDecay?: number;
}

/** L1 and L2 penalties on weights (never biases): l1·Σ|w| + (l2/2)·Σw². */
export interface Penalty {
  l1: number;
  l2: number;
}

/** Gradient clipping: by the global L2 norm over all params, and/or elementwise by value. */
export interface Clipping {
  norm?: number;
  value?: number;
}

/** 'valid': no padding (the window stays inside); 'same': pad so output = ⌈input / stride⌉; a number: that many zeros on every side. */
export type Padding = 'valid' | 'same' | number;

/** Height, width, channels of one image (or feature map). */
export type ImageShape = readonly [number, number, number];
