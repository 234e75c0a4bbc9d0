import { Param } from '../nn/layers/layer';
import { Optimizer, OptimizerSpec } from '../nn/optimizers';
import { Vec, activate, activationGrad } from './activations';
import { CompiledGenome, nodeCount } from './genome';
import { WannData, wannRows } from './data';
import { Prng } from '../prng';
import { accuracyOf, classify } from './evaluate';

/**
 * The paper's comparison (§4, "trained weights"): the searched topology with a weight of its own
 * on every connection, trained by gradient descent. The loss is cross-entropy on the outputs
 * (logistic for one output, softmax for several), backpropagated through the genome in reverse
 * topological order. Double precision throughout, so the gradient can be checked numerically.
 */
export class WeightedNetwork {
  private readonly z: Float64Array[] = [];
  private readonly a: Float64Array[] = [];
  private readonly dA: Float64Array[] = [];
  private readonly dz: Float64Array;
  private readonly values: Vec[] = [];
  private readonly predicted: Int32Array;

  constructor(readonly compiled: CompiledGenome, readonly data: WannData) {
    const n = nodeCount(compiled.genome), rows = data.rows;
    for (let i = 0; i < n; i++) {
      this.z.push(new Float64Array(rows));
      this.a.push(new Float64Array(rows));
      this.dA.push(new Float64Array(rows));
    }
    this.dz = new Float64Array(rows);
    this.predicted = new Int32Array(rows);
    const g = compiled.genome;
    for (let i = 0; i < g.inputs; i++) this.values[i] = data.columns[i]!;
    this.values[g.inputs] = new Float64Array(rows).fill(1);
  }

  /** Output batches for per-connection `weights` (indexed like genome.connections); views valid until the next call. */
  forward(weights: Float32Array): Float64Array[] {
    const c = this.compiled, g = c.genome, rows = this.data.rows;
    for (let k = 0; k < c.order.length; k++) {
      const v = c.order[k]!;
      const z = this.z[v]!;
      z.fill(0);
      for (let e = c.inStart[v]!; e < c.inStart[v + 1]!; e++) {
        const w = weights[c.inConn[e]!]!, src = this.values[c.inFrom[e]!]!;
        for (let r = 0; r < rows; r++) z[r]! += w * src[r]!;
      }
      activate(g.activations[v]!, z, 1, this.a[v]!, rows);
      this.values[v] = this.a[v]!;
    }
    return Array.from({ length: g.outputs }, (_, o) => this.a[g.inputs + 1 + o]!);
  }

  /** Share of rows classified correctly with `weights`. */
  accuracy(weights: Float32Array): number {
    return accuracyOf(classify(this.forward(weights), this.data.rows, this.predicted), this.data.labels, this.data.rows);
  }

  /** Mean cross-entropy over the rows; when `grad` is given, writes dLoss/dWeight into it (overwriting). */
  loss(weights: Float32Array, grad?: Float32Array): number {
    const c = this.compiled, g = c.genome, rows = this.data.rows, labels = this.data.labels;
    const out = this.forward(weights);
    const first = g.inputs + 1;
    let total = 0;
    if (grad) for (const d of this.dA) d.fill(0);
    if (g.outputs === 1) {
      // −log σ(±z) written as softplus, exact for large |z|; its derivative is σ(z) − y.
      const z = out[0]!, d = this.dA[first]!;
      for (let r = 0; r < rows; r++) {
        const x = z[r]!, y = labels[r]!;
        total += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
        if (grad) d[r] = (1 / (1 + Math.exp(-x)) - y) / rows;
      }
    } else {
      for (let r = 0; r < rows; r++) {
        let max = -Infinity;
        for (let o = 0; o < g.outputs; o++) max = Math.max(max, out[o]![r]!);
        let s = 0;
        for (let o = 0; o < g.outputs; o++) s += Math.exp(out[o]![r]! - max);
        const lse = max + Math.log(s), y = labels[r]!;
        total += lse - out[y]![r]!;
        if (grad) for (let o = 0; o < g.outputs; o++) this.dA[first + o]![r] = (Math.exp(out[o]![r]! - lse) - (o === y ? 1 : 0)) / rows;
      }
    }
    if (grad) this.backward(weights, grad);
    return total / rows;
  }

  /** Reverse pass: from dLoss/dOutput (in dA) to dLoss/dWeight for every connection. */
  private backward(weights: Float32Array, grad: Float32Array): void {
    const c = this.compiled, g = c.genome, rows = this.data.rows, dz = this.dz;
    grad.fill(0);
    for (let k = c.order.length - 1; k >= 0; k--) {
      const v = c.order[k]!;
      activationGrad(g.activations[v]!, this.z[v]!, this.a[v]!, this.dA[v]!, dz, rows);
      for (let e = c.inStart[v]!; e < c.inStart[v + 1]!; e++) {
        const from = c.inFrom[e]!, src = this.values[from]!, conn = c.inConn[e]!;
        let s = 0;
        for (let r = 0; r < rows; r++) s += dz[r]! * src[r]!;
        grad[conn] = s;
        // Inputs and the bias need no gradient of their own.
        if (from > g.inputs) {
          const w = weights[conn]!, d = this.dA[from]!;
          for (let r = 0; r < rows; r++) d[r]! += w * dz[r]!;
        }
      }
    }
  }
}

