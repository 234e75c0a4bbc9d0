/**
 * Runs on disk, as the design lays them out: one folder per run under the runs folder, with
 * `config.json` (the resolved experiment), `metrics.jsonl` (one event a line, appended, so a
 * crash loses at most the last line), `summary.json`, and `weights.bin` + `weights.json`.
 * Every file rewritten whole goes to a temp file first and is renamed into place; the
 * weights index is written after the values and records their size and checksum, so a pair
 * torn by a crash is detected on load. Reading never throws: a folder with a missing, torn or
 * wrong-shaped file is listed as damaged, saying what is wrong.
 * Every file operation goes through the `RunFiles` given (extension/run-files.ts): node:fs for a
 * local folder in the Node host, `vscode.workspace.fs` in the browser and for virtual
 * workspaces. Folders and files are named by locations (OS paths, or URI strings). No `vscode`
 * and no Node built-in here, so tests use it directly and the browser bundle can take it.
 */
import { isMissing, type RunFiles } from './run-files';
import type { ExperimentConfig } from '../engine/config';
import { parseConfig } from '../engine/config-parse';
import type { StartedEvent, SummaryEvent, TrainerEvent } from '../engine/protocol/training';
import type { WeightsMessage } from '../engine/session';
import { checksum, weightsFiles } from '../engine/bundle/bundle';
import type { RunStatus } from '../webview/protocol';

/** What `summary.json` holds: the engine's summary, or why the run failed. */
export type StoredSummary = (SummaryEvent & { dataset?: string }) | { status: 'failed'; message: string; dataset?: string };

/** A run's status on disk: the live ones, or `interrupted` (no summary: VS Code or the writer stopped mid-run). */
export type StoredStatus = RunStatus | 'interrupted';

/** A run as the Runs tree lists it. */
export interface RunRecord {
  id: string;
  dir: string;
  name: string;
  dataset: string;
  status: StoredStatus;
  summary?: StoredSummary;
  /** The run's experiment as stored (dataset path as written: relative to the workspace folder when inside it). */
  config?: ExperimentConfig;
  /** Why the folder cannot be used as a run ("config.json: not valid JSON (truncated?)"); absent when intact. */
  damage?: string;
  /** Milliseconds since 1970, from the folder name. */
  created: number;
}

/** A folder name that sorts by time and says what ran: `2025-06-01T10-20-30-123Z-iris`. */
export function runId(name: string, now = new Date()): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'run';
  return `${now.toISOString().replace(/[:.]/g, '-')}-${slug}`;
}

function datasetLabel(config: ExperimentConfig): string {
  return config.dataset.synthetic ?? (config.dataset.file ?? '').split(/[\\/]/).pop() ?? '';
}

/**
 * The dataset path as config.json stores it: relative to the workspace folder (with `/`) when
 * the file is inside it, so a moved or cloned workspace keeps its runs' data links; else as is.
 * The same form for OS paths and URI strings, so a run stored by either host opens in the other.
 */
export function storedDatasetPath(files: RunFiles, file: string, workspaceFolder: string | undefined): string {
  return (workspaceFolder && files.within(workspaceFolder, file)) || file;
}

/** The dataset location of a stored config (a relative path is the workspace folder's). */
export function resolvedDatasetPath(files: RunFiles, file: string, workspaceFolder: string | undefined): string {
  return workspaceFolder ? files.resolve(workspaceFolder, file) : file;
}

/** Writes one run's files. Writes are queued so they land in order without blocking. */
export class RunWriter {
  private queue: Promise<void> = Promise.resolve();
  private failed: Error | undefined;

  private constructor(private readonly files: RunFiles, readonly id: string, readonly dir: string, private readonly dataset: string) {}

  /**
   * A writer whose folder and config.json are queued, not yet written: usable at once (a run
   * split mid-batch), with any error reported by `flush`. `workspaceFolder` makes the dataset
   * path relative when the file is inside it.
   */
  static open(files: RunFiles, runsFolder: string, config: ExperimentConfig, now = new Date(), workspaceFolder?: string): RunWriter {
    const id = runId(config.name, now);
    const dir = files.join(runsFolder, id);
    const stored = config.dataset.file ? { ...config, dataset: { ...config.dataset, file: storedDatasetPath(files, config.dataset.file, workspaceFolder) } } : config;
    const w = new RunWriter(files, id, dir, datasetLabel(config));
    w.enqueue(async () => {
      await files.mkdir(dir);
      await files.writeAtomically(files.join(dir, 'config.json'), JSON.stringify(stored, null, 2) + '\n');
    });
    return w;
  }

