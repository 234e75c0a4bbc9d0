/**
 * A table file already in memory, read the way a saved model's training file was read: JSON or
 * delimited text, re-encoded column by column from the bundle. Pure: the Node CLI uses it for
 * .gz and JSON files, the extension for files it reads through `vscode.workspace.fs`.
 */
import type { ModelBundle } from './bundle';
import { encodeDatasetRows, encodeTableRows, type EncodedRows } from './predict';
import type { DatasetOptions } from '../data/options';
import { formatOf, memorySource, readDelimitedTable } from '../data/load';
import { parseJson } from '../data/json';

/** `bytes` (decompressed) of the table file `file` (its name gives the format) as the model's rows. */
export async function tableRowsFromBytes(file: string, bytes: Uint8Array, bundle: ModelBundle, options: DatasetOptions = {}): Promise<EncodedRows> {
  if (formatOf(file) === 'json') {
    const r = parseJson(bytes, file, options);
    return r.kind === 'table' ? encodeTableRows(r.table, bundle) : encodeDatasetRows(r.dataset, bundle);
  }
  return encodeTableRows((await readDelimitedTable(file, bytes.length, memorySource(bytes), options)).table, bundle);
}
