import * as path from 'node:path';
import { DatasetConfig, datasetReadOptions } from '../config';
import { Dataset } from '../data/dataset';
import { DatasetOptions, ProgressCallback } from '../data/options';
import { syntheticDataset } from '../data/synthetic';
import { loadDatasetFile } from './load-file';

/**
 * The dataset a config names: a synthetic set (generated with the data seed) or a file, whose
 * path is taken relative to `baseDir` (the experiment file's folder, or the working directory).
 */
export async function loadDataset(spec: DatasetConfig, dataSeed: number, baseDir: string, extra: DatasetOptions = {}, progress?: ProgressCallback): Promise<Dataset> {
  if (spec.synthetic) {
    return syntheticDataset(spec.synthetic, {
      ...(spec.samples !== undefined ? { samples: spec.samples } : {}),
      ...(spec.noise !== undefined ? { noise: spec.noise } : {}),
      seed: dataSeed,
    });
  }
  return loadDatasetFile(path.resolve(baseDir, spec.file ?? ''), { ...datasetReadOptions(spec), ...extra }, progress);
}