  /** `open`, then waits for the folder and config.json: an unwritable runs folder fails here. */
  static async create(files: RunFiles, runsFolder: string, config: ExperimentConfig, now = new Date(), workspaceFolder?: string): Promise<RunWriter> {
    const w = RunWriter.open(files, runsFolder, config, now, workspaceFolder);
    await w.flush();
    return w;
  }

  private get metrics(): string {
    return this.files.join(this.dir, 'metrics.jsonl');
  }

  /** Queues JSON Lines (one event a line) for metrics.jsonl; one append per batch keeps writes few. */
  appendLines(text: string): void {
    if (!text) return;
    this.enqueue(() => this.files.append(this.metrics, text));
  }

  /** summary.json, once every metrics line before it is on disk (where appends are deferred). */
  writeSummary(summary: StoredSummary): void {
    const s = { ...summary, dataset: this.dataset };
    this.enqueue(async () => {
      await this.files.settle(this.metrics);
      await this.files.writeAtomically(this.files.join(this.dir, 'summary.json'), JSON.stringify(s, null, 2) + '\n');
    });
  }

  /**
   * weights.bin is every param's float32 values in order; weights.json says where each starts,
   * and is written second with the bin's size and checksum: a crash between the two renames
   * leaves a bin without (or with a stale) index, which `readWeights` reports.
   */
  writeWeights(w: WeightsMessage): void {
    const { bin, index } = weightsFiles(w.params);
    const { files, dir } = this;
    this.enqueue(async () => {
      await files.writeAtomically(files.join(dir, 'weights.bin'), bin);
      await files.writeAtomically(files.join(dir, 'weights.json'), index);
      // The model bundle last, once the weights it describes are in place (see engine/bundle/bundle.ts).
      if (w.model) await files.writeAtomically(files.join(dir, 'model.json'), JSON.stringify(w.model) + '\n');
    });
  }

  /** Resolves when every queued write is on disk (deferred appends too); rejects with the first write error. */
  async flush(): Promise<void> {
    this.enqueue(() => this.files.settle(this.metrics));
    await this.queue;
    if (this.failed) throw this.failed;
  }

  private enqueue(op: () => Promise<void>): void {
    this.queue = this.queue.then(op).catch((e: Error) => {
      this.failed ??= e;
    });
  }
}

type Read = { ok: true; value: unknown } | { ok: false; problem: string; missing?: boolean };

