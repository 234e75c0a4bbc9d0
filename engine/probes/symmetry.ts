import { ActivationLayer } from '../nn/layers/activation-layer';
import { Dense } from '../nn/layers/dense';
import { singularValues } from '../linalg/symmetric-eigen';
import { tridiagonalEigenvalues } from '../linalg/tridiagonal-eigen';
import { Sequential } from '../nn/model';
import { Prng } from '../prng';
import { Tensor } from '../nn/tensor';
import type { LayerSymmetry } from '../protocol/training';
export type { LayerSymmetry } from '../protocol/training';

/** Default tolerance for "identical": far above float32 rounding of equal arithmetic (which is exactly 0). */
export const SAME_NEURON_TOLERANCE = 1e-6;

/**
 * What a probe measures by default (experiment files' `symmetry`): at most 64 neurons per layer
 * in the similarity matrices and the effective rank (their cost grows with the square of the
 * neurons), and the first 64 training rows for the dead-ReLU share (a forward pass each probe).
 * The counts that decide the view's verdicts — distinct neurons, the largest difference,
 * per-neuron gradient norms, dead share — cover every neuron of the layer.
 */
export const SYMMETRY_NEURONS = 64;
export const SYMMETRY_ROWS = 64;

/** Column j of a [inputs × units] weight matrix followed by bias j. */
function neuronVector(values: Float32Array, bias: Float32Array, inputs: number, units: number, j: number, out: Float64Array): void {
  for (let i = 0; i < inputs; i++) out[i] = values[i * units + j]!;
  out[inputs] = bias[j]!;
}

/** The cosine similarities of n vectors (n × n, row-major), from their n × n dot products. */
function cosines(dots: Float64Array, n: number): number[] {
  const out = new Array<number>(n * n);
  for (let a = 0; a < n; a++) for (let b = a; b < n; b++) {
    const na = Math.sqrt(dots[a * n + a]!), nb = Math.sqrt(dots[b * n + b]!);
    // Two zero vectors are the same neuron; one alone is unlike any other.
    const sim = na === 0 || nb === 0 ? (na === nb ? 1 : 0) : dots[a * n + b]! / (na * nb);
    out[a * n + b] = sim;
    out[b * n + a] = sim;
  }
  return out;
}

/**
 * The dot products of n vectors over their first `len` values (n × n, row-major), plus the
 * products of their last values when `withLast` (the bias: the neuron's whole vector).
 */
function dotProducts(vectors: Float64Array[], len: number, withLast: boolean): Float64Array {
  const n = vectors.length, out = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = a; b < n; b++) {
    const va = vectors[a]!, vb = vectors[b]!;
    let dot = 0;
    for (let i = 0; i < len; i++) dot += va[i]! * vb[i]!;
    if (withLast) dot += va[len]! * vb[len]!;
    out[a * n + b] = dot;
    out[b * n + a] = dot;
  }
  return out;
}

/**
 * The distinct neurons of a dense layer: groups of neurons (weights column plus bias) equal
 * within `tolerance`. Each neuron is compared with the first neuron of every group found so far
 * and joins the first it matches, each comparison stopping at the first value that differs by
 * more than the tolerance: about units × groups comparisons, so a fully symmetric layer costs
 * units × inputs and a fully distinct one about units² (random neurons differ at their first
 * weight). Compared in float64, as the similarities are.
 */
export function distinctNeurons(dense: Dense, tolerance = SAME_NEURON_TOLERANCE): number {
  const [inputs, units] = dense.weights.shape as [number, number];
  const w = dense.weights.value, b = dense.bias.value;
  const firsts: number[] = [];
  for (let a = 0; a < units; a++) {
    let joined = false;
    for (let g = 0; g < firsts.length && !joined; g++) {
      const c = firsts[g]!;
      let same = Math.abs(b[a]! - b[c]!) <= tolerance;
      for (let i = 0; same && i < inputs; i++) same = Math.abs(w[i * units + a]! - w[i * units + c]!) <= tolerance;
      joined = same;
    }
    if (!joined) firsts.push(a);
  }
  return firsts.length;
}

/**
 * The largest absolute difference between the same weight (or the bias) of any two neurons:
 * for each incoming weight, the spread of its row across the neurons (max − min), so every pair
 * is covered in one pass over the matrix.
 */
