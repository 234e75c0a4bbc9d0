/**
 * Events and requests of a weight-agnostic search, in the style of engine/protocol/training.ts (plain
 * JSON-safe objects with a `type`), to be merged there. A search emits `wann-started`, then one
 * `wann-generation` per generation and a `wann-champion` whenever the champion changes, and at
 * the end `wann-sweep` and `wann-table` (computed on the held-out rows).
 */
import type { WannActivation } from '../catalogue';

/** The search has its data and is about to evaluate its first generation. */
export interface WannStartedEvent {
  type: 'wann-started';
  dataset: { source: string; features: number; classes: number; classNames: readonly string[]; searchRows: number; heldOutRows: number };
  generations: number;
  population: number;
  seed: number;
  /** The shared weights every network is evaluated at. */
  weights: readonly number[];
  /** What was done to the data (downsampling, standardization, split). */
  notes: readonly string[];
}

/** One generation evaluated: the population chart's point. Accuracies are shares in 0…1. */
export interface WannGenerationEvent {
  type: 'wann-generation';
  generation: number;
  /** Population average of each network's mean accuracy over the shared weights. */
  meanPerformance: number;
  /** The best mean accuracy in the population. */
  bestMeanPerformance: number;
  /** The best accuracy of any network at any one shared weight. */
  bestPerformance: number;
  meanConnections: number;
  championConnections: number;
  championHiddenNodes: number;
  championMean: number;
  evaluations: number;
  elapsedSeconds: number;
}

/** One node of a drawn network. */
export interface WannNodeView {
  id: number;
  kind: WannNodeKind;
  /** Feature or class name for inputs and outputs; "bias"; "" for hidden nodes. */
  label: string;
  activation: WannActivation;
  /** Longest path from an input, so a view can place nodes in columns (inputs 0, outputs last). */
  depth: number;
}

/** A new champion, as a graph to draw, with its accuracy (on the search rows) at each shared weight. */
export interface WannChampionEvent {
  type: 'wann-champion';
  generation: number;
  nodes: WannNodeView[];
  /** Each connection as [from id, to id]. */
  connections: [number, number][];
  weights: number[];
  accuracies: number[];
  /** The genome itself, to re-evaluate live (e.g. under a weight slider). */
  genome: { inputs: number; outputs: number; activations: WannActivation[]; connections: [number, number][] };
}

/** The champion's held-out accuracy over a range of shared weights (−3 … 3). */
export interface WannSweepEvent {
  type: 'wann-sweep';
  weights: number[];
  accuracies: number[];
}

/** The paper-style table (held-out accuracy), and the run's totals. */
export interface WannTableEvent {
  type: 'wann-table';
  status: 'finished' | 'stopped';
  rows: { label: string; accuracy: number; sd?: number }[];
  /** Accuracy at each search weight, and the best single weight. */
  weights: number[];
  accuracies: number[];
  bestWeight: number;
  /**
   * Cross-entropy on the fitting rows before and at the kept per-connection weights, the step
   * they were kept at (0: the start), and accuracy on the tuning rows at the start and kept.
   */
  trainedLoss: { initial: number; final: number; steps: number; keptStep?: number; startTuningAccuracy?: number; tuningAccuracy?: number };
  generations: number;
  evaluations: number;
  elapsedSeconds: number;
}

/** Where a search in a worker is; 'finishing' while the table is computed after the last generation or a stop. */
export interface WannStateEvent {
  type: 'wann-state';
  state: 'loading' | 'running' | 'paused' | 'finishing' | 'done';
}

/** The answer to `wann-evaluate`: the current champion's accuracy at one shared weight. */
export interface WannEvaluationEvent {
  type: 'wann-evaluation';
  weight: number;
  /** The generation whose champion was evaluated. */
  generation: number;
  /** On the rows the search saw, and on the held-out rows. */
  searchAccuracy: number;
  heldOutAccuracy: number;
}

export type WannEvent = WannStartedEvent | WannGenerationEvent | WannChampionEvent | WannSweepEvent | WannTableEvent | WannStateEvent | WannEvaluationEvent;

/**
 * Starts a weight-agnostic search in a worker (a new start abandons the previous search).
 * Pause, resume and stop have requests of their own (below), so they never reach a training run
 * that shares the worker.
 */
export interface WannStartRequest {
  type: 'wann-start';
  /** A built-in set; or a file at the location `name` (a path the worker reads, or a URI it asks the host for). */
  dataset: { name: string } | { synthetic: string; samples?: number; noise?: number };
  generations?: number;
  population?: number;
  seed?: number;
  /** Images are averaged down to at most this many pixels a side (default 8). */
  imageSize?: number;
}

/** Pauses, resumes or stops the search between two generations; a stop still reports the table. */
export interface WannControlRequest {
  type: 'wann-pause' | 'wann-resume' | 'wann-stop';
}

/** Re-evaluates the current champion at one shared weight (the view's weight slider). */
export interface WannEvaluateRequest {
  type: 'wann-evaluate';
  weight: number;
}

export type WannRequest = WannStartRequest | WannControlRequest | WannEvaluateRequest;

/** What a node is, by its id. */
export type WannNodeKind = 'input' | 'bias' | 'output' | 'hidden';
