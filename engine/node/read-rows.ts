import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { ModelBundle } from '../bundle/bundle';
import { EncodedRows, encodeDatasetRows, encodeTableRows } from '../bundle/predict';
import { tableRowsFromBytes } from '../bundle/rows-from-bytes';
import { DatasetOptions } from '../data/options';
import { formatOf, readDelimitedTable } from '../data/load';
import { DatasetError } from '../errors';
import { fileSource, loadDatasetFile } from './load-file';

/**
 * Reads a new data file the way a saved model's training file was read: tables are re-encoded
 * column by column from the bundle (so a file without the label, or with columns in another
 * order, still fits); images are read by the same reader at the model's image shape.
 */
export async function readRowsForModel(file: string, bundle: ModelBundle, options: DatasetOptions = {}): Promise<EncodedRows> {
  if (bundle.input.kind === 'image') {
    const ds = await loadDatasetFile(file, { ...options, imageShape: bundle.input.shape });
    return encodeDatasetRows(ds, bundle);
  }
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new DatasetError('the file does not exist or cannot be read; expected a readable data file. Check the path.', { file });
  }
  if (info.isDirectory()) throw new DatasetError('this is a folder, but the model reads table rows (CSV, TSV or JSON); give a data file.', { file });
  const gz = file.toLowerCase().endsWith('.gz');
  if (gz || formatOf(file) === 'json') {
    const raw = await readFile(file);
    return tableRowsFromBytes(file, gz ? gunzipSync(raw) : new Uint8Array(raw), bundle, options);
  }
  return encodeTableRows((await readDelimitedTable(file, info.size, fileSource(file), options)).table, bundle);
}
