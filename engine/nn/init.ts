import { Prng } from '../prng';

export { INIT_KINDS, INIT_HELP, type InitKind } from '../catalogue';
import type { InitSpec } from '../protocol/experiment';
export type { InitSpec } from '../protocol/experiment';

/**
 * Fills `out` (a [fanIn × fanOut] matrix, or a vector when fanIn is 1) per `spec`.
 * Variances follow Glorot & Bengio (2010), He et al. (2015) and LeCun et al. (1998); the
 * normal variants draw from an untruncated normal, as PyTorch's `nn.init` does.
 */
export function initialize(out: Float32Array, fanIn: number, fanOut: number, spec: InitSpec, rng: Prng): void {
  switch (spec.kind) {
    case 'zeros': return void out.fill(0);
    case 'constant': return void out.fill(spec.value);
    case 'uniform': return fillUniform(out, spec.min, spec.max, rng);
    case 'normal': return fillNormal(out, spec.mean, spec.std, rng);
    case 'glorot-uniform': return fillUniformVariance(out, 2 / (fanIn + fanOut), rng);
    case 'glorot-normal': return fillNormal(out, 0, Math.sqrt(2 / (fanIn + fanOut)), rng);
    case 'he-uniform': return fillUniformVariance(out, 2 / fanIn, rng);
    case 'he-normal': return fillNormal(out, 0, Math.sqrt(2 / fanIn), rng);
    case 'lecun-uniform': return fillUniformVariance(out, 1 / fanIn, rng);
    case 'lecun-normal': return fillNormal(out, 0, Math.sqrt(1 / fanIn), rng);
    case 'orthogonal': return fillOrthogonal(out, fanIn, fanOut, spec.gain, rng);
  }
}

function fillUniform(out: Float32Array, min: number, max: number, rng: Prng): void {
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(min, max);
}

/** Uniform on [−a, a] has variance a²/3, so a = √(3·variance). */
function fillUniformVariance(out: Float32Array, variance: number, rng: Prng): void {
  const a = Math.sqrt(3 * variance);
  fillUniform(out, -a, a, rng);
}

function fillNormal(out: Float32Array, mean: number, std: number, rng: Prng): void {
  for (let i = 0; i < out.length; i++) out[i] = mean + std * rng.normal();
}

/**
 * Orthogonal init (Saxe et al. 2014): orthonormalize a normal matrix with modified Gram–Schmidt
 * along its shorter side, so rows (if fewer) or columns are orthonormal, then scale by `gain`.
 */
function fillOrthogonal(out: Float32Array, rows: number, cols: number, gain: number, rng: Prng): void {
  const transpose = rows < cols;
  const n = transpose ? cols : rows; // length of each vector
  const k = transpose ? rows : cols; // number of orthonormal vectors
  const v = new Float64Array(n * k);
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  for (let a = 0; a < k; a++) {
    const va = a * n;
    for (let b = 0; b < a; b++) {
      const vb = b * n;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += v[va + i]! * v[vb + i]!;
      for (let i = 0; i < n; i++) v[va + i]! -= dot * v[vb + i]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[va + i]! * v[va + i]!;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) v[va + i]! /= norm;
  }
  // Vector a is column a of the [rows × cols] matrix, or row a when transposed.
  for (let a = 0; a < k; a++) {
    for (let i = 0; i < n; i++) {
      const idx = transpose ? a * cols + i : i * cols + a;
      out[idx] = gain * v[a * n + i]!;
    }
  }
}
