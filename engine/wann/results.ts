import { Prng } from '../prng';
import { WannData, splitWannRows } from './data';
import { WannEvaluator, accuracyOf } from './evaluate';
import { WannGenome, compileGenome, fullyConnectedGenome, outputsFor } from './genome';
import { SHARED_WEIGHTS } from './search';
import { TrainedWeights, WeightTrainingOptions, WeightedNetwork, trainWeights } from './train-weights';

/** Shared weights of the sweep a view draws: −3 … 3 in steps of 0.25. */
export const SWEEP_WEIGHTS: readonly number[] = Array.from({ length: 25 }, (_, i) => -3 + 0.25 * i);

/** Share of the search rows held out to choose the tuned weights on. */
export const TUNING_FRACTION = 0.2;

/** Mean and (population) standard deviation of accuracies. */
export interface Spread {
  readonly mean: number;
  readonly sd: number;
  readonly samples: number;
}

/** Everything the paper reports for one network, on held-out rows unless said otherwise. */
export interface WannResults {
  /** The search's shared weights and the champion's accuracy at each. */
  readonly weights: readonly number[];
  readonly accuracies: readonly number[];
  /** Accuracy over SWEEP_WEIGHTS, for the weight-sweep chart. */
  readonly sweep: { readonly weights: readonly number[]; readonly accuracies: readonly number[] };
  /** Accuracy at shared weights drawn uniformly from [−2, 2]. */
  readonly randomWeight: Spread;
  /** One vote per search weight; most votes wins, a tie goes to the lowest class. */
  readonly ensemble: number;
  /** The sweep weight with the best accuracy on the search rows, and its held-out accuracy. */
  readonly bestWeight: { readonly weight: number; readonly accuracy: number };
  /**
   * The same topology with every connection's weight tuned from the best shared weight: trained
   * on 80% of the search rows, kept at its best on the other 20% (the tuning rows).
   */
  readonly trained: {
    readonly accuracy: number; readonly trainAccuracy: number; readonly initialLoss: number; readonly finalLoss: number; readonly steps: number;
    readonly keptStep: number; readonly learningRate: number; readonly learningRates: readonly number[]; readonly batchSize: number;
    /** Accuracy on the tuning rows at the best shared weight and at the kept weights. */
    readonly startTuningAccuracy: number; readonly tuningAccuracy: number;
  };
  /** The contrast: a fixed fully-connected topology (one hidden tanh layer) with a random shared weight. */
  readonly fullyConnected: Spread & { readonly hidden: number };
}

/** Options of the results; the defaults are the ones the CLI uses. */
export interface WannResultsOptions {
  /** Seed of the random shared weights (default 1). */
  seed?: number;
  /** Random shared weights drawn for the mean ± sd rows (default 100). */
  randomSamples?: number;
  /** Hidden tanh nodes of the fully-connected contrast (default 10). */
  contrastHidden?: number;
  training?: WeightTrainingOptions;
}

/** Mean and standard deviation of `values`. */
export function spread(values: readonly number[]): Spread {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, n);
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, n));
  return { mean, sd, samples: n };
}

/** Share of `data` classified correctly by a majority vote of `genome` at each of `weights`. */
export function ensembleAccuracy(evaluator: WannEvaluator, genome: WannGenome, weights: readonly number[]): number {
  const c = compileGenome(genome), data = evaluator.data, rows = data.rows, classes = data.classes;
  const votes = new Int32Array(rows * classes);
  for (const w of weights) {
    const p = evaluator.predict(c, w);
    for (let r = 0; r < rows; r++) votes[r * classes + p[r]!]!++;
  }
  const vote = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (votes[r * classes + k]! > votes[r * classes + best]!) best = k;
    vote[r] = best;
  }
  return accuracyOf(vote, data.labels, rows);
}

/**
 * The paper's table for `genome`: accuracy at random shared weights, the ensemble, the best
 * single weight and trained weights, with a fully-connected network at random shared weights
 * for contrast. Choices (best weight, trained weights) are made on `train`; accuracies are on `test`.
 */
