/** How the panel names model families and numbers, for the table, the pictures and their summaries. */
import type { ModelPreset } from '../../../engine/catalogue';

export const PRESET_NAMES: Record<ModelPreset, string> = {
  'linear-regression': 'Linear regression',
  'logistic-regression': 'Logistic regression',
  'polynomial-logistic': 'Polynomial logistic',
  svm: 'Linear SVM',
  'kernel-svm': 'Kernel SVM (random Fourier)',
  'pca-logistic': 'PCA → logistic',
  mlp: 'MLP (neural network)',
};

/** Whole numbers with thousands separators: 50,005,000. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Bytes in the unit a person reads: 512 MB, 186 GB. */
export function bytes(b: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  while (b >= 1024 && i < units.length - 1) {
    b /= 1024;
    i++;
  }
  return `${i === 0 ? b : b.toFixed(b < 10 ? 1 : 0)} ${units[i]}`;
}

export function seconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(s < 10 ? 2 : 1)} s`;
}

/** A dataset's file name without its folders (sources are absolute paths in the worker). */
export function shortName(source: string): string {
  return source.split(/[\\/]/).pop() || source;
}
