import { ExperimentConfig } from './config';
import { Dataset, classCount } from './data/dataset';
import { DataDecisions, dataDecisions } from './data/decisions';
import { Split, splitDataset } from './data/split';
import { FeaturePipeline, fitFeatures, transformDataset } from './inputs/pipeline';
import { Head, resolveHead } from './nn/head';
import { copyInto, l2Norm, sumOfSquares } from './nn/kernels/ops';
import { Dense } from './nn/layers/dense';
import { ABSURD_FACTOR, BASELINE_FACTOR, GROWTH_FACTOR, baselineLoss, divergenceAdvice, divergenceCause, fmtLoss } from './divergence';
import { Loss, loss as lossByName } from './nn/losses';
import { accuracy, rSquared } from './metrics';
import { ModelSpec, Sequential, buildModel } from './nn/model';
import { DEFAULT_MAX_MODEL_BYTES, checkModelSize } from './model-size';
import { Optimizer, OptimizerSpec } from './nn/optimizers';
import { GradientPool } from './parallel/pool';
import { threadPlatform } from './parallel/platform';
import { ThreadsChoice, chooseThreads, stepWork } from './parallel/threads';
import { perturbWeights } from './perturb';
import { SYMMETRY_NEURONS, SYMMETRY_ROWS, distinctNeurons, sampleNeurons, symmetryProbe } from './probes/symmetry';
import { Prng, SEED_SALT } from './prng';
import { EvaluationRows, evaluationRows } from './evaluation';
import { DivergedEvent, EpochEvent, LayerStats, StartedEvent, StepEvent, SummaryEvent, SymmetryEvent, TrainerEvent } from './protocol/training';
import { applyPenalty, clipGradients } from './nn/regularization';
import { Tensor, tensor } from './nn/tensor';
import type { ProbeOptions } from './protocol/training';
export type { ProbeOptions } from './protocol/training';

/** Rows evaluated per forward pass when measuring a whole set (bounds evaluation memory). */
// 256 rows keep the evaluation buffers (and the wasm kernel's copies of them) small — about a
// quarter of 1,024's memory for MNIST-sized inputs — at no measurable cost in speed.
const EVAL_CHUNK = 256;

/** symmetryEvery 'auto': the probes' time at most this share of the steps' time. */
export const PROBE_SHARE = 0.02;

/** Rows at least this wide are gathered into a batch by native copies (see gatherBatch). */
const WIDE_ROW = 64;

/** A dataset split for training, with the feature transform fitted on its training rows. */
export interface PreparedData extends Split {
  /** Maps raw feature rows (e.g. points of a decision-boundary grid) to the model's inputs. */
  features: FeaturePipeline;
  /** What the reader decided about the whole dataset (label, rows dropped, columns ignored). */
  decisions?: DataDecisions;
}

/**
 * Splits a dataset and fits the feature transform (standardization, crosses, polynomial terms,
 * PCA, random Fourier features) on the training rows: the part of a run the data seed decides.
 */
export function prepareData(config: ExperimentConfig, ds: Dataset): PreparedData {
  const split = splitDataset(ds, config.training.validationSplit, new Prng(config.seeds.data));
  const features = fitFeatures(config.features, split.train, config.seeds.data);
  return { train: transformDataset(split.train, features), validation: transformDataset(split.validation, features), features, decisions: dataDecisions(ds) };
}

/** Metrics of a model on one whole set. */
export interface Evaluation {
  loss: number;
  accuracy?: number;
  r2?: number;
}

/**
 * Trains one model on one split. `run()` is a generator that takes one optimizer step per
 * `next()` and yields what happened, so a driver can pause (stop calling next), step, resume
 * and stop, and the worker and the CLI drive the same loop.
 */
