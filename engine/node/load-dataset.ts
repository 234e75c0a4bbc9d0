import * as path from 'node:path';
import { DatasetConfig } from '../config';
import { Dataset } from '../data/dataset';
import { syntheticDataset } from '../data/synthetic';
import { UserError } from '../errors';

/**
 * The dataset a config names: a synthetic set (generated with the data seed) or a file, whose
 * path is taken relative to `baseDir` (the experiment file's folder, or the working directory).
 */
export async function loadDataset(spec: DatasetConfig, dataSeed: number, baseDir: string): Promise<Dataset> {
  if (spec.synthetic) {
    return syntheticDataset(spec.synthetic, {
      ...(spec.samples !== undefined ? { samples: spec.samples } : {}),
      ...(spec.noise !== undefined ? { noise: spec.noise } : {}),
      seed: dataSeed,
    });
  }
  const file = path.resolve(baseDir, spec.file ?? '');
  throw new UserError(`${file}: reading dataset files is not available in this build yet; use a built-in set such as "spiral" or "circle".`);
}
