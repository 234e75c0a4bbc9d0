import { matmulTransA } from '../nn/kernels';
import { symmetricEigen } from '../linalg/symmetric-eigen';
import { Prng } from '../prng';

/** A fitted principal component analysis: project with `projectPca`. */
export interface Pca {
  /** Feature means subtracted before projecting. */
  mean: Float32Array;
  /** k × features, row-major: unit principal directions, largest variance first. */
  components: Float32Array;
  k: number;
  features: number;
  /** Variance along each component (eigenvalues of the covariance). */
  variance: Float64Array;
  /** Each component's share of the total variance (0…1). */
  varianceRatio: Float64Array;
  /** Total variance of the data: the trace of its covariance, so ratios are exact even when k < features. */
  totalVariance: number;
}

/** Up to this many features the covariance is decomposed whole; above, only the top k by subspace iteration. */
const FULL_DECOMPOSITION_MAX = 256;

/**
 * Fits PCA with k components to rows × features data: the eigenvectors of the covariance
 * (divided by rows − 1). Small problems use a full Jacobi decomposition; large ones (images)
 * use subspace iteration with oversampling, then Rayleigh–Ritz, which converges to the top k.
 */
export function fitPca(x: Float32Array, rows: number, features: number, k: number, rng = new Prng(1)): Pca {
  k = Math.max(1, Math.min(k, features, rows));
  const mean = new Float32Array(features);
  for (let r = 0; r < rows; r++) for (let j = 0; j < features; j++) mean[j]! += x[r * features + j]!;
  for (let j = 0; j < features; j++) mean[j]! /= rows;
  const centred = new Float32Array(rows * features);
  for (let r = 0; r < rows; r++) for (let j = 0; j < features; j++) centred[r * features + j] = x[r * features + j]! - mean[j]!;
  const cov32 = new Float32Array(features * features);
  matmulTransA(centred, centred, cov32, features, rows, features);
  const cov = Float64Array.from(cov32, (v) => v / Math.max(1, rows - 1));
  let totalVariance = 0;
  for (let j = 0; j < features; j++) totalVariance += cov[j * features + j]!;
  const { values, vectors } = features <= FULL_DECOMPOSITION_MAX ? symmetricEigen(cov, features) : topEigen(cov, features, k, rng);
  const components = new Float32Array(k * features);
  for (let c = 0; c < k; c++) {
    // Sign convention: the largest-magnitude entry of each component is positive, so results are stable.
    let big = 0;
    for (let j = 0; j < features; j++) if (Math.abs(vectors[c * features + j]!) > Math.abs(vectors[c * features + big]!)) big = j;
    const sign = vectors[c * features + big]! < 0 ? -1 : 1;
    for (let j = 0; j < features; j++) components[c * features + j] = sign * vectors[c * features + j]!;
  }
  const variance = Float64Array.from(values.subarray(0, k), (v) => Math.max(0, v));
  return { mean, components, k, features, variance, varianceRatio: variance.map((v) => (totalVariance > 0 ? v / totalVariance : 0)), totalVariance };
}

/** Top-k eigenpairs of a symmetric matrix by subspace iteration (k + 8 vectors, 40 rounds) and Rayleigh–Ritz. */
function topEigen(a: Float64Array, n: number, k: number, rng: Prng): { values: Float64Array; vectors: Float64Array } {
  const m = Math.min(n, k + 8);
  const q: Float64Array = Float64Array.from({ length: m * n }, () => rng.normal()); // m row vectors
  orthonormalizeRows(q, m, n);
  const next = new Float64Array(m * n);
  for (let round = 0; round < 40; round++) {
    multiplyRows(a, q, next, n, m);
    q.set(next);
    orthonormalizeRows(q, m, n);
  }
  // Rayleigh–Ritz: eigen-decompose the m × m matrix Q·A·Qᵀ and rotate Q by its eigenvectors.
  multiplyRows(a, q, next, n, m);
  const small = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let t = 0; t < n; t++) s += q[i * n + t]! * next[j * n + t]!;
    small[i * m + j] = s;
  }
  const e = symmetricEigen(small, m);
  const vectors = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    const w = e.vectors[i * m + j]!;
    for (let t = 0; t < n; t++) vectors[i * n + t]! += w * q[j * n + t]!;
  }
  return { values: e.values, vectors };
}

/** out row i = A · (row i of v), for a symmetric n × n A and m row vectors. */
function multiplyRows(a: Float64Array, v: Float64Array, out: Float64Array, n: number, m: number): void {
  for (let i = 0; i < m; i++) for (let r = 0; r < n; r++) {
    let s = 0;
    for (let t = 0; t < n; t++) s += a[r * n + t]! * v[i * n + t]!;
    out[i * n + r] = s;
  }
}

/** Modified Gram–Schmidt on m row vectors of length n. */
function orthonormalizeRows(v: Float64Array, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let t = 0; t < n; t++) dot += v[i * n + t]! * v[j * n + t]!;
      for (let t = 0; t < n; t++) v[i * n + t]! -= dot * v[j * n + t]!;
    }
    let norm = 0;
    for (let t = 0; t < n; t++) norm += v[i * n + t]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let t = 0; t < n; t++) v[i * n + t]! /= norm;
  }
}

/** rows × k projections of rows × features data onto the fitted components. */
export function projectPca(pca: Pca, x: Float32Array, rows: number): Float32Array {
  const { features: f, k } = pca;
  const out = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < f; j++) s += (x[r * f + j]! - pca.mean[j]!) * pca.components[c * f + j]!;
    out[r * k + c] = s;
  }
  return out;
}