export class Trainer {
  readonly model: Sequential;
  readonly head: Head;
  readonly lossFn: Loss;
  optimizer: Optimizer;
  /** Steps taken so far. */
  step = 0;
  /** Epochs completed so far. */
  epoch = 0;
  private stopRequested = false;
  private readonly dataRng: Prng;
  private readonly rowsPerTarget: number;
  private readonly xBatch: Tensor;
  private readonly yBatch: Float32Array;
  private readonly lossGrad: Float32Array;
  private lastGood: Float32Array[];
  private readonly gradNormSums: Float64Array;
  /** Each param's Σg² on the unfused path (reused every step). */
  private paramSquares: Float64Array | undefined;
  /** For each param, the index of the dense layer whose weights it is, or −1 (biases). */
  private readonly denseOfParam: Int32Array;
  private readonly lossGrads = new Map<number, Tensor>();
  private trainingSeconds = 0;
  private trainedSamples = 0;
  private readonly started = performance.now();
  private last: Partial<Evaluation> & { val?: Evaluation } = {};
  /** Loss of the best constant prediction on the training rows (see divergence.ts), computed once. */
  private baselineValue: number | undefined;
  /** The loss of the very first batch (before any update): how far off the initialization starts. */
  private firstLoss: number | undefined;
  private lowestEpochLoss = Infinity;
  private readonly spec: ModelSpec;
  /** How many threads compute each step's gradient, and why (engine/parallel/threads.ts). */
  readonly threading: ThreadsChoice;
  /** The pool threads of a run on more than one thread, while `run()` is running. */
  private pool: GradientPool | undefined;
  /** How many rows each epoch's evaluation measures, and those rows (views of the first rows: no copies). */
  readonly evaluationRows: EvaluationRows;
  private readonly evalTrain: Dataset;
  private readonly evalValidation: Dataset;
  /** The weights before the update being taken (the fused path swaps it with `lastGood` once the step is known good). */
  private spare: Float32Array[] | undefined;

  /**
   * `clock` (milliseconds) times the steps and the probes: the throughput figures and the 'auto'
   * probe cadence's budget read it; tests pass a counter to make that cadence exact.
   */
  constructor(readonly config: ExperimentConfig, readonly data: Split, readonly probes: ProbeOptions = {}, private readonly clock: () => number = () => performance.now()) {
    const train = data.train;
    this.head = resolveHead(config.loss, train);
    this.lossFn = lossByName(this.head.loss);
    this.dataRng = new Prng(config.seeds.data ^ SEED_SALT.shuffle);
    const spec: ModelSpec = {
      inputs: train.features,
      outputs: this.head.outputs,
      ...(train.imageShape ? { imageShape: train.imageShape } : {}),
      ...(config.model.conv?.length ? { conv: config.model.conv } : {}),
      hidden: config.model.hidden,
      activation: config.model.activation,
      init: config.init.weights,
      biasInit: config.init.biases,
      dropout: config.model.dropout,
    };
    // Sized before anything is allocated: a billion-unit layer is refused at once with its numbers.
    checkModelSize(spec, config.optimizer.kind, config.training.batchSize, (config.model.maxMegabytes ?? DEFAULT_MAX_MODEL_BYTES / 2 ** 20) * 2 ** 20);
    this.model = buildModel(spec, new Prng(config.seeds.init), new Prng(config.seeds.data ^ SEED_SALT.dropout));
    this.spec = spec;
    this.optimizer = new Optimizer(config.optimizer);
    const batch = Math.min(config.training.batchSize, Math.max(1, train.rows));
    this.rowsPerTarget = this.lossFn.classIndexTargets ? 1 : this.head.outputs;
    this.xBatch = tensor([batch, train.features]);
    this.yBatch = new Float32Array(batch * this.rowsPerTarget);
    this.lossGrad = new Float32Array(Math.max(batch, EVAL_CHUNK) * this.head.outputs);
    this.lastGood = this.model.snapshot();
    this.gradNormSums = new Float64Array(this.model.dense.length);
    this.denseOfParam = Int32Array.from(this.model.params, (p) => this.model.dense.findIndex((d) => d.weights === p));
    this.threading = chooseThreads(config.training.threads ?? 'auto', stepWork(this.model, batch), this.model.parameterCount, batch, threadPlatform());
    this.evaluationRows = evaluationRows(config.evaluation, train.rows, data.validation.rows);
    this.evalTrain = firstRows(train, this.evaluationRows.train);
    this.evalValidation = firstRows(data.validation, this.evaluationRows.validation);
  }

  private startPool(): void {
    const platform = threadPlatform();
    if (this.threading.threads < 2 || typeof platform === 'string' || this.pool) return;
    this.pool = GradientPool.start(platform, {
      threads: this.threading.threads, model: this.model, spec: this.spec, loss: this.lossFn, outputs: this.head.outputs,
      features: this.data.train.features, targetsPerRow: this.rowsPerTarget, batchRows: this.xBatch.shape[0]!, dataSeed: this.config.seeds.data,
    });
  }

