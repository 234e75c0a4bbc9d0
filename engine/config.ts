import { DatasetOptions } from './data/options';
import type { DatasetConfig, ExperimentConfig } from './protocol/experiment';
export type { DatasetConfig, ExperimentConfig, EvaluationSpec, SymmetrySpec } from './protocol/experiment';

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