/** A JSON file, or what is wrong with it (missing, empty, torn). */
async function readJson(files: RunFiles, path: string, name: string): Promise<Read> {
  let text: string;
  try {
    text = new TextDecoder().decode(await files.read(path));
  } catch (e) {
    const code = (e as { code?: string }).code;
    return isMissing(e) ? { ok: false, problem: `${name} is missing`, missing: true } : { ok: false, problem: `${name} cannot be read (${code ?? (e as Error).message})` };
  }
  if (!text.trim()) return { ok: false, problem: `${name} is empty` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, problem: `${name} is not valid JSON (truncated?)` };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const SUMMARY_STATUSES = ['finished', 'stopped', 'diverged', 'failed'] as const;

/** The config.json of a run, validated as an experiment (so every field a view reads is there). */
function checkConfig(raw: unknown): { config: ExperimentConfig } | { problem: string } {
  if (!isObject(raw)) return { problem: `config.json holds ${Array.isArray(raw) ? 'a list' : JSON.stringify(raw)?.slice(0, 20) ?? 'nothing'}, not an experiment` };
  if (!isObject(raw.dataset)) return { problem: 'config.json has no dataset' };
  try {
    return { config: parseConfig(raw, 'config.json') };
  } catch (e) {
    return { problem: (e as Error).message.split('\n').slice(0, 2).join(' ') };
  }
}

/** summary.json: an object with a known status, and numbers where the engine writes numbers. */
function checkSummary(raw: unknown): { summary: StoredSummary } | { problem: string } {
  if (!isObject(raw)) return { problem: `summary.json holds ${JSON.stringify(raw)?.slice(0, 20)}, not a summary` };
  const status = raw.status;
  if (!SUMMARY_STATUSES.includes(status as never)) return { problem: `summary.json has the unknown status ${JSON.stringify(status)?.slice(0, 20)}` };
  if (status === 'failed') return typeof raw.message === 'string' ? { summary: raw as StoredSummary } : { problem: 'summary.json: a failed run without its message' };
  for (const k of ['epochs', 'steps', 'trainLoss'] as const) {
    if (typeof raw[k] !== 'number' && raw[k] !== null) return { problem: `summary.json: ${k} is not a number` };
  }
  for (const k of ['valLoss', 'valAccuracy', 'valR2', 'trainAccuracy', 'trainR2'] as const) {
    if (raw[k] !== undefined && raw[k] !== null && typeof raw[k] !== 'number') return { problem: `summary.json: ${k} is not a number` };
  }
  return { summary: raw as StoredSummary };
}

/** The cheap check of the weights pair for a listing: both or neither, and the bin the size the index says. */
async function checkWeightsPair(files: RunFiles, dir: string): Promise<string | undefined> {
  const bin = (await files.stat(files.join(dir, 'weights.bin')))?.size;
  const index = await readJson(files, files.join(dir, 'weights.json'), 'weights.json');
  if (bin === undefined && !index.ok && index.missing) return undefined;
  if (!index.ok) return index.missing ? 'weights.bin has no weights.json (the writer stopped between the two)' : index.problem;
  if (bin === undefined) return 'weights.json has no weights.bin';
  const want = isObject(index.value) ? index.value.byteLength : undefined;
  if (typeof want === 'number' && want !== bin) return `weights.bin has ${bin} bytes; weights.json says ${want}`;
  return undefined;
}

const createdOf = (id: string): number => {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z/.exec(id);
  return m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : 0;
};

/** One run folder, read and checked; never throws. */
export async function readRun(files: RunFiles, dir: string, id: string): Promise<RunRecord> {
  const created = createdOf(id);
  const rawConfig = await readJson(files, files.join(dir, 'config.json'), 'config.json');
  const checked = rawConfig.ok ? checkConfig(rawConfig.value) : { problem: rawConfig.problem };
  if ('problem' in checked) return { id, dir, name: id, dataset: '', status: 'interrupted', damage: checked.problem, created };
  const config = checked.config;
  const base = { id, dir, name: config.name, dataset: datasetLabel(config), config, created };
  const rawSummary = await readJson(files, files.join(dir, 'summary.json'), 'summary.json');
  if (!rawSummary.ok && rawSummary.missing) return { ...base, status: 'interrupted' };
  const summary = rawSummary.ok ? checkSummary(rawSummary.value) : { problem: rawSummary.problem };
  if ('problem' in summary) return { ...base, status: 'interrupted', damage: summary.problem };
  const weights = summary.summary.status === 'failed' ? undefined : await checkWeightsPair(files, dir);
  return { ...base, status: summary.summary.status, summary: summary.summary, ...(weights ? { damage: weights } : {}) };
}

/** Every run under the runs folder, newest first; damaged folders are listed with `damage`. Never throws. */
export async function listRuns(files: RunFiles, runsFolder: string): Promise<RunRecord[]> {
  const names = await runFolderNames(files, runsFolder);
  const runs = await Promise.all(names.map((id) => readRun(files, files.join(runsFolder, id), id)));
  return runs.sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
}

/** The folders under the runs folder (none when it is missing or unreadable). */
async function runFolderNames(files: RunFiles, runsFolder: string): Promise<string[]> {
  try {
    return (await files.list(runsFolder)).filter((d) => d.folder).map((d) => d.name);
  } catch {
    return [];
  }
}

export async function deleteRun(files: RunFiles, dir: string): Promise<void> {
  await files.remove(dir);
}

/**
 * Removes the temp files a killed writer left in the run folders (`<file>.<pid>.tmp` of a
 * process that is gone, or another session's that is old; the backend tells which: a live
 * writer's are its writes in flight). Returns what it removed.
 */
export async function removeOrphanTempFiles(files: RunFiles, runsFolder: string): Promise<{ files: number; bytes: number }> {
  const removed = { files: 0, bytes: 0 };
  for (const d of await runFolderNames(files, runsFolder)) {
    let names: string[];
    try {
      names = (await files.list(files.join(runsFolder, d))).filter((e) => !e.folder && e.name.endsWith('.tmp')).map((e) => e.name);
    } catch {
      continue;
    }
    for (const f of names) {
      const path = files.join(runsFolder, d, f);
      const info = await files.stat(path);
      if (!info || !files.isOrphanTemp(f, info)) continue;
      try {
        await files.remove(path);
        removed.files++;
        removed.bytes += info.size;
      } catch {
        // Not ours to remove (permissions): left for the user; the listing still works.
      }
    }
  }
  return removed;
}

/** Every metrics line that parses, and how many did not (a crash may tear the last line). */
export async function readMetricsChecked(files: RunFiles, dir: string): Promise<{ events: TrainerEvent[]; torn: number; missing: boolean }> {
  let text: string;
  try {
    text = new TextDecoder().decode(await files.read(files.join(dir, 'metrics.jsonl')));
  } catch {
    return { events: [], torn: 0, missing: true };
  }
  const events: TrainerEvent[] = [];
  let torn = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as unknown;
      if (isObject(e) && typeof e.type === 'string') events.push(e as unknown as TrainerEvent);
      else torn++;
    } catch {
      torn++;
    }
  }
  return { events, torn, missing: false };
}