/** How the weights are trained; the defaults are minibatch Adam with a small learning-rate search. */
export interface WeightTrainingOptions {
  /** Minibatch steps per learning rate (default 3,000). */
  steps?: number;
  /** Learning rates tried, each from the start (default 0.003, 0.01, 0.03, 0.1); the best on the held-out rows is kept. */
  learningRates?: readonly number[];
  /** One optimizer instead of the search (its kind and learning rate; default Adam). */
  optimizer?: OptimizerSpec;
  /** Rows per minibatch (default 128; at least the fitting rows means full batch). */
  batchSize?: number;
  /** Score the weights on the held-out rows every this many steps (default 25). */
  checkEvery?: number;
  /** Seeds the minibatches (default 1). */
  seed?: number;
}

/** The defaults, for labels that say what was done. */
export const WEIGHT_TRAINING_DEFAULTS = { steps: 3000, learningRates: [0.003, 0.01, 0.03, 0.1], batchSize: 128, checkEvery: 25 } as const;

/** The tuned weights and how tuning went. */
export interface TrainedWeights {
  /** The weights kept: the best seen on the held-out rows (the start among them). */
  readonly weights: Float32Array;
  /** Training loss (all fitting rows) before the first step, and at the kept weights. */
  readonly initialLoss: number;
  readonly finalLoss: number;
  /** Steps per learning rate. */
  readonly steps: number;
  /** The step the kept weights come from (0: no step improved on the start). */
  readonly keptStep: number;
  /** The learning rates tried and the one the kept weights come from. */
  readonly learningRates: readonly number[];
  readonly learningRate: number;
  readonly batchSize: number;
  /** Accuracy on the held-out rows at the start and at the kept weights (≥ the start by construction). */
  readonly startHeldOutAccuracy: number;
  readonly heldOutAccuracy: number;
}

/** `data` cut into minibatches of about `size` rows, in an order shuffled by `rng`. */
function minibatches(data: WannData, size: number, rng: Prng): WannData[] {
  const order = Array.from({ length: data.rows }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const count = Math.max(1, Math.round(data.rows / Math.max(1, size)));
  return Array.from({ length: count }, (_, b) => wannRows(data, order.slice(Math.floor((b * data.rows) / count), Math.floor(((b + 1) * data.rows) / count))));
}

/**
 * Tunes one weight per connection of `compiled`, every weight starting at `start` (the best
 * shared weight): minibatch Adam on the cross-entropy of `fit`, run once per learning rate, and
 * every `checkEvery` steps an accuracy on `held` (rows of the training set the gradient never
 * sees, ties broken by their loss). The best weights seen there, over every learning rate, are
 * kept, the start among them, so the result is never worse than the start on `held` — it cannot
 * overfit its way below the best shared weight, which is what the paper's comparison needs.
 * Deterministic for a seed.
 */
export function trainWeights(compiled: CompiledGenome, fit: WannData, held: WannData, start: number, options: WeightTrainingOptions = {}): TrainedWeights {
  const m = compiled.genome.connections.length;
  const param: Param = { name: 'wann.connections', shape: [m], value: new Float32Array(m).fill(start), grad: new Float32Array(m), isBias: false };
  const whole = new WeightedNetwork(compiled, fit), check = new WeightedNetwork(compiled, held);
  const steps = options.steps ?? WEIGHT_TRAINING_DEFAULTS.steps, every = Math.max(1, options.checkEvery ?? WEIGHT_TRAINING_DEFAULTS.checkEvery);
  const batchSize = Math.min(fit.rows, Math.max(1, options.batchSize ?? WEIGHT_TRAINING_DEFAULTS.batchSize));
  const seed = options.seed ?? 1;
  const batches = batchSize >= fit.rows ? [whole] : minibatches(fit, batchSize, new Prng(seed)).map((b) => new WeightedNetwork(compiled, b));
  const specs: OptimizerSpec[] = options.optimizer
    ? [options.optimizer]
    : (options.learningRates ?? WEIGHT_TRAINING_DEFAULTS.learningRates).map((learningRate) => ({ kind: 'adam', learningRate }));
  const score = (w: Float32Array) => ({ accuracy: check.accuracy(w), loss: check.loss(w) });
  const first = score(param.value);
  let kept = { ...first, step: 0, learningRate: specs[0]!.learningRate, weights: param.value.slice() };
  const initialLoss = whole.loss(param.value);
  for (const spec of specs) {
    param.value.fill(start);
    const optimizer = new Optimizer(spec);
    // The same batch order for every learning rate: they differ only in the rate.
    const order = new Prng(seed ^ 0x2545f491);
    let perm: number[] = [];
    for (let s = 0; s < steps; s++) {
      if (perm.length === 0) {
        perm = Array.from({ length: batches.length }, (_, i) => i);
        for (let i = perm.length - 1; i > 0; i--) {
          const j = order.int(i + 1);
          [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        }
      }
      const net = batches[perm.pop()!]!;
      // A step through an inverse node can blow up: then the weights kept so far stand.
      if (!Number.isFinite(net.loss(param.value, param.grad))) break;
      optimizer.step([param]);
      if ((s + 1) % every !== 0 && s + 1 !== steps) continue;
      const now = score(param.value);
      if (now.accuracy > kept.accuracy || (now.accuracy === kept.accuracy && now.loss < kept.loss)) {
        kept = { ...now, step: s + 1, learningRate: spec.learningRate, weights: param.value.slice() };
      }
    }
  }
  const finalLoss = kept.step === 0 ? initialLoss : whole.loss(kept.weights);
  return {
    weights: kept.weights, initialLoss, finalLoss, steps, keptStep: kept.step,
    learningRates: specs.map((o) => o.learningRate), learningRate: kept.learningRate, batchSize,
    startHeldOutAccuracy: first.accuracy, heldOutAccuracy: kept.accuracy,
  };
}
