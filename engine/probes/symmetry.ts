import { ActivationLayer } from '../layers/activation-layer';
import { Dense } from '../layers/dense';
import { singularValues } from '../linalg/symmetric-eigen';
import { Sequential } from '../model';
import { Tensor } from '../tensor';
import type { LayerSymmetry } from '../protocol/training';
export type { LayerSymmetry } from '../protocol/training';

/** Default tolerance for "identical": far above float32 rounding of equal arithmetic (which is exactly 0). */
export const SAME_NEURON_TOLERANCE = 1e-6;

/** Column j of a [inputs × units] weight matrix followed by bias j. */
function neuronVector(values: Float32Array, bias: Float32Array, inputs: number, units: number, j: number, out: Float64Array): void {
  for (let i = 0; i < inputs; i++) out[i] = values[i * units + j]!;
  out[inputs] = bias[j]!;
}

function cosineMatrix(vectors: Float64Array[]): number[] {
  const n = vectors.length;
  const norms = vectors.map((v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)));
  const out = new Array<number>(n * n);
  for (let a = 0; a < n; a++) for (let b = a; b < n; b++) {
    let sim: number;
    if (norms[a] === 0 || norms[b] === 0) {
      sim = norms[a] === norms[b] ? 1 : 0; // two zero vectors are the same neuron; one alone is unlike any other
    } else {
      let dot = 0;
      const va = vectors[a]!, vb = vectors[b]!;
      for (let i = 0; i < va.length; i++) dot += va[i]! * vb[i]!;
      sim = dot / (norms[a]! * norms[b]!);
    }
    out[a * n + b] = sim;
    out[b * n + a] = sim;
  }
  return out;
}

/** Counts groups of vectors equal within `tolerance` (max-abs difference), joining chains (union–find). */
function countGroups(vectors: Float64Array[], tolerance: number): { groups: number; maxDifference: number } {
  const n = vectors.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  let maxDifference = 0;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
    let diff = 0;
    const va = vectors[a]!, vb = vectors[b]!;
    for (let i = 0; i < va.length; i++) diff = Math.max(diff, Math.abs(va[i]! - vb[i]!));
    maxDifference = Math.max(maxDifference, diff);
    if (diff <= tolerance) parent[find(a)] = find(b);
  }
  let groups = 0;
  for (let i = 0; i < n; i++) if (find(i) === i) groups++;
  return { groups, maxDifference };
}

/**
 * The distinct neurons of a dense layer (its `distinctNeurons`) without the rest of the probe:
 * the same groups, but each pair's comparison stops at the first value that differs by more
 * than the tolerance, so it costs about units² instead of units² × inputs (plus no SVD).
 */
export function distinctNeurons(dense: Dense, tolerance = SAME_NEURON_TOLERANCE): number {
  const [inputs, units] = dense.weights.shape as [number, number];
  const w = dense.weights.value, b = dense.bias.value;
  const parent = Int32Array.from({ length: units }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let a = 0; a < units; a++) for (let c = a + 1; c < units; c++) {
    // Compared in float64, as neuronVector copies them.
    let same = Math.abs(b[a]! - b[c]!) <= tolerance;
    for (let i = 0; same && i < inputs; i++) same = Math.abs(w[i * units + a]! - w[i * units + c]!) <= tolerance;
    if (same) parent[find(a)] = find(c);
  }
  let groups = 0;
  for (let i = 0; i < units; i++) if (find(i) === i) groups++;
  return groups;
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

/** The symmetry of one dense layer; `activations` (rows × units, after ReLU) enables the dead-neuron share. */
export function layerSymmetry(dense: Dense, activations?: { data: Float32Array; rows: number }, tolerance = SAME_NEURON_TOLERANCE): LayerSymmetry {
  const [inputs, units] = dense.weights.shape as [number, number];
  const weights = Array.from({ length: units }, (_, j) => {
    const v = new Float64Array(inputs + 1);
    neuronVector(dense.weights.value, dense.bias.value, inputs, units, j, v);
    return v;
  });
  const grads = Array.from({ length: units }, (_, j) => {
    const v = new Float64Array(inputs + 1);
    neuronVector(dense.weights.grad, dense.bias.grad, inputs, units, j, v);
    return v;
  });
  const { groups, maxDifference } = countGroups(weights, tolerance);
  const result: LayerSymmetry = {
    layer: dense.name,
    units,
    distinctNeurons: groups,
    maxDifference,
    effectiveRank: effectiveRank(singularValues(dense.weights.value, inputs, units)),
    weightSimilarity: cosineMatrix(weights),
    gradientSimilarity: cosineMatrix(grads),
    gradientNorms: grads.map((g) => Math.sqrt(g.reduce((s, x) => s + x * x, 0))),
  };
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

/**
 * The symmetry of every hidden dense layer of `model`. With `probeRows`, runs them through the
 * model (evaluation mode) to measure dead ReLU neurons. Reads the model; changes no weight.
 */
export function symmetryProbe(model: Sequential, probeRows?: Tensor): LayerSymmetry[] {
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
  return model.dense.slice(0, -1).map((d) => layerSymmetry(d, reluOutputs.get(d)));
}
