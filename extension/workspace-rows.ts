/**
 * A data file read through `vscode.workspace.fs` as a saved model's rows: the Predict commands'
 * reader where there is no Node reader (the browser host) or the file is not on the local disk
 * (virtual and remote workspaces). Table files only (CSV, TSV, JSON, JSON Lines), read whole
 * within the data memory limit; image models and .gz files need the Node host's reader for now.
 */
import * as vscode from 'vscode';
import type { ModelBundle } from '../engine/bundle/bundle';
import type { EncodedRows } from '../engine/bundle/predict';
import { tableRowsFromBytes } from '../engine/bundle/rows-from-bytes';
import { DatasetError } from '../engine/errors';
import { formatOf } from '../engine/data/load';
import { DEFAULT_MAX_BYTES, mb, type DatasetOptions } from '../engine/data/options';

export async function workspaceRowsForModel(data: vscode.Uri, bundle: ModelBundle, options: DatasetOptions): Promise<EncodedRows> {
  const file = data.toString();
  const why = bundle.input.kind === 'image' ? 'the model reads images' : data.path.toLowerCase().endsWith('.gz') ? 'the file is compressed (.gz)' : formatOf(data.path) === 'idx' ? 'the file is an IDX file' : undefined;
  if (why) throw new DatasetError(`${why}; here files are read through the workspace, which reads table files (CSV, TSV, JSON) only. Predict in VS Code on the desktop, or with "gradient-lab predict".`, { file });
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(data);
  } catch {
    throw new DatasetError('the file does not exist or cannot be read; expected a readable data file. Check the path.', { file });
  }
  if (stat.type & vscode.FileType.Directory) throw new DatasetError('this is a folder, but the model reads table rows (CSV, TSV or JSON); give a data file.', { file });
  const max = 4 * (options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (stat.size > max) throw new DatasetError(`the file is more than ${mb(max)} (4× the ${mb(options.maxBytes ?? DEFAULT_MAX_BYTES)} dataset memory limit); use a smaller file, or raise gradientLab.data.maxMegabytes.`, { file });
  return tableRowsFromBytes(file, await vscode.workspace.fs.readFile(data), bundle, options);
}
