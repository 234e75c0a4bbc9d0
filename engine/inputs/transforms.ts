import { applyCrosses } from './crosses';
import { expandPolynomial } from './polynomial';
import { applyRandomFourier } from './random-fourier';
import type { FeatureTransform } from '../protocol/bundle';
export type { FeatureTransform } from '../protocol/bundle';

/** Applies one transform to rows × `inputs` values; returns rows × (its outputs). */
export function applyTransform(t: FeatureTransform, x: Float32Array, rows: number, inputs: number): Float32Array {
  switch (t.type) {
    case 'standardize': {
      const out = new Float32Array(rows * inputs);
      for (let i = 0; i < rows; i++) for (let j = 0; j < inputs; j++) out[i * inputs + j] = (x[i * inputs + j]! - t.mean[j]!) / t.std[j]!;
      return out;
    }
    case 'crosses':
      return applyCrosses(x, rows, inputs, t.crosses);
    case 'polynomial':
      return expandPolynomial(x, rows, inputs, t.terms);
    case 'pca': {
      const out = new Float32Array(rows * t.k);
      for (let r = 0; r < rows; r++) for (let c = 0; c < t.k; c++) {
        let s = 0;
        for (let j = 0; j < inputs; j++) s += (x[r * inputs + j]! - t.mean[j]!) * t.components[c * inputs + j]!;
        out[r * t.k + c] = s;
      }
      return out;
    }
    case 'random-fourier':
      return applyRandomFourier({ w: Float32Array.from(t.w), b: Float32Array.from(t.b), inputs, outputs: t.outputs }, x, rows);
  }
}

/** How many values per row a transform outputs, given its inputs. */
export function transformOutputs(t: FeatureTransform, inputs: number): number {
  switch (t.type) {
    case 'standardize': return inputs;
    case 'crosses': return inputs + t.crosses.length;
    case 'polynomial': return t.terms.length;
    case 'pca': return t.k;
    case 'random-fourier': return t.outputs;
  }
}

/** Applies every transform in order to rows × `inputs` encoded features. */
export function applyTransforms(transforms: readonly FeatureTransform[], x: Float32Array, rows: number, inputs: number): { x: Float32Array; features: number } {
  let v = x, n = inputs;
  for (const t of transforms) {
    v = applyTransform(t, v, rows, n);
    n = transformOutputs(t, n);
  }
  return { x: v, features: n };
}
