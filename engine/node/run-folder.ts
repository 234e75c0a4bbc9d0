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
import { ModelBundle, weightsFiles } from '../bundle/bundle';
import { bundleWeights, missingModelError, parseBundle, parseStoredConfig, RUN_FILES, type SavedModel } from '../bundle/saved-model';
import { SummaryEvent, TrainerEvent } from '../protocol/training';

export { RUN_FILES, type SavedModel } from '../bundle/saved-model';

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

/** Reads the model of a run folder, with a clear message for each way it can be incomplete. */
export function readSavedModel(dir: string): SavedModel {
  let text: string;
  try {
    text = readFileSync(join(dir, RUN_FILES.model), 'utf8');
  } catch (e) {
    let isRun: boolean | undefined;
    try {
      isRun = readdirSync(dir).includes(RUN_FILES.config);
    } catch {
      isRun = undefined;
    }
    throw missingModelError(dir, isRun, String((e as NodeJS.ErrnoException).code));
  }
  const bundle = parseBundle(join(dir, RUN_FILES.model), text);
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, bundle.weights.file));
  } catch (e) {
    throw new UserError(`${dir}: the weights file ${bundle.weights.file} cannot be read (${(e as NodeJS.ErrnoException).code}); the run is incomplete. Train it again.`);
  }
  const weights = bundleWeights(join(dir, bundle.weights.file), bundle, bytes);
  let config: string | undefined;
  try {
    config = readFileSync(join(dir, RUN_FILES.config), 'utf8');
  } catch {
    config = undefined;
  }
  return { dir, bundle, weights, config: parseStoredConfig(config) };
}
