import { Dataset } from '../data/dataset';
import { Standardizer, fitStandardizer } from '../data/split';
import { FeatureSizeError } from '../errors';
import { Prng } from '../prng';
import { applyCrosses, parseCrosses } from './crosses';
import { Pca, fitPca, projectPca } from './pca';
import { expandPolynomial, polynomialTermCount, polynomialTerms, quadraticTermCount, termName } from './polynomial';
import { applyRandomFourier, drawRandomFourier } from './random-fourier';
import { FeatureTransform } from './transforms';
import type { FeatureConfig } from '../protocol/experiment';
import { DEFAULT_MAX_FEATURE_BYTES } from '../../shared/term-report';
export type { FeatureConfig } from '../protocol/experiment';

export { DEFAULT_MAX_FEATURE_BYTES } from '../../shared/term-report';

/** A fitted transform from raw feature rows to the model's inputs. */
export interface FeaturePipeline {
  /** Names of the model's inputs. */
  readonly names: readonly string[];
  /** What each stage did, for notes and the UI (e.g. "polynomial degree 2: 5 terms"). */
  readonly stages: readonly string[];
  readonly standardizer?: Standardizer;
  readonly pca?: Pca;
  /** The fitted stages as plain data, for a saved model (see transforms.ts). */
  readonly transforms: readonly FeatureTransform[];
  /** Transforms rows × raw features into rows × names.length inputs. */
  apply(x: Float32Array, rows: number): Float32Array;
}

type Stage = (x: Float32Array, rows: number) => Float32Array;

/**
 * Fits the feature transform of `config` on the training rows. A polynomial expansion is sized
 * before anything is expanded, and refused with its term count and memory when too large.
 */
export function fitFeatures(config: FeatureConfig, train: Dataset, seed: number, maxBytes = DEFAULT_MAX_FEATURE_BYTES): FeaturePipeline {
  const stages: Stage[] = [];
  const described: string[] = [];
  const transforms: FeatureTransform[] = [];
  let names: string[] = [...train.featureNames];
  let x = train.x;
  const rows = train.rows;
  const add = (stage: Stage, label: string, newNames: string[]): void => {
    x = stage(x, rows);
    stages.push(stage);
    described.push(label);
    names = newNames;
  };
  let standardizer: Standardizer | undefined;
  if (config.standardize) {
    const s = (standardizer = fitStandardizer(train));
    const n = train.features;
    transforms.push({ type: 'standardize', mean: Array.from(s.mean), std: Array.from(s.std) });
    add((v, r) => {
      const out = new Float32Array(r * n);
      for (let i = 0; i < r; i++) for (let j = 0; j < n; j++) out[i * n + j] = (v[i * n + j]! - s.mean[j]!) / s.std[j]!;
      return out;
    }, 'standardized (fitted on the training rows)', names);
  }
  if (config.crosses?.length) {
    const crosses = parseCrosses(config.crosses, names);
    const n = names.length;
    transforms.push({ type: 'crosses', crosses });
    add((v, r) => applyCrosses(v, r, n, crosses), `crosses: ${config.crosses.join(', ')}`, [...names, ...crosses.map((c) => c.name)]);
  }
  if (config.polynomial && config.polynomial.degree > 1) {
    const { degree, interactions } = config.polynomial;
    const n = names.length;
    const count = polynomialTermCount(n, degree, interactions);
    const bytes = count * Math.max(rows, 1) * 4;
    if (bytes > maxBytes) {
      throw new FeatureSizeError(
        `features.polynomial: degree ${degree}${interactions ? '' : ' without interactions'} of ${n.toLocaleString('en-US')} features makes ${count.toLocaleString('en-US')} terms ` +
          `(${n.toLocaleString('en-US')} features give ${quadraticTermCount(n).toLocaleString('en-US')} quadratic terms alone), ` +
          `${(bytes / 2 ** 20).toFixed(0)} MB for ${rows} rows, over the ${(maxBytes / 2 ** 20).toFixed(0)} MB limit. ` +
          'Lower the degree, reduce the features first (features.pca), or use a neural network.',
        count, bytes,
      );
    }
    const terms = polynomialTerms(n, degree, interactions);
    const termNames = terms.map((e) => termName(e, names));
    transforms.push({ type: 'polynomial', terms });
    add((v, r) => expandPolynomial(v, r, n, terms), `polynomial degree ${degree}: ${count} terms`, termNames);
  }
  let pca: Pca | undefined;
  if (config.pca) {
    const fitted = (pca = fitPca(x, rows, names.length, config.pca.components, new Prng(seed ^ 0x1b873593)));
    transforms.push({ type: 'pca', mean: Array.from(fitted.mean), components: Array.from(fitted.components), k: fitted.k });
    const kept = fitted.varianceRatio.reduce((a, b) => a + b, 0);
    add((v, r) => projectPca(fitted, v, r), `PCA on ${config.standardize ? 'standardized' : 'raw'} inputs: ${fitted.k} components keep ${(100 * kept).toFixed(1)}% of the variance`, Array.from({ length: fitted.k }, (_, i) => `pc${i + 1}`));
  }
  if (config.randomFourier) {
    const { features } = config.randomFourier;
    const gamma = resolveGamma(config.randomFourier.gamma, x, names.length);
    const rf = drawRandomFourier(names.length, features, gamma.value, new Prng(seed ^ 0x2f6b5e1d));
    transforms.push({ type: 'random-fourier', w: Array.from(rf.w), b: Array.from(rf.b), outputs: features });
    add((v, r) => applyRandomFourier(rf, v, r), `random Fourier features: ${features}, ${gamma.label}`, Array.from({ length: features }, (_, i) => `rff${i + 1}`));
  }
  return {
    names,
    stages: described,
    ...(standardizer ? { standardizer } : {}),
    ...(pca ? { pca } : {}),
    transforms,
    apply: (v, r) => stages.reduce((acc, stage) => stage(acc, r), v),
  };
}

/**
 * The RBF kernel's γ: a number as given, or 'scale' = 1 / (n · Var(X)) over the training rows'
 * inputs as they reach the kernel, so ‖x − y‖² of two typical rows (≈ 2·n·Var) gives γ‖x − y‖² ≈ 2
 * whatever the number of inputs. (γ = 1 on 784 standardized pixels makes every pair of digits
 * look unrelated, and the kernel SVM falls below chance.)
 */
export function resolveGamma(gamma: number | 'scale', x: Float32Array, inputs: number): { value: number; label: string } {
  if (gamma !== 'scale') return { value: gamma, label: `γ = ${gamma}` };
  let sum = 0, sq = 0;
  for (let i = 0; i < x.length; i++) {
    sum += x[i]!;
    sq += x[i]! * x[i]!;
  }
  const mean = sum / Math.max(1, x.length);
  const variance = Math.max(sq / Math.max(1, x.length) - mean * mean, 0);
  const value = variance > 0 ? 1 / (inputs * variance) : 1;
  return { value, label: `γ = ${value.toPrecision(3)} ('scale': 1 / (${inputs} inputs × variance ${variance.toPrecision(3)}))` };
}

/** `ds` with its features transformed by `pipeline`. */
export function transformDataset(ds: Dataset, pipeline: FeaturePipeline): Dataset {
  const x = pipeline.apply(ds.x, ds.rows);
  return { ...ds, x, features: pipeline.names.length, featureNames: pipeline.names };
}