export function wannResults(genome: WannGenome, train: WannData, test: WannData, options: WannResultsOptions = {}): WannResults {
  const c = compileGenome(genome);
  const onTrain = new WannEvaluator(train), onTest = new WannEvaluator(test);
  const accuracies = onTest.sweep(c, SHARED_WEIGHTS);
  const sweep = { weights: SWEEP_WEIGHTS, accuracies: onTest.sweep(c, SWEEP_WEIGHTS) };
  const rng = new Prng(options.seed ?? 1);
  const draws = Array.from({ length: options.randomSamples ?? 100 }, () => rng.uniform(-2, 2));
  const randomWeight = spread(draws.map((w) => onTest.accuracy(c, w)));
  const ensemble = ensembleAccuracy(onTest, genome, SHARED_WEIGHTS);
  const trainSweep = onTrain.sweep(c, SWEEP_WEIGHTS);
  let bestIndex = 0;
  trainSweep.forEach((a, i) => { if (a > trainSweep[bestIndex]!) bestIndex = i; });
  const bestWeight = { weight: SWEEP_WEIGHTS[bestIndex]!, accuracy: sweep.accuracies[bestIndex]! };
  // The tuning rows are a held-out fifth of the search rows: the choice never looks at `test`.
  const { kept: fit, held: tuning } = splitWannRows(train, TUNING_FRACTION, (options.seed ?? 1) ^ 0x5bd1e995);
  const t: TrainedWeights = trainWeights(c, fit, tuning, bestWeight.weight, { seed: options.seed ?? 1, ...options.training });
  const trained = {
    accuracy: new WeightedNetwork(c, test).accuracy(t.weights),
    trainAccuracy: new WeightedNetwork(c, train).accuracy(t.weights),
    initialLoss: t.initialLoss, finalLoss: t.finalLoss, steps: t.steps, keptStep: t.keptStep,
    learningRate: t.learningRate, learningRates: t.learningRates, batchSize: t.batchSize,
    startTuningAccuracy: t.startHeldOutAccuracy, tuningAccuracy: t.heldOutAccuracy,
  };
  const hidden = options.contrastHidden ?? 10;
  const fc = compileGenome(fullyConnectedGenome(test.features, outputsFor(test.classes), hidden, 'tanh'));
  const fullyConnected = { ...spread(draws.map((w) => onTest.accuracy(fc, w))), hidden };
  return { weights: SHARED_WEIGHTS, accuracies, sweep, randomWeight, ensemble, bestWeight, trained, fullyConnected };
}

/** One row of the paper-style table. */
export interface WannTableRow {
  readonly label: string;
  readonly accuracy: number;
  /** Standard deviation over random weights, for the rows that sample them. */
  readonly sd?: number;
}

/** A weight as the labels write it: "−0.5", "3". */
const w = (x: number): string => String(x).replace('-', '−');

/**
 * The paper's table rows (Table 2 of Gaier & Ha 2019), plus the fully-connected contrast, each
 * label saying exactly what the row is, where its choice was made and over what its ± runs.
 */
export function wannTable(r: WannResults): WannTableRow[] {
  const n = r.randomWeight.samples, sweep = r.sweep.weights;
  const t = r.trained;
  const tuned = t.keptStep === 0
    ? `no step beat the start on the tuning rows (${t.steps} steps tried)`
    : `kept at step ${t.keptStep} of ${t.steps}`;
  return [
    { label: `random shared weight: mean ± sd over ${n} draws of w from −2…2`, accuracy: r.randomWeight.mean, sd: r.randomWeight.sd },
    { label: `ensemble: majority vote of w = ${r.weights.map(w).join(', ')}`, accuracy: r.ensemble },
    { label: `best single weight: w = ${w(r.bestWeight.weight)}, the best of ${w(sweep[0]!)}…${w(sweep.at(-1)!)} in steps of ${w(sweep[1]! - sweep[0]!)} on the search rows`, accuracy: r.bestWeight.accuracy },
    {
      label: `tuned weights: one per connection, from w = ${w(r.bestWeight.weight)}, Adam on minibatches of ${t.batchSize} of 80% of the search rows ` +
        `(learning rate ${t.learningRates.length > 1 ? `${t.learningRate}, the best of ${t.learningRates.join(', ')}` : t.learningRate}), ${tuned} on the other 20%`,
      accuracy: t.accuracy,
    },
    {
      label: `fully connected (${r.fullyConnected.hidden} tanh), random shared weight: mean ± sd over ${r.fullyConnected.samples} draws` +
        (r.fullyConnected.sd < 5e-4 ? ' (the same accuracy at every draw, to the shown precision)' : ''),
      accuracy: r.fullyConnected.mean, sd: r.fullyConnected.sd,
    },
  ];
}

/** The table as Markdown, accuracies as percentages. */
export function formatWannTable(rows: readonly WannTableRow[]): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  return ['| network | accuracy |', '| --- | --- |', ...rows.map((r) => `| ${r.label} | ${pct(r.accuracy)}${r.sd !== undefined ? ` ± ${(100 * r.sd).toFixed(1)}` : ''} |`)].join('\n');
}