  /** Ends the pool threads of a run abandoned before its summary (a finished run, or one whose thread failed, ends them itself). */
  close(): void {
    this.pool?.close();
    this.pool = undefined;
  }

  get stepsPerEpoch(): number {
    return Math.ceil(this.data.train.rows / this.config.training.batchSize);
  }

  /** Asks `run()` to end after the current step, with a "stopped" summary. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Continues from the current weights with a new optimizer (its state starts empty). */
  setOptimizer(spec: OptimizerSpec): void {
    this.optimizer = new Optimizer(spec);
  }

  /** The event that describes this run before its first step. */
  startedEvent(): StartedEvent {
    const { train, validation } = this.data;
    return {
      type: 'started',
      config: this.config,
      loss: this.head.loss,
      dataset: {
        ...((this.data as PreparedData).decisions ?? dataDecisions(train)),
        inputs: train.features, classCount: classCount(train), trainRows: train.rows, validationRows: validation.rows,
        ...(train.classNames ? { classNames: train.classNames } : {}),
      },
      model: {
        layers: this.model.layers.map((l) => ({ name: l.name, kind: l.kind, units: l.outputSize, parameters: l.params.reduce((n, p) => n + p.value.length, 0) })),
        parameterCount: this.model.parameterCount,
      },
      stepsPerEpoch: this.stepsPerEpoch,
      threads: { count: this.threading.threads, note: this.threading.note },
      evaluation: this.evaluationRows,
    };
  }

  /** Adds noise of standard deviation `scale` to every weight, so identical neurons start to differ. */
  breakSymmetry(scale: number): void {
    perturbWeights(this.model, scale, new Prng((this.config.seeds.init ^ SEED_SALT.breakSymmetry) + this.step));
    this.model.params.forEach((p, i) => copyInto(p.value, this.lastGood[i]!));
  }

  /**
   * The symmetry of every hidden layer now, with dead ReLUs measured on the first training rows.
   * Bounded by the config's `symmetry` (engine/probes/symmetry.ts): the same fixed sample of
   * each wide layer's neurons at every probe of the run, so the matrices stay comparable.
   */
  symmetryEvent(): SymmetryEvent {
    const train = this.data.train, spec = this.config.symmetry;
    const wanted = this.probes.probeRows ?? (spec?.rows === 'all' ? train.rows : spec?.rows ?? SYMMETRY_ROWS);
    const rows = Math.min(train.rows, wanted);
    const probe = { shape: [rows, train.features], data: train.x.subarray(0, rows * train.features) };
    this.symmetrySamples ??= this.sampleSymmetryNeurons();
    const t0 = this.clock();
    const layers = symmetryProbe(this.model, probe, this.symmetrySamples);
    this.probeSeconds += (this.clock() - t0) / 1000;
    return { type: 'symmetry', step: this.step, epoch: this.epoch, layers };
  }

  /** Seconds spent in symmetry probes (the 'auto' cadence's budget is a share of the steps' time). */
  private probeSeconds = 0;

  /** Whether the step just taken gets a symmetry event, by `probes.symmetryEvery`. */
  private symmetryDue(): boolean {
    const every = this.probes.symmetryEvery ?? 0;
    if (this.model.dense.length < 2) return false;
    return every === 'auto' ? this.probeSeconds <= PROBE_SHARE * this.trainingSeconds : every > 0 && this.step % every === 0;
  }

  /** Each hidden layer's fixed sample of neurons (undefined: it has no more than the bound). */
  private symmetrySamples: (number[] | undefined)[] | undefined;
  private sampleSymmetryNeurons(): (number[] | undefined)[] {
    const bound = this.config.symmetry?.neurons ?? SYMMETRY_NEURONS;
    const prng = new Prng(this.config.seeds.init ^ SEED_SALT.symmetrySample);
    return this.model.dense.slice(0, -1).map((d) => (bound === 'all' ? undefined : sampleNeurons(d.outputSize, bound, prng)));
  }

