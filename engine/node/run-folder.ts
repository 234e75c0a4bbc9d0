/**
 * Run folders at the Node edge, in the layout the extension's run store writes (see
 * extension/run-store.ts and the README): `config.json`, `metrics.jsonl` (one event a line),
 * `summary.json`, `weights.json` + `weights.bin`, and `model.json`, the model bundle prediction
 * and export read. Files rewritten whole go to a temp file first and are renamed into place.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExperimentConfig } from '../config';
import { UserError } from '../errors';
import { ModelBundle, BUNDLE_FORMAT, weightsFiles } from '../bundle/bundle';
import { SummaryEvent, TrainerEvent } from '../protocol/training';

/** The file names of a run folder. */
export const RUN_FILES = {
  config: 'config.json', metrics: 'metrics.jsonl', summary: 'summary.json',
  weightsIndex: 'weights.json', weights: 'weights.bin', model: 'model.json',
} as const;

function writeAtomically(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** The dataset's short name, as summary.json records it. */
export function datasetLabel(config: ExperimentConfig): string {
  return config.dataset.synthetic ?? (config.dataset.file ?? '').split(/[\\/]/).pop() ?? '';
}

/** Writes one run folder from the command line; metrics lines are buffered and appended about once a second. */
export class RunFolderWriter {
  private lines: string[] = [];
  private lastFlush = Date.now();

  private constructor(readonly dir: string, private readonly dataset: string) {}

  /** Creates `dir` (which must be new or empty: a run is never overwritten) and writes config.json. */
  static create(dir: string, config: ExperimentConfig): RunFolderWriter {
    let existing: string[] = [];
    try {
      existing = readdirSync(dir);
    } catch {
      // a new folder
    }
    if (existing.length > 0) {
      throw new UserError(`--out ${dir}: the folder is not empty (it holds ${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}); a run is never written over another. Give a new folder.`);
    }
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new UserError(`--out ${dir}: cannot create the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path and permissions.`);
    }
    writeAtomically(join(dir, RUN_FILES.config), JSON.stringify(config, null, 2) + '\n');
    return new RunFolderWriter(dir, datasetLabel(config));
  }

  /** Records one trainer event; the summary also becomes summary.json. */
  event(e: TrainerEvent): void {
    this.lines.push(JSON.stringify(e));
    if (e.type === 'summary') this.summary(e);
    else if (e.type !== 'step' || Date.now() - this.lastFlush > 1000) this.flush();
  }

  flush(): void {
    if (!this.lines.length) return;
    appendFileSync(join(this.dir, RUN_FILES.metrics), this.lines.join('\n') + '\n');
    this.lines = [];
    this.lastFlush = Date.now();
  }

  summary(s: SummaryEvent): void {
    this.flush();
    writeAtomically(join(this.dir, RUN_FILES.summary), JSON.stringify({ ...s, dataset: this.dataset }, null, 2) + '\n');
  }

  /** weights.bin, then weights.json, then model.json: the bundle last, once what it points at is there. */
  weights(params: readonly { name: string; shape: readonly number[]; values: Float32Array }[], bundle: ModelBundle): void {
    const { bin, index } = weightsFiles(params);
    writeAtomically(join(this.dir, RUN_FILES.weights), bin);
    writeAtomically(join(this.dir, RUN_FILES.weightsIndex), index);
    writeAtomically(join(this.dir, RUN_FILES.model), JSON.stringify(bundle) + '\n');
  }
}

/** A saved model read back: the bundle, its weights, and the run's config. */
export interface SavedModel {
  dir: string;
  bundle: ModelBundle;
  weights: Float32Array;
  config: ExperimentConfig | undefined;
}

/** Reads the model of a run folder, with a clear message for each way it can be incomplete. */
export function readSavedModel(dir: string): SavedModel {
  let text: string;
  try {
    text = readFileSync(join(dir, RUN_FILES.model), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    let isRun = false;
    try {
      isRun = readdirSync(dir).includes(RUN_FILES.config);
    } catch {
      throw new UserError(`${dir}: not a readable folder (${code}); expected a run folder (one written by "gradient-lab train --out" or by VS Code under .gradient-lab/runs).`);
    }
    throw new UserError(isRun
      ? `${dir}: the run has no ${RUN_FILES.model}: it was saved before models were bundled, or it did not finish writing. Train it again to predict or export.`
      : `${dir}: not a run folder (no ${RUN_FILES.config} or ${RUN_FILES.model}); expected a folder written by "gradient-lab train --out" or by VS Code under .gradient-lab/runs.`);
  }
  let bundle: ModelBundle;
  try {
    bundle = JSON.parse(text) as ModelBundle;
  } catch (e) {
    throw new UserError(`${join(dir, RUN_FILES.model)}: not valid JSON (${(e as Error).message}); the file is damaged. Train the run again.`);
  }
  if (bundle?.format !== BUNDLE_FORMAT || !Array.isArray(bundle.layers) || !bundle.weights?.params) {
    throw new UserError(`${join(dir, RUN_FILES.model)}: not a Gradient Lab model bundle (format "${String(bundle?.format)}"); expected "${BUNDLE_FORMAT}".`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, bundle.weights.file));
  } catch (e) {
    throw new UserError(`${dir}: the weights file ${bundle.weights.file} cannot be read (${(e as NodeJS.ErrnoException).code}); the run is incomplete. Train it again.`);
  }
  const need = bundle.weights.params.reduce((n, p) => Math.max(n, p.offset + p.length), 0);
  if (bytes.length !== need * 4) {
    throw new UserError(`${join(dir, bundle.weights.file)}: ${bytes.length} bytes, but the model needs ${need * 4} (${need} float32 values); the file is damaged or from another run. Train it again.`);
  }
  const weights = new Float32Array(need);
  new Uint8Array(weights.buffer).set(bytes);
  let config: ExperimentConfig | undefined;
  try {
    config = JSON.parse(readFileSync(join(dir, RUN_FILES.config), 'utf8')) as ExperimentConfig;
  } catch {
    config = undefined;
  }
  return { dir, bundle, weights, config };
}
