/**
 * The PCA view's numbers: how much variance the first components keep, the components of image
 * data as images ("eigen-images"), and how well logistic regression does on the first k
 * components as k grows — the argument for reducing dimensions before adding terms.
 */
import { standardizedFor } from '../presets';
import { ExperimentConfig } from '../config';
import { Dataset } from '../data/dataset';
import { Split } from '../data/split';
import { Trainer, prepareData } from '../trainer';
import type { JobSteps } from '../job-driver';
import { describeLabDataset } from './lab-data';
import type { PcaDoneEvent } from '../protocol/models';

export interface PcaOptions {
  /** Components fitted (capped by features and rows). */
  maxComponents: number;
  /** The k values whose accuracy is measured (capped the same way). */
  ks: number[];
}

/** Components shown as eigen-images: a 4 × 4 sheet is what a screen shows at a useful size. */
export const EIGEN_IMAGES = 16;

/** The k of the accuracy curve when the request names none: dense at first, then sparser. */
export const DEFAULT_KS = [1, 2, 3, 4, 5, 8, 10, 15, 20, 30, 40, 50];

/**
 * Fits PCA on the training rows of `ds` (after standardization for tabular data; image pixels
 * are kept as they are, so components look like pixels), posts the variance and eigen-images,
 * then trains a linear model on the first k whitened components for each k: a job whose partial
 * answers are `pcaVariance` and each k's `pcaAccuracy`, and whose answer is `pcaDone`.
 */
export function* pcaReport(id: number, base: ExperimentConfig, ds: Dataset, o: PcaOptions): JobSteps<PcaDoneEvent> {
  const standardized = standardizedFor(!!ds.imageShape);
  const maxK = Math.max(1, Math.min(o.maxComponents, ds.features, Math.floor(ds.rows * (1 - base.training.validationSplit))));
  // One fit of the largest k: the first k components of it are the k-component PCA.
  const config: ExperimentConfig = { ...base, features: { standardize: standardized, pca: { components: maxK } } };
  const prepared = prepareData(config, ds);
  const pca = prepared.features.pca!;
  const ratios = Array.from(pca.varianceRatio, (v) => round(v, 6));
  let running = 0;
  const cumulative = ratios.map((r) => round((running += r), 6));
  yield {
    phase: 'components', fraction: 0, partial: {
      type: 'pcaVariance', id, dataset: describeLabDataset(ds, prepared), standardized, ratios, cumulative, totalVariance: pca.totalVariance,
      ...(ds.imageShape ? { eigenImages: eigenImages(pca.components, pca.mean, pca.k, pca.features, ds.imageShape) } : {}),
    },
  };
  const ks = [...new Set(o.ks.filter((k) => k >= 1 && k <= maxK))].sort((a, b) => a - b);
  if (!ks.includes(maxK) && ks.length < o.ks.length) ks.push(maxK);
  const scale = Array.from(pca.variance, (v) => (v > 1e-12 ? 1 / Math.sqrt(v) : 1));
  for (const [index, k] of ks.entries()) {
    const t0 = performance.now();
    const split: Split = { train: firstComponents(prepared.train, k, scale), validation: firstComponents(prepared.validation, k, scale) };
    // The scores are already centred and whitened: the linear model needs no further transform.
    const trainer = new Trainer({ ...base, model: { ...base.model, hidden: [] }, loss: 'auto', features: { standardize: false } }, split);
    let last;
    for (const e of trainer.run()) {
      last = e;
      yield { phase: `${k} components`, fraction: index / ks.length };
    }
    if (last?.type !== 'summary' || last.status === 'stopped') break;
    yield {
      phase: `${k} components`, fraction: (index + 1) / ks.length, partial: {
        type: 'pcaAccuracy', id, k, seconds: (performance.now() - t0) / 1000, index, total: ks.length,
        ...(last.valAccuracy !== undefined ? { valAccuracy: last.valAccuracy } : {}),
        ...(last.valR2 !== undefined ? { valR2: last.valR2 } : {}),
      },
    };
  }
  return { type: 'pcaDone', id };
}

/** The first k columns of projected rows, each divided by its component's standard deviation. */
function firstComponents(ds: Dataset, k: number, scale: readonly number[]): Dataset {
  const x = new Float32Array(ds.rows * k);
  for (let r = 0; r < ds.rows; r++) for (let c = 0; c < k; c++) x[r * k + c] = ds.x[r * ds.features + c]! * scale[c]!;
  const { imageShape: _pixels, ...rest } = ds;
  return { ...rest, x, features: k, featureNames: Array.from({ length: k }, (_, i) => `pc${i + 1}`) };
}

function eigenImages(components: Float32Array, mean: Float32Array, k: number, features: number, shape: readonly [number, number, number]) {
  const shown = Math.min(k, EIGEN_IMAGES);
  return {
    shape: [...shape] as [number, number, number],
    mean: Array.from(mean, (v) => round(v, 4)),
    components: Array.from({ length: shown }, (_, c) => Array.from(components.subarray(c * features, (c + 1) * features), (v) => round(v, 5))),
  };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