  /**
   * The training loop: 'started', then a 'step' per batch (and a 'symmetry' every
   * `probes.symmetryEvery` steps), an 'epoch' per epoch, and a 'summary'.
   *
   * `reuseStepEvents`: every 'step' event is the same object, rewritten by the next step, so a
   * step allocates nothing (W1's steps take ~20 µs: a fresh event each was most of their
   * garbage). A consumer that keeps a step event past the next `next()` must copy it (the
   * worker session does, for the steps it posts); the other events are fresh either way.
   */
  *run(options: { reuseStepEvents?: boolean } = {}): Generator<TrainerEvent, void, void> {
    this.reuseStepEvents = options.reuseStepEvents ?? false;
    // The pool ends with the run: at its summary, when a thread fails, or by close() (an abandoned run).
    this.startPool();
    yield this.startedEvent();
    const every = this.probes.symmetryEvery ?? 0;
    if ((every === 'auto' || every > 0) && this.model.dense.length > 1) yield this.symmetryEvent();
    const { train } = this.data;
    const order = Int32Array.from({ length: train.rows }, (_, i) => i);
    const batchSize = this.xBatch.shape[0]!;
    while (this.epoch < this.config.training.epochs) {
      if (this.config.training.shuffle) this.dataRng.shuffle(order);
      this.gradNormSums.fill(0);
      let stepsThisEpoch = 0;
      for (let start = 0; start < train.rows; start += batchSize) {
        const rows = Math.min(batchSize, train.rows - start);
        const x = this.gatherBatch(order, start, rows);
        const diverged = this.takeStep(x, rows);
        stepsThisEpoch++;
        if (diverged) {
          yield diverged;
          yield this.summary('diverged');
          return;
        }
        yield this.lastStep!;
        if (this.symmetryDue()) yield this.symmetryEvent();
        if (this.stopRequested) {
          yield this.summary('stopped');
          return;
        }
      }
      this.epoch++;
      yield this.epochEvent(stepsThisEpoch);
      const slow = this.slowDivergence();
      if (slow) {
        yield slow;
        yield this.summary('diverged');
        return;
      }
    }
    yield this.summary('finished');
  }

  private lastStep: StepEvent | undefined;

  /** Copies the batch's rows (in shuffled order) into the reused batch buffers. */
  private gatherBatch(order: Int32Array, start: number, rows: number): Tensor {
    const { train } = this.data;
    const f = train.features, t = this.rowsPerTarget;
    const xb = this.xBatch.data, yb = this.yBatch;
    const x = train.x, y = train.y;
    // Short rows are copied by element loops (no view object per row, which they pay most for);
    // wide ones (MNIST's 784 values) by one native copy each, several times faster per value.
    const wide = f >= WIDE_ROW;
    for (let i = 0; i < rows; i++) {
      const r = order[start + i]!;
      if (wide) xb.set(x.subarray(r * f, r * f + f), i * f);
      else for (let j = 0, from = r * f, to = i * f; j < f; j++) xb[to + j] = x[from + j]!;
      for (let j = 0; j < t; j++) yb[i * t + j] = y[r * t + j]!;
    }
    return rows === this.xBatch.shape[0] ? this.xBatch : { shape: [rows, f], data: xb.subarray(0, rows * f) };
  }

  /**
   * One optimizer step on a batch: forward, loss, backward, penalties, clipping, update.
   * Returns a 'diverged' event instead of updating when the loss or gradient is not finite,
   * after putting back the weights from before the previous update (the last ones known good).
   */
  private takeStep(x: Tensor, rows: number): DivergedEvent | undefined {
    const current = this.current;
    current.start = this.clock();
    const model = this.model, outputs = this.head.outputs, params = model.params;
    let lossValue: number, batchAccuracy: number | undefined;
    if (this.pool) {
      // Several threads: each computes its share of the batch; the pool leaves the sum in the grads.
      ({ loss: lossValue, accuracy: batchAccuracy } = this.pool.gradients(x, this.yBatch, rows));
    } else {
      const logits = model.forward(x, true);
      const grad = this.lossGradFor(rows);
      lossValue = this.lossFn.evaluate(logits.data, this.yBatch, rows, outputs, grad.data);
      model.backward(grad);
      if (this.lossFn.classIndexTargets) batchAccuracy = accuracy(this.lossFn, logits.data, this.yBatch, rows, outputs);
    }
    current.loss = lossValue;
    current.hasAccuracy = batchAccuracy !== undefined;
    current.accuracy = batchAccuracy ?? 0;
    if (this.config.clip.norm === undefined) return this.fusedUpdate(rows);
    lossValue += applyPenalty(params, this.config.regularization);
    // One pass over the gradients gives both the global norm and each dense layer's weight norm.
    const squares = (this.paramSquares ??= new Float64Array(params.length));
    for (let i = 0; i < params.length; i++) squares[i] = sumOfSquares(params[i]!.grad);
    const gradNorm = this.gradNormFrom(squares);
    const diverged = this.checkFinite(lossValue, gradNorm);
    if (diverged) return diverged;
    clipGradients(params, this.config.clip, gradNorm);
    for (let i = 0; i < params.length; i++) copyInto(params[i]!.value, this.lastGood[i]!);
    this.optimizer.step(params);
    current.loss = lossValue;
    current.gradNorm = gradNorm;
    this.stepTaken(rows);
    return undefined;
  }

