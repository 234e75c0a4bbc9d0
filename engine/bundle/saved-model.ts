/**
 * A saved model read back from a run folder (model.json, weights.bin, config.json), with a clear
 * message for each way the folder can be incomplete. Pure: the caller reads the files — node:fs
 * in the CLI (engine/node/run-folder.ts), `vscode.workspace.fs` or node:fs in the extension.
 */
import type { ExperimentConfig } from '../config';
import { UserError } from '../errors';
import { BUNDLE_FORMAT, type ModelBundle } from './bundle';

/** The file names of a run folder. */
export const RUN_FILES = {
  config: 'config.json', metrics: 'metrics.jsonl', summary: 'summary.json',
  weightsIndex: 'weights.json', weights: 'weights.bin', model: 'model.json',
} as const;

/** A saved model read back: the bundle, its weights, and the run's config. */
export interface SavedModel {
  dir: string;
  bundle: ModelBundle;
  weights: Float32Array;
  config: ExperimentConfig | undefined;
}

/** Reads a run folder's files; a failed read rejects with an error whose `code` says why, where there is one. */
export interface RunFolderReader {
  /** Where a file of the folder is, for messages. */
  path(name: string): string;
  text(name: string): Promise<string>;
  bytes(name: string): Promise<Uint8Array>;
  /** The folder's entries; rejects when it is not a readable folder. */
  names(): Promise<string[]>;
}

const codeOf = (e: unknown): string => (e as { code?: string }).code ?? (e as Error).message;

/** Why there is no model.json to read: `isRun` says whether the folder holds a config.json (undefined: not a readable folder). */
export function missingModelError(dir: string, isRun: boolean | undefined, code: string): UserError {
  if (isRun === undefined) return new UserError(`${dir}: not a readable folder (${code}); expected a run folder (one written by "gradient-lab train --out" or by VS Code under .gradient-lab/runs).`);
  return new UserError(isRun
    ? `${dir}: the run has no ${RUN_FILES.model}: it was saved before models were bundled, or it did not finish writing. Train it again to predict or export.`
    : `${dir}: not a run folder (no ${RUN_FILES.config} or ${RUN_FILES.model}); expected a folder written by "gradient-lab train --out" or by VS Code under .gradient-lab/runs.`);
}

/** model.json's text as a bundle, or what is wrong with it; `where` names the file. */
export function parseBundle(where: string, text: string): ModelBundle {
  let bundle: ModelBundle;
  try {
    bundle = JSON.parse(text) as ModelBundle;
  } catch (e) {
    throw new UserError(`${where}: not valid JSON (${(e as Error).message}); the file is damaged. Train the run again.`);
  }
  if (bundle?.format !== BUNDLE_FORMAT || !Array.isArray(bundle.layers) || !bundle.weights?.params) {
    throw new UserError(`${where}: not a Gradient Lab model bundle (format "${String(bundle?.format)}"); expected "${BUNDLE_FORMAT}".`);
  }
  return bundle;
}

/** The bundle's weights from weights.bin's bytes, which must be exactly the values the bundle lists. */
export function bundleWeights(where: string, bundle: ModelBundle, bytes: Uint8Array): Float32Array {
  const need = bundle.weights.params.reduce((n, p) => Math.max(n, p.offset + p.length), 0);
  if (bytes.length !== need * 4) {
    throw new UserError(`${where}: ${bytes.length} bytes, but the model needs ${need * 4} (${need} float32 values); the file is damaged or from another run. Train it again.`);
  }
  const weights = new Float32Array(need);
  new Uint8Array(weights.buffer).set(bytes);
  return weights;
}

/** config.json, if it parses (the export's train.py needs it; prediction does not). */
export function parseStoredConfig(text: string | undefined): ExperimentConfig | undefined {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as ExperimentConfig);
  } catch {
    return undefined;
  }
}

/** Reads the model of a run folder through `reader`. */
export async function loadSavedModel(dir: string, reader: RunFolderReader): Promise<SavedModel> {
  let text: string;
  try {
    text = await reader.text(RUN_FILES.model);
  } catch (e) {
    const isRun = await reader.names().then((n) => n.includes(RUN_FILES.config), () => undefined);
    throw missingModelError(dir, isRun, codeOf(e));
  }
  const bundle = parseBundle(reader.path(RUN_FILES.model), text);
  let bytes: Uint8Array;
  try {
    bytes = await reader.bytes(bundle.weights.file);
  } catch (e) {
    throw new UserError(`${dir}: the weights file ${bundle.weights.file} cannot be read (${codeOf(e)}); the run is incomplete. Train it again.`);
  }
  const weights = bundleWeights(reader.path(bundle.weights.file), bundle, bytes);
  const config = parseStoredConfig(await reader.text(RUN_FILES.config).catch(() => undefined));
  return { dir, bundle, weights, config };
}