/** Every metrics line that parses (a crash may leave a torn last line, which is skipped). */
export async function readMetrics(files: RunFiles, dir: string): Promise<TrainerEvent[]> {
  return (await readMetricsChecked(files, dir)).events;
}

/** A run's weights, each param's values by name, or what is wrong with the pair. */
export async function readWeights(files: RunFiles, dir: string): Promise<{ params: { name: string; shape: number[]; values: Float32Array }[] } | { problem: string }> {
  const pair = await checkWeightsPair(files, dir);
  if (pair) return { problem: pair };
  const index = await readJson(files, files.join(dir, 'weights.json'), 'weights.json');
  if (!index.ok) return { problem: index.missing ? 'the run has no weights' : index.problem };
  const meta = index.value;
  if (!isObject(meta) || !Array.isArray(meta.params)) return { problem: 'weights.json has no params list' };
  let bytes: Uint8Array;
  try {
    bytes = await files.read(files.join(dir, 'weights.bin'));
  } catch (e) {
    return { problem: `weights.bin cannot be read (${(e as Error).message})` };
  }
  if (typeof meta.checksum === 'string' && meta.checksum !== checksum(bytes)) return { problem: 'weights.bin does not match the checksum in weights.json (written by another run, or torn)' };
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength - (bytes.byteLength % 4)));
  const params = [];
  for (const p of meta.params as unknown[]) {
    if (!isObject(p) || typeof p.name !== 'string' || typeof p.offset !== 'number' || typeof p.length !== 'number' || !Array.isArray(p.shape)) return { problem: 'weights.json has a malformed param entry' };
    if (p.offset < 0 || p.offset + p.length > floats.length) return { problem: `weights.json: ${p.name} lies outside weights.bin` };
    params.push({ name: p.name, shape: p.shape as number[], values: floats.slice(p.offset, p.offset + p.length) });
  }
  return { params };
}

/** The run's `started` event (its data decisions and model), from the head of metrics.jsonl only. */
export async function readStartedEvent(files: RunFiles, dir: string): Promise<StartedEvent | undefined> {
  try {
    const text = new TextDecoder().decode(await files.readHead(files.join(dir, 'metrics.jsonl'), 256 * 1024));
    for (const line of text.split('\n').slice(0, 50)) {
      if (!line.startsWith('{"type":"started"')) continue;
      try {
        return JSON.parse(line) as StartedEvent;
      } catch {
        return undefined;
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}