  /** The global gradient norm from each param's Σg², adding each dense layer's weight-gradient norm to its sum. */
  private gradNormFrom(squares: Float64Array): number {
    let total = 0;
    for (let i = 0; i < squares.length; i++) {
      const s = squares[i]!;
      total += s;
      const layer = this.denseOfParam[i]!;
      if (layer >= 0) this.gradNormSums[layer]! += Math.sqrt(s);
    }
    return Math.sqrt(total);
  }

  /** A 'diverged' event (after putting back the last good weights) when the loss or the norm is not finite. */
  private checkFinite(lossValue: number, gradNorm: number): DivergedEvent | undefined {
    if (this.step === 0) this.firstLoss = lossValue;
    if (Number.isFinite(lossValue) && Number.isFinite(gradNorm)) return undefined;
    this.model.restore(this.lastGood);
    return this.divergedEvent(Number.isFinite(lossValue) ? `the gradient norm is ${gradNorm}` : `the loss is ${lossValue}`);
  }

  /**
   * The rest of a step without clipping by norm (which needs the norm before any update): the
   * penalty, Σ g², clipping by value and the update in one pass per param (Optimizer.stepFused),
   * the same weights bit for bit as the separate passes (test/engine/optimizer-kernels.test.ts);
   * the reported penalty is summed per param first, which can change the loss's last bit.
   * A non-finite gradient shows only after that pass: the weights then go back to the last good
   * ones as on the other path, but the optimizer's state has taken the step (the run ends there).
   */
  private fusedUpdate(rows: number): DivergedEvent | undefined {
    const model = this.model, params = model.params, reg = this.config.regularization, current = this.current;
    let lossValue = current.loss;
    // A non-finite loss ends the step before the update (its gradient is not worth a pass).
    if (!Number.isFinite(lossValue)) return this.checkFinite(lossValue, 0);
    const spare = (this.spare ??= this.model.snapshot());
    for (let i = 0; i < params.length; i++) copyInto(params[i]!.value, spare[i]!);
    const clipValue = this.config.clip.value;
    const fused = this.optimizer.stepFused(params, clipValue === undefined ? reg : { l1: reg.l1, l2: reg.l2, clipValue });
    lossValue += fused.penalty;
    const gradNorm = this.gradNormFrom(fused.squares);
    const diverged = this.checkFinite(lossValue, gradNorm);
    if (diverged) return diverged;
    this.spare = this.lastGood;
    this.lastGood = spare;
    current.loss = lossValue;
    current.gradNorm = gradNorm;
    this.stepTaken(rows);
    return undefined;
  }

  /**
   * The step in progress: its start, loss, batch accuracy and gradient norm. Fields, not
   * arguments: a double passed to (or returned from) a call that is not inlined is boxed, and
   * these were most of a small network's garbage per step.
   */
  private readonly current = { start: 0, loss: 0, accuracy: 0, hasAccuracy: false, gradNorm: 0 };

