/*
 * The benchmark workloads of issues 2 (W1, W2) and 6 (W3), described once so that our engine and TensorFlow.js
 * train exactly the same network on exactly the same rows.
 */
import { ExperimentConfig, defaultConfig } from '../../engine/config';
import { Dataset } from '../../engine/data/dataset';
import { syntheticDataset } from '../../engine/data/synthetic';
import { Prng } from '../../engine/prng';

export type WorkloadId = 'W1' | 'W2' | 'W3';
export type TfBackend = 'cpu' | 'wasm';

export interface Workload {
  id: WorkloadId;
  title: string;
  config: ExperimentConfig;
  dataset: Dataset;
  /** The TF.js backend the target ratio is stated against, and the ratio ours/theirs to reach. */
  target: { backend: TfBackend; ratio: number };
}

/** W1: the Playground's spiral, 500 points, 2-8-8-1 tanh, sigmoid + BCE, SGD lr 0.03, batch 10. */
export function w1(): Workload {
  const config = defaultConfig();
  config.name = 'bench-w1';
  config.model = { hidden: [{ units: 8 }, { units: 8 }], activation: 'tanh', dropout: 0 };
  config.optimizer = { kind: 'sgd', learningRate: 0.03 };
  config.loss = 'binary-cross-entropy';
  // Many epochs so the generator never runs out while we time it.
  config.training = { epochs: 1_000_000, batchSize: 10, validationSplit: 0, shuffle: true };
  const dataset = syntheticDataset('spiral', { samples: 500, noise: 0, seed: config.seeds.data });
  return { id: 'W1', title: 'spiral 500, 2-8-8-1 tanh, BCE, SGD, batch 10', config, dataset, target: { backend: 'cpu', ratio: 50 } };
}

/** W2: 10,000 random MNIST-shaped rows (784 values in [0, 1], 10 classes), 784-128-64-10 ReLU, softmax CE, Adam 1e-3, batch 64. */
export function w2(): Workload {
  const config = defaultConfig();
  config.name = 'bench-w2';
  config.features = { standardize: false };
  config.model = { hidden: [{ units: 128 }, { units: 64 }], activation: 'relu', dropout: 0 };
  config.init = { weights: { kind: 'he-uniform' }, biases: { kind: 'zeros' } };
  config.optimizer = { kind: 'adam', learningRate: 1e-3 };
  config.loss = 'softmax-cross-entropy';
  config.training = { epochs: 1_000_000, batchSize: 64, validationSplit: 0, shuffle: true };
  config.dataset = { file: 'random-mnist-shaped' };
  return { id: 'W2', title: '10k×784 random, 784-128-64-10 ReLU, softmax CE, Adam, batch 64', config, dataset: randomMnistShaped(10_000, 7), target: { backend: 'wasm', ratio: 10 } };
}

/**
 * W3: 2,000 random MNIST-shaped images (28×28×1 in [0, 1], 10 classes), a small CNN: conv 5×5×8
 * 'same' ReLU, maxpool 2, conv 5×5×16 'same' ReLU, maxpool 2, flatten, dense 10; softmax CE,
 * Adam 1e-3, batch 32.
 */
export function w3(): Workload {
  const config = defaultConfig();
  config.name = 'bench-w3';
  config.features = { standardize: false };
  config.model = {
    conv: [
      { type: 'conv2d', filters: 8, kernel: 5, padding: 'same', activation: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'conv2d', filters: 16, kernel: 5, padding: 'same', activation: 'relu' },
      { type: 'maxpool2d', size: 2 },
    ],
    hidden: [], activation: 'relu', dropout: 0,
  };
  config.init = { weights: { kind: 'he-uniform' }, biases: { kind: 'zeros' } };
  config.optimizer = { kind: 'adam', learningRate: 1e-3 };
  config.loss = 'softmax-cross-entropy';
  config.training = { epochs: 1_000_000, batchSize: 32, validationSplit: 0, shuffle: true };
  config.dataset = { file: 'random-mnist-images', imageShape: [28, 28, 1] };
  const dataset: Dataset = { ...randomMnistShaped(2_000, 11), source: 'random-mnist-images', imageShape: [28, 28, 1] };
  return { id: 'W3', title: '2k×28×28×1 random, conv8-pool-conv16-pool-dense10 CNN, softmax CE, Adam, batch 32', config, dataset, target: { backend: 'wasm', ratio: 3 } };
}

/** Random rows shaped like MNIST: speed does not depend on the values, only on the shapes. */
function randomMnistShaped(rows: number, seed: number): Dataset {
  const features = 784, classes = 10, rng = new Prng(seed);
  const x = new Float32Array(rows * features), y = new Float32Array(rows);
  for (let i = 0; i < x.length; i++) x[i] = rng.next();
  for (let r = 0; r < rows; r++) y[r] = rng.int(classes);
  return {
    source: 'random-mnist-shaped', task: 'classification', rows, features, x, y, targets: 1,
    featureNames: Array.from({ length: features }, (_, i) => `p${i}`), labelName: 'digit',
    classNames: Array.from({ length: classes }, (_, i) => String(i)),
  };
}
