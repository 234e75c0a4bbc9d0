import { ExperimentConfig } from './config';
import type { ModelPreset } from './catalogue';

export { MODEL_PRESETS, PRESET_HELP, type ModelPreset } from './catalogue';

/**
 * The kernel SVM's random features. The RBF kernel's approximation error falls as 1/√D; 200 are
 * plenty for 2-D sets but not for 784 pixels (measured on the bundled digits, see README).
 */
export const RANDOM_FOURIER_FEATURES = 1000;

/**
 * Whether a family's distances and directions are taken on standardized inputs. Table columns
 * have their own units and are standardized; image pixels share one unit, and standardizing a
 * pixel that is almost always 0 blows its rare ink up to ±20σ, which swamps an RBF kernel's
 * distances and PCA's directions. So the kernel SVM and PCA see raw pixels, here and in the PCA
 * section (engine/inputs/pca-report.ts), and their stage labels say so.
 */
export function standardizedFor(images: boolean): boolean {
  return !images;
}

export interface PresetOptions {
  /** polynomial-logistic: the degree (default 2). */
  degree?: number;
  /** pca-logistic: the number of components (default 2). */
  components?: number;
  /** mlp: hidden layer sizes (default [8, 8]). */
  hidden?: number[];
  /** The inputs are image pixels (see `standardizedFor`). */
  images?: boolean;
}

/** The fields of a config a preset sets; everything else (data, optimizer, training) stays. */
export function applyPreset(config: ExperimentConfig, preset: ModelPreset, o: PresetOptions = {}): ExperimentConfig {
  const linear = { ...config.model, hidden: [] };
  const features = { standardize: true };
  const distances = { standardize: standardizedFor(o.images ?? false) };
  switch (preset) {
    case 'linear-regression':
      return { ...config, model: linear, loss: 'mse', features };
    case 'logistic-regression':
      return { ...config, model: linear, loss: 'auto', features };
    case 'polynomial-logistic':
      return { ...config, model: linear, loss: 'auto', features: { ...features, polynomial: { degree: o.degree ?? 2, interactions: true } } };
    case 'svm':
      // λ = 1e-3: a soft margin close to the hard one on separable data.
      return { ...config, model: linear, loss: 'hinge', features, regularization: { l1: 0, l2: 1e-3 } };
    case 'kernel-svm':
      return { ...config, model: linear, loss: 'hinge', features: { ...distances, randomFourier: { features: RANDOM_FOURIER_FEATURES, gamma: 'scale' } }, regularization: { l1: 0, l2: 1e-3 } };
    case 'pca-logistic':
      return { ...config, model: linear, loss: 'auto', features: { ...distances, pca: { components: o.components ?? 2 } } };
    case 'mlp':
      return { ...config, model: { ...config.model, hidden: (o.hidden ?? [8, 8]).map((units) => ({ units })) }, loss: 'auto', features };
  }
}
