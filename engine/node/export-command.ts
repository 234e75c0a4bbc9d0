import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { parseOwnArgs } from './cli-args';
import { bundleToOnnx } from '../export/onnx-graph';
import { encodeOnnx } from '../export/onnx-file';
import { preprocessingJson } from '../export/preprocessing';
import { writePytorchProject } from '../export/pytorch';
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

/** The gradient-lab version written into exported files. */
const VERSION = '0.1.0';

/** Writes an ONNX file and preprocessing.json beside it; returns the two paths. */
export function exportOnnx(saved: SavedModel, out: string): string[] {
  const bytes = encodeOnnx(bundleToOnnx(saved.bundle, saved.weights, VERSION));
  const pre = path.join(path.dirname(out), 'preprocessing.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  writeFileSync(pre, preprocessingJson(saved.bundle, 'onnx'));
  return [out, pre];
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