  /** Counts a step taken (`current` holds its numbers) and makes its event. */
  private stepTaken(rows: number): void {
    const current = this.current;
    const lossValue = current.loss, gradNorm = current.gradNorm, batchAccuracy = current.hasAccuracy ? current.accuracy : undefined;
    this.step++;
    this.trainingSeconds += (this.clock() - current.start) / 1000;
    this.trainedSamples += rows;
    const step = this.step, epoch = this.epoch + 1, learningRate = this.optimizer.learningRate;
    const reused = this.reusedStep;
    if (reused && (reused.accuracy === undefined) === (batchAccuracy === undefined)) {
      // Written in place: the fields keep their shape and their double boxes, so nothing is allocated.
      reused.step = step;
      reused.epoch = epoch;
      reused.loss = lossValue;
      if (batchAccuracy !== undefined) reused.accuracy = batchAccuracy;
      reused.gradNorm = gradNorm;
      reused.learningRate = learningRate;
      this.lastStep = reused;
      return;
    }
    // One literal per shape: adding `accuracy` afterwards would allocate a property store per step.
    this.lastStep = batchAccuracy !== undefined
      ? { type: 'step', step, epoch, loss: lossValue, accuracy: batchAccuracy, gradNorm, learningRate }
      : { type: 'step', step, epoch, loss: lossValue, gradNorm, learningRate };
    if (this.reuseStepEvents) this.reusedStep = this.lastStep;
  }

  /** run({ reuseStepEvents }): whether step events are one object rewritten per step. */
  private reuseStepEvents = false;
  private reusedStep: StepEvent | undefined;

  /** dLoss/dLogits for a batch of `rows`, as a tensor over the reused gradient buffer. */
  private lossGradFor(rows: number): Tensor {
    let t = this.lossGrads.get(rows);
    if (!t) {
      t = { shape: [rows, this.head.outputs], data: this.lossGrad.subarray(0, rows * this.head.outputs) };
      this.lossGrads.set(rows, t);
    }
    return t;
  }

  private divergedEvent(reason: string): DivergedEvent {
    const lr = this.optimizer.learningRate;
    return {
      type: 'diverged', step: this.step + 1, epoch: this.epoch + 1, reason, learningRate: lr,
      suggestion: divergenceAdvice(this.firstLoss ?? NaN, this.baseline(), lr, this.step),
      cause: divergenceCause(this.firstLoss ?? NaN, this.baseline()),
    };
  }

  /** The baseline loss of this run's training rows (computed on first use). */
  baseline(): number {
    this.baselineValue ??= baselineLoss(this.lossFn, this.data.train, this.head.outputs);
    return this.baselineValue;
  }

  /**
   * After an epoch: a finite loss far above the baseline, or grown by orders of magnitude from
   * its lowest, is divergence too (it once finished "successfully" at 132 where chance is 0.69).
   */
  private slowDivergence(): DivergedEvent | undefined {
    const loss = this.last.loss;
    if (loss === undefined || !Number.isFinite(loss)) return undefined;
    const base = this.baseline();
    const what = this.lossFn.classIndexTargets ? 'the class priors' : 'the mean';
    const far = base > 1e-12 && loss > BASELINE_FACTOR * base;
    // A run that started near chance and is now far above it was made worse by training; one
    // that started far above (a large initialization, as in the initialization study) may
    // still come down, so it is judged at its last epoch — unless it is absurdly far.
    const startedNear = (this.firstLoss ?? Infinity) <= BASELINE_FACTOR * base;
    const last = this.epoch >= this.config.training.epochs;
    let reason: string | undefined;
    if (far && (startedNear || last || loss > ABSURD_FACTOR * base)) {
      reason = `after ${last && !startedNear ? 'its last epoch' : `epoch ${this.epoch}`} the training loss is ${fmtLoss(loss)}, over ${BASELINE_FACTOR}× the ${fmtLoss(base)} of predicting ${what}`;
    } else if (loss > GROWTH_FACTOR * this.lowestEpochLoss && this.lowestEpochLoss > 0 && far) {
      // Growth counts only where the loss is also far above chance: a fitted run's loss spiking
      // from 4e-4 to about chance (Adam at 0.03 on the spiral, 20,000 epochs) is a transient that
      // usually settles again, not divergence; one that also sits 10× above chance is.
      reason = `the training loss grew from ${fmtLoss(this.lowestEpochLoss)} to ${fmtLoss(loss)} (over ${GROWTH_FACTOR}×)`;
    }
    this.lowestEpochLoss = Math.min(this.lowestEpochLoss, loss);
    if (!reason) return undefined;
    const lr = this.optimizer.learningRate;
    return {
      type: 'diverged', step: this.step, epoch: this.epoch, reason, learningRate: lr,
      suggestion: divergenceAdvice(this.firstLoss ?? NaN, base, lr, undefined),
      cause: divergenceCause(this.firstLoss ?? NaN, base),
    };
  }

