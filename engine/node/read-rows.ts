/** Predict's reader on this machine's disk (the CLI, the Node extension host): engine/bundle/read-rows.ts over node:fs. */
import type { ModelBundle } from '../bundle/bundle';
import type { EncodedRows } from '../bundle/predict';
import { readRowsForModel as readRows } from '../bundle/read-rows';
import type { DatasetOptions } from '../data/options';
import { nodeFiles } from './node-files';

export function readRowsForModel(file: string, bundle: ModelBundle, options: DatasetOptions = {}): Promise<EncodedRows> {
  return readRows(nodeFiles, file, bundle, options);
}
