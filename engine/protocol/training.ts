/**
 * The engine's contract with whoever drives it (the extension's worker host, the CLI):
 * events the trainer emits, and requests a driver sends to a worker. Plain JSON-safe objects,
 * each with a `type`, so they cross `postMessage` and JSON Lines unchanged.
 */
import type { LossName } from '../catalogue';
import type { DataDecisions, DatasetSummaryEvent, InspectDatasetRequest } from './data';
import type { ExperimentConfig, InitSpec, OptimizerSpec } from './experiment';
import type { LandscapeRequest, LandscapeWorkerEvent } from './landscape';
import type { FeaturesEvent, FeaturesRequest } from './layer-features';
import type { FeatureLabEvent, FeatureLabRequest } from './models';
import type { WannEvent, WannRequest } from './wann';
import type { CancelRequest, JobReply } from './job';
import type { FileReply } from './files';

/** The run has its data and model and is about to take its first step. */
export interface StartedEvent {
  type: 'started';
  config: ExperimentConfig;
  loss: LossName;
  /**
   * The data decisions (label, task, class and feature names, rows in the file, used and dropped
   * with reasons, ignored columns), plus the split and the model's input count.
   */
  dataset: DataDecisions & { inputs: number; classCount: number; trainRows: number; validationRows: number; classNames?: readonly string[] };
  model: { layers: { name: string; kind: string; units: number; parameters: number }[]; parameterCount: number };
  stepsPerEpoch: number;
  /** How many threads compute each step's gradient and why (absent in runs saved before threads). */
  threads?: { count: number; note: string };
  /** Rows each epoch's evaluation measures: the first `train` training rows and `validation` validation rows (see engine/evaluation.ts). */
  evaluation?: { train: number; validation: number };
}

/** One optimizer step on one batch. */
export interface StepEvent {
  type: 'step';
  step: number;
  epoch: number;
  /** Mean loss on this batch, penalty included. */
  loss: number;
  /** Share of this batch classified correctly (classification only). */
  accuracy?: number;
  /** Global L2 norm of the gradient before clipping. */
  gradNorm: number;
  learningRate: number;
}

/** Per-layer health, for the gradient-norm charts. */
export interface LayerStats {
  name: string;
  /** Mean over the epoch's steps of the L2 norm of the layer's weight gradient. */
  gradNorm: number;
  /** L2 norm of the layer's weights at the end of the epoch. */
  weightNorm: number;
}

/** Loss and quality on the whole training and validation sets (accuracy for classes, R² for regression). */
export interface SetMetrics {
  trainLoss: number;
  valLoss?: number;
  trainAccuracy?: number;
  valAccuracy?: number;
  trainR2?: number;
  valR2?: number;
  /** Training throughput so far (evaluation time excluded). */
  samplesPerSecond: number;
  elapsedSeconds: number;
}

/** The end of an epoch, with metrics on the full training and validation sets. */
export interface EpochEvent extends SetMetrics {
  type: 'epoch';
  epoch: number;
  step: number;
  layers: LayerStats[];
}

/** The loss or a gradient stopped being finite; the run stopped with the last good weights. */
export interface DivergedEvent {
  type: 'diverged';
  step: number;
  epoch: number;
  /** What was not finite, e.g. "the loss is NaN". */
  reason: string;
  /** What to do, e.g. "lower the learning rate from 1 to 0.1". */
  suggestion: string;
  /** What the suggestion blames: the restart a view offers follows it. */
  cause: 'initialization' | 'learning-rate';
  learningRate: number;
}

/** How alike the neurons of each hidden layer are, at a cadence the driver chose (and at step 0). */
export interface SymmetryEvent {
  type: 'symmetry';
  step: number;
  epoch: number;
  layers: LayerSymmetry[];
}

/** The run is over (finished, stopped or diverged): the final numbers. */
export interface SummaryEvent extends SetMetrics {
  type: 'summary';
  status: 'finished' | 'stopped' | 'diverged';
  epochs: number;
  steps: number;
  parameterCount: number;
  /** Per hidden layer, how many different neurons it has (1: all identical — symmetric). */
  distinctNeurons: number[];
}

/** Something went wrong; `userError` says whether the user can fix it (bad data, bad config). */
export interface ErrorEvent {
  type: 'error';
  message: string;
  userError: boolean;
}

