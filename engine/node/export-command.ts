import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { parseOwnArgs } from './cli-args';
import type { ExportFile } from '../export/files';
import { onnxExport } from '../export/onnx-export';
import { pytorchProject } from '../export/pytorch';
import { readSavedModel, SavedModel } from './run-folder';

export const EXPORT_HELP = `Usage: gradient-lab export <run-folder> --format onnx|pytorch --out <path>

Exports a saved run's model (a folder written by "gradient-lab train --out" or by VS Code).

  --format onnx      --out model.onnx: an ONNX model (opset 13) taking "features" [N, F], the
                     encoded features before standardization, and giving "probabilities" [N, C]
                     and "class" [N] (classification) or "prediction" [N, 1] (regression);
                     preprocessing.json beside it says how to encode a raw row
  --format pytorch   --out <folder>: model.py, weights.pt, data.py, train.py and a README: predict
                     with "python train.py --predict FILE", train again from the config with
                     "python train.py", or on several processes with "torchrun --nproc_per_node=N train.py"`;

/** Writes an export's files into `folder` (created if missing); returns their paths. */
function writeExportFiles(folder: string, files: readonly ExportFile[]): string[] {
  mkdirSync(folder, { recursive: true });
  return files.map((f) => {
    const target = path.join(folder, ...f.path.split('/'));
    writeFileSync(target, f.bytes);
    return target;
  });
}

/** Writes an ONNX file and preprocessing.json beside it; returns the two paths. */
export function exportOnnx(saved: SavedModel, out: string): string[] {
  return writeExportFiles(path.dirname(out), onnxExport(saved, path.basename(out)));
}

/** Writes the PyTorch project into `folder` (new or empty); returns the files written. */
export function writePytorchProject(saved: SavedModel, folder: string): string[] {
  if (existsSync(folder) && readdirSync(folder).length > 0) {
    throw new UserError(`--out ${folder}: the folder is not empty; give a new folder for the PyTorch project.`);
  }
  // train.py reads the training file from here: an absolute path, so the project can move.
  const file = saved.config?.dataset.file;
  return writeExportFiles(folder, pytorchProject(saved, file && !path.isAbsolute(file) ? path.resolve(saved.dir, file) : file));
}

/** Runs `gradient-lab export`. */
export async function exportCommand(args: string[], out: NodeJS.WriteStream): Promise<number> {
  const { values, positionals } = parseOwnArgs(args, 'export', { format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    out.write(EXPORT_HELP + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UserError(`gradient-lab export takes one run folder, got ${positionals.length} argument(s). Run "gradient-lab export --help".`);
  const format = values.format;
  if (format !== 'onnx' && format !== 'pytorch') throw new UserError(`--format: ${format === undefined ? 'missing' : `"${format}" is not a format`}; give --format onnx or --format pytorch.`);
  if (!values.out) throw new UserError(`--out: missing; give where to write, e.g. --out ${format === 'onnx' ? 'model.onnx' : 'model-pytorch'}.`);
  const saved = readSavedModel(path.resolve(positionals[0]!));
  const target = path.resolve(values.out);
  const written = format === 'onnx' ? exportOnnx(saved, target) : writePytorchProject(saved, target);
  out.write(`exported ${saved.bundle.name} (${format}):\n${written.map((f) => `  ${f}`).join('\n')}\n`);
  return 0;
}
