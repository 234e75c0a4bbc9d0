/**
 * Reads a new data file the way a saved model's training file was read, wherever the file is
 * (engine/data/files.ts): tables are re-encoded column by column from the bundle (so a file
 * without the label, or with columns in another order, still fits); images are read by the
 * same reader at the model's image shape. The CLI reads with node:fs, the extension with
 * node:fs or `workspace.fs` (the browser host, virtual workspaces).
 */
import type { ModelBundle } from './bundle';
import { encodeDatasetRows, encodeTableRows, type EncodedRows } from './predict';
import { tableRowsFromBytes } from './rows-from-bytes';
import type { DataFiles } from '../data/files';
import type { DatasetOptions } from '../data/options';
import { formatOf, readDelimitedTable } from '../data/load';
import { readDataset, readWhole, statRegular } from '../data/read-dataset';
import { DatasetError } from '../errors';

export async function readRowsForModel(files: DataFiles, location: string, bundle: ModelBundle, options: DatasetOptions = {}): Promise<EncodedRows> {
  if (bundle.input.kind === 'image') {
    const ds = await readDataset(files, location, { ...options, imageShape: bundle.input.shape });
    return encodeDatasetRows(ds, bundle);
  }
  const info = await statRegular(files, location, true);
  if (info.kind === 'folder') throw new DatasetError('this is a folder, but the model reads table rows (CSV, TSV or JSON); give a data file.', { file: location });
  // .gz and JSON are read whole (decompressed within the text limit); delimited text streams.
  if (location.toLowerCase().endsWith('.gz') || formatOf(location) === 'json') {
    return tableRowsFromBytes(location, await readWhole(files, location, info.size, options), bundle, options);
  }
  return encodeTableRows((await readDelimitedTable(location, info.size, files.chunks(location), options)).table, bundle);
}