function maxDifference(dense: Dense): number {
  const [inputs, units] = dense.weights.shape as [number, number];
  const w = dense.weights.value;
  const spread = (at: (j: number) => number): number => {
    let lo = Infinity, hi = -Infinity;
    for (let j = 0; j < units; j++) {
      const v = at(j);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi - lo;
  };
  let max = spread((j) => dense.bias.value[j]!);
  for (let i = 0; i < inputs; i++) max = Math.max(max, spread((j) => w[i * units + j]!));
  return max;
}

/**
 * A fixed sample of `count` of a layer's `units` neurons, in ascending order, or undefined when
 * the count covers them all. The same `prng` state gives the same sample.
 */
export function sampleNeurons(units: number, count: number, prng: Prng): number[] | undefined {
  if (count >= units) return undefined;
  const all = Int32Array.from({ length: units }, (_, i) => i);
  // A partial Fisher–Yates: the first `count` places get a uniform sample without replacement.
  for (let i = 0; i < count; i++) {
    const j = i + prng.int(units - i);
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return Array.from(all.subarray(0, count)).sort((a, b) => a - b);
}

/** Effective rank from singular values: exp(−Σ pᵢ log pᵢ) with pᵢ = σᵢ / Σσ. */
export function effectiveRank(sigma: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < sigma.length; i++) total += sigma[i]!;
  if (total <= 0) return 0;
  let entropy = 0;
  for (let i = 0; i < sigma.length; i++) {
    const p = sigma[i]! / total;
    if (p > 0) entropy -= p * Math.log(p);
  }
  return Math.exp(entropy);
}

/**
 * The symmetry of one dense layer; `activations` (rows × units, after ReLU) enables the
 * dead-neuron share; `sample` (ascending neuron indices) bounds the similarity matrices and the
 * effective rank to those neurons.
 */
export function layerSymmetry(dense: Dense, activations?: { data: Float32Array; rows: number }, tolerance = SAME_NEURON_TOLERANCE, sample?: number[]): LayerSymmetry {
  const [inputs, units] = dense.weights.shape as [number, number];
  const vectors = (values: Float32Array, bias: Float32Array, j: number): Float64Array => {
    const v = new Float64Array(inputs + 1);
    neuronVector(values, bias, inputs, units, j, v);
    return v;
  };
  const shown = sample ?? Array.from({ length: units }, (_, j) => j);
  const n = shown.length;
  const grads = shown.map((j) => vectors(dense.weights.grad, dense.bias.grad, j));
  const weights = shown.map((j) => vectors(dense.weights.value, dense.bias.value, j));
  // The weights' dot products without the bias are Wᵀ W of the shown columns, whose eigenvalues
  // are the squared singular values; with the bias added they give the similarities.
  const gram = dotProducts(weights, inputs, false);
  const dots = Float64Array.from(gram, (g, k) => g + weights[Math.floor(k / n)]![inputs]! * weights[k % n]![inputs]!);
  const sigma = n <= inputs
    ? tridiagonalEigenvalues(gram, n).map((l) => Math.sqrt(Math.max(0, l)))
    // Fewer inputs than neurons: the inputs-side Gram matrix is smaller, with the same non-zero values.
    : singularValues(sample ? sampledColumns(dense.weights.value, inputs, units, sample) : dense.weights.value, inputs, n);
  const result: LayerSymmetry = {
    layer: dense.name,
    units,
    distinctNeurons: distinctNeurons(dense, tolerance),
    maxDifference: maxDifference(dense),
    effectiveRank: effectiveRank(sigma),
    weightSimilarity: cosines(dots, n),
    gradientSimilarity: cosines(dotProducts(grads, inputs, true), n),
    gradientNorms: columnNorms(dense.weights.grad, dense.bias.grad, inputs, units),
  };
  if (sample) result.sampled = sample;
  if (activations && activations.rows > 0) {
    let dead = 0;
    for (let j = 0; j < units; j++) {
      let alive = false;
      for (let r = 0; r < activations.rows && !alive; r++) alive = activations.data[r * units + j]! > 0;
      if (!alive) dead++;
    }
    result.deadShare = dead / units;
  }
  return result;
}

/** The L2 norm of each neuron's column plus bias, in one row-major pass. */
function columnNorms(w: Float32Array, bias: Float32Array, inputs: number, units: number): number[] {
  const sums = new Float64Array(units);
  for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) sums[j]! += w[i * units + j]! * w[i * units + j]!;
  // The bias last, as in the neuron's vector (weights, then bias): the same sums to the last bit.
  return Array.from(sums, (s, j) => Math.sqrt(s + bias[j]! * bias[j]!));
}

/** The [inputs × sample.length] matrix of the sampled columns. */
function sampledColumns(w: Float32Array, inputs: number, units: number, sample: number[]): Float32Array {
  const k = sample.length, out = new Float32Array(inputs * k);
  for (let i = 0; i < inputs; i++) for (let c = 0; c < k; c++) out[i * k + c] = w[i * units + sample[c]!]!;
  return out;
}

/**
 * The symmetry of every hidden dense layer of `model`. With `probeRows`, runs them through the
 * model (evaluation mode) to measure dead ReLU neurons. `samples[i]`, when given, is the fixed
 * sample of hidden layer i's neurons that its matrices show. Reads the model; changes no weight.
 */
export function symmetryProbe(model: Sequential, probeRows?: Tensor, samples?: (number[] | undefined)[]): LayerSymmetry[] {
  const reluOutputs = new Map<Dense, { data: Float32Array; rows: number }>();
  if (probeRows && probeRows.shape[0]) {
    let t = probeRows;
    let lastDense: Dense | undefined;
    for (const layer of model.layers) {
      t = layer.forward(t, false);
      if (layer instanceof Dense) lastDense = layer;
      else if (layer instanceof ActivationLayer && layer.fn.name === 'relu' && lastDense) {
        reluOutputs.set(lastDense, { data: t.data.slice(), rows: t.shape[0]! });
      }
    }
  }
  return model.dense.slice(0, -1).map((d, i) => layerSymmetry(d, reluOutputs.get(d), SAME_NEURON_TOLERANCE, samples?.[i]));
}