  /** Loss and accuracy or R² of the current model on a whole set, in evaluation mode (no dropout). */
  evaluate(ds: Dataset): Evaluation {
    const outputs = this.head.outputs, f = ds.features, t = this.rowsPerTarget;
    let lossSum = 0, correct = 0;
    const preds = this.lossFn.classIndexTargets ? undefined : new Float32Array(ds.rows * outputs);
    for (let start = 0; start < ds.rows; start += EVAL_CHUNK) {
      const rows = Math.min(EVAL_CHUNK, ds.rows - start);
      const x = { shape: [rows, f], data: ds.x.subarray(start * f, (start + rows) * f) };
      const logits = this.model.forward(x, false);
      const y = ds.y.subarray(start * t, (start + rows) * t);
      lossSum += this.lossFn.evaluate(logits.data, y, rows, outputs) * rows;
      if (preds) preds.set(logits.data.subarray(0, rows * outputs), start * outputs);
      else correct += accuracy(this.lossFn, logits.data, y, rows, outputs) * rows;
    }
    const loss = ds.rows ? lossSum / ds.rows : NaN;
    return preds ? { loss, r2: rSquared(preds, ds.y, ds.rows * outputs) } : { loss, accuracy: ds.rows ? correct / ds.rows : 0 };
  }

  private epochEvent(stepsThisEpoch: number): EpochEvent {
    // The last epoch measures every row: the run's final numbers are exact (once per run costs little).
    const last = this.epoch >= this.config.training.epochs;
    const train = this.evaluate(last ? this.data.train : this.evalTrain);
    const validation = last ? this.data.validation : this.evalValidation;
    const val = validation.rows ? this.evaluate(validation) : undefined;
    this.last = { ...train, ...(val ? { val } : {}) };
    const layers: LayerStats[] = this.model.dense.map((d: Dense, i) => ({
      name: d.name, gradNorm: this.gradNormSums[i]! / Math.max(1, stepsThisEpoch), weightNorm: l2Norm(d.weights.value),
    }));
    return { type: 'epoch', epoch: this.epoch, step: this.step, ...this.metricFields(train, val), layers, ...this.timing() };
  }

  private metricFields(train: Evaluation, val: Evaluation | undefined) {
    return {
      trainLoss: train.loss,
      ...(val ? { valLoss: val.loss } : {}),
      ...(train.accuracy !== undefined ? { trainAccuracy: train.accuracy } : {}),
      ...(val?.accuracy !== undefined ? { valAccuracy: val.accuracy } : {}),
      ...(train.r2 !== undefined ? { trainR2: train.r2 } : {}),
      ...(val?.r2 !== undefined ? { valR2: val.r2 } : {}),
    };
  }

  private timing(): { samplesPerSecond: number; elapsedSeconds: number } {
    return {
      samplesPerSecond: this.trainingSeconds > 0 ? this.trainedSamples / this.trainingSeconds : 0,
      elapsedSeconds: (performance.now() - this.started) / 1000,
    };
  }

  /** The final numbers, evaluated now unless the last epoch just measured them. */
  summary(status: SummaryEvent['status']): SummaryEvent {
    // A summary ends the run: its training threads are not needed for it or after it.
    this.close();
    const fresh = status === 'finished' && this.last.loss !== undefined;
    const train = fresh ? (this.last as Evaluation) : this.evaluate(this.data.train);
    const val = fresh ? this.last.val : this.data.validation.rows ? this.evaluate(this.data.validation) : undefined;
    return {
      type: 'summary', status, epochs: this.epoch, steps: this.step, ...this.metricFields(train, val),
      ...this.timing(), parameterCount: this.model.parameterCount,
      distinctNeurons: this.model.dense.slice(0, -1).map((d) => distinctNeurons(d)),
    };
  }
}

/** The first `n` rows of a set, as views of its arrays (the split has shuffled the rows: a fixed random sample). */
function firstRows(ds: Dataset, n: number): Dataset {
  if (n >= ds.rows) return ds;
  const t = ds.y.length / Math.max(1, ds.rows);
  return { ...ds, rows: n, x: ds.x.subarray(0, n * ds.features), y: ds.y.subarray(0, n * t) };
}