export type TrainerEvent = StartedEvent | StepEvent | EpochEvent | SymmetryEvent | DivergedEvent | SummaryEvent | ErrorEvent;

/** Requests to a training worker. */
export type WorkerRequest = (
  /**
   * `probes`: what the trainer measures besides the loss (e.g. symmetry every k steps).
   * `paused`: wait after the 'started' event (and a step-0 symmetry) for `step` or `resume`, so a driver can pace the run.
   * `logEveryStep`: put every step in the events' JSON Lines (metrics.jsonl), not only those shared/thinning.ts keeps.
   */
  | { type: 'start'; config: ExperimentConfig; probes?: ProbeOptions; paused?: boolean; logEveryStep?: boolean }
  | { type: 'pause' }
  | { type: 'resume' }
  /** `count` optimizer steps of a paused run (1 to 1,000; default 1). */
  | { type: 'step'; count?: number }
  | { type: 'stop' }
  | { type: 'reset'; redrawWeights: boolean }
  | { type: 'setOptimizer'; optimizer: OptimizerSpec }
  | { type: 'setLearningRate'; learningRate: number }
  | { type: 'setInit'; weights: InitSpec }
  /** Adds normal noise of standard deviation `scale` (0 < scale ≤ 10) to every weight of the running or paused run, then reports a 'symmetry' event. */
  | { type: 'breakSymmetry'; scale: number }
) & {
  /** A request id: the worker answers with an `ack` message carrying it once the request took effect (or was refused). */
  ack?: number;
};

/**
 * Everything a worker can send: training events, the landscape probes' (engine/protocol/landscape.ts)
 * the layer-feature probes' (engine/protocol/layer-features.ts) and the weight-agnostic search's
 * (engine/protocol/wann.ts).
 */
export type EngineEvent = TrainerEvent | LandscapeWorkerEvent | FeaturesEvent | WannEvent | FeatureLabEvent | DatasetSummaryEvent | JobReply;

/** Everything a worker can be asked: training control, and jobs (landscape, feature probes, …) with their `cancel`. */
export type EngineRequest = WorkerRequest | LandscapeRequest | FeaturesRequest | WannRequest | SymmetryProbeRequest | FeatureLabRequest | InspectDatasetRequest | CancelRequest | FileReply;

/** What the trainer measures besides the loss, and how often. */
export interface ProbeOptions {
  /**
   * Emit a 'symmetry' event every this many steps (and at step 0); 0 or absent: never. 'auto':
   * at step 0 and then whenever the probes so far have taken at most PROBE_SHARE of the steps'
   * time (a time budget, so which steps carry one depends on the machine; training does not).
   */
  symmetryEvery?: number | 'auto';
  /** Training rows run through the model for the dead-ReLU share (default: the config's `symmetry.rows`). */
  probeRows?: number;
}

/**
 * How alike the neurons of one dense layer are. A neuron is its column of incoming weights
 * plus its bias; neurons that start equal get equal gradients and stay equal (the symmetry
 * that random initialization breaks).
 */
export interface LayerSymmetry {
  layer: string;
  units: number;
  /** Groups of neurons whose weights agree within the tolerance: 1 means fully symmetric. */
  distinctNeurons: number;
  /** Largest absolute difference between the same weight (or bias) of any two neurons. */
  maxDifference: number;
  /** exp(entropy of the normalized singular values) of W (Roy & Vetterli 2007): 1 … min(inputs, units); of the sampled columns when `sampled`. */
  effectiveRank: number;
  /**
   * The neurons (0-based, ascending) that the similarity matrices and the effective rank
   * describe, when they are a fixed sample of the layer's `units`; absent: all of them.
   */
  sampled?: number[];
  /** n × n cosine similarities of the neurons' weight vectors, row-major (n: `sampled`'s length, else `units`). */
  weightSimilarity: number[];
  /** n × n cosine similarities of the neurons' gradient vectors (from the last backward pass). */
  gradientSimilarity: number[];
  /** L2 norm of each neuron's gradient. */
  gradientNorms: number[];
  /** Share of neurons whose ReLU output is 0 for every probed row (undefined for other activations or without rows). */
  deadShare?: number;
}

/** Asks the worker for one 'symmetry' event of its current run (answered as a `probe` message). */
export interface SymmetryProbeRequest {
  type: 'symmetryProbe';
}
