/**
 * The Node edge of dataset reading: files and folders on this machine's disk through node:fs,
 * and URI locations (a virtual workspace's files) through the extension host when a worker is
 * given one (engine/data/remote-files.ts).
 */
import { readDataset } from '../data/read-dataset';
import type { LoadedDataset } from '../data/encode';
import type { DatasetOptions, ProgressCallback } from '../data/options';
import { nodeFiles } from './node-files';

export { fileSource } from './node-files';

export function loadDatasetFile(path: string, options: DatasetOptions = {}, progress?: ProgressCallback): Promise<LoadedDataset> {
  return readDataset(nodeFiles, path, options, progress);
}
