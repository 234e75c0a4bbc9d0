/**
 * PCA for activation maps: the fast alternative to UMAP. A view over the engine's one PCA
 * (engine/inputs/pca.ts), returning what the map needs: each row's coordinates on the axes.
 */
import { fitPca, projectPca } from '../inputs/pca';
import { Prng } from '../prng';

/** `projection`: n rows of `components` coordinates; `axes[i]`: unit vector of axis i; `variances[i]`: variance along it. */
export interface PcaResult {
  projection: Float32Array;
  axes: Float64Array[];
  variances: number[];
  mean: Float64Array;
}

/** Projects n vectors of d values onto their top `components` principal axes (signs fixed so each axis's largest entry is positive). */
export function pca(vectors: Float32Array, n: number, d: number, components = 2, seed = 1): PcaResult {
  const fitted = fitPca(vectors, n, d, components, new Prng(seed));
  return {
    projection: projectPca(fitted, vectors, n),
    axes: Array.from({ length: fitted.k }, (_, i) => Float64Array.from(fitted.components.subarray(i * d, (i + 1) * d))),
    variances: Array.from(fitted.variance),
    mean: Float64Array.from(fitted.mean),
  };
}
