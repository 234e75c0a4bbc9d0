import { ActivationName } from './activations';
import { FeatureLayerSpec } from './conv-stack';
import { SyntheticName } from './data/synthetic';
import { Task } from './data/dataset';
import { DatasetOptions } from './data/options';
import { FeatureConfig } from './features/pipeline';
import { InitSpec } from './init';
import { LossName } from './losses';
import { HiddenLayerSpec } from './model';
import { OptimizerSpec } from './optimizers';
import { Clipping, Penalty } from './regularization';

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

/** The most threads training.threads accepts. */
export const MAX_THREADS = 64;

const MB = 1024 * 1024;

/** The reading options (label, task, missing values, dates, delimiter, image shape) a dataset config carries. */
export function datasetReadOptions(spec: DatasetConfig): DatasetOptions {
  return {
    ...(spec.label !== undefined ? { label: spec.label } : {}),
    ...(spec.task !== undefined ? { task: spec.task } : {}),
    ...(spec.missing !== undefined ? { missing: spec.missing } : {}),
    ...(spec.dates !== undefined ? { dates: spec.dates } : {}),
    ...(spec.delimiter !== undefined ? { delimiter: spec.delimiter } : {}),
    ...(spec.imageShape !== undefined ? { imageShape: spec.imageShape } : {}),
    ...(spec.maxCategories !== undefined ? { maxCategories: spec.maxCategories } : {}),
    ...(spec.maxMegabytes !== undefined ? { maxBytes: spec.maxMegabytes * MB } : {}),
    ...(spec.maxFieldMegabytes !== undefined ? { maxFieldBytes: spec.maxFieldMegabytes * MB } : {}),
  };
}

/** The defaults: a small tanh MLP trained with Adam, as a first experiment on 2-D data. */
export function defaultConfig(): ExperimentConfig {
  return {
    name: 'experiment',
    dataset: { synthetic: 'spiral', samples: 500, noise: 0 },
    features: { standardize: true },
    model: { hidden: [{ units: 8 }, { units: 8 }], activation: 'tanh', dropout: 0 },
    init: { weights: { kind: 'glorot-uniform' }, biases: { kind: 'zeros' } },
    optimizer: { kind: 'adam', learningRate: 0.01 },
    loss: 'auto',
    regularization: { l1: 0, l2: 0 },
    clip: {},
    training: { epochs: 50, batchSize: 32, validationSplit: 0.2, shuffle: true },
    seeds: { data: 1, init: 1 },
  };
}
