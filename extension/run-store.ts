/**
 * Runs on disk, as the design lays them out: one folder per run under the runs folder, with
 * `config.json` (the resolved experiment), `metrics.jsonl` (one event a line, appended, so a
 * crash loses at most the last line), `summary.json`, and `weights.bin` + `weights.json`.
 * Every file rewritten whole goes to `<name>.<pid>.tmp` first and is renamed into place; the
 * weights index is written after the values and records their size and checksum, so a pair
 * torn by a crash is detected on load. Reading never throws: a folder with a missing, torn or
 * wrong-shaped file is listed as damaged, saying what is wrong.
 * Plain Node `fs` (runs live in a local workspace folder); no `vscode`, so tests use it directly.
 */
import { appendFile, mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
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

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
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
 */
export function storedDatasetPath(file: string, workspaceFolder: string | undefined): string {
  if (!workspaceFolder || !isAbsolute(file)) return file;
  const rel = relative(workspaceFolder, file);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return file;
  return rel.split(sep).join('/');
}

/** The absolute dataset path of a stored config (a relative path is the workspace folder's). */
export function resolvedDatasetPath(file: string, workspaceFolder: string | undefined): string {
  return isAbsolute(file) || !workspaceFolder ? file : resolve(workspaceFolder, file);
}

/** Writes one run's files. Writes are queued so they land in order without blocking. */
export class RunWriter {
  private queue: Promise<void> = Promise.resolve();
  private failed: Error | undefined;

  private constructor(readonly id: string, readonly dir: string, private readonly dataset: string) {}

  /**
   * A writer whose folder and config.json are queued, not yet written: usable at once (a run
   * split mid-batch), with any error reported by `flush`. `workspaceFolder` makes the dataset
   * path relative when the file is inside it.
   */
  static open(runsFolder: string, config: ExperimentConfig, now = new Date(), workspaceFolder?: string): RunWriter {
    const id = runId(config.name, now);
    const dir = join(runsFolder, id);
    const stored = config.dataset.file ? { ...config, dataset: { ...config.dataset, file: storedDatasetPath(config.dataset.file, workspaceFolder) } } : config;
    const w = new RunWriter(id, dir, datasetLabel(config));
    w.enqueue(async () => {
      await mkdir(dir, { recursive: true });
      await writeAtomically(join(dir, 'config.json'), JSON.stringify(stored, null, 2) + '\n');
    });
    return w;
  }

  /** `open`, then waits for the folder and config.json: an unwritable runs folder fails here. */
  static async create(runsFolder: string, config: ExperimentConfig, now = new Date(), workspaceFolder?: string): Promise<RunWriter> {
    const w = RunWriter.open(runsFolder, config, now, workspaceFolder);
    await w.flush();
    return w;
  }

  /** Queues JSON Lines (one event a line) for metrics.jsonl; one appendFile per batch keeps writes few. */
  appendLines(text: string): void {
    if (!text) return;
    this.enqueue(() => appendFile(join(this.dir, 'metrics.jsonl'), text));
  }

  writeSummary(summary: StoredSummary): void {
    const s = { ...summary, dataset: this.dataset };
    this.enqueue(() => writeAtomically(join(this.dir, 'summary.json'), JSON.stringify(s, null, 2) + '\n'));
  }

  /**
   * weights.bin is every param's float32 values in order; weights.json says where each starts,
   * and is written second with the bin's size and checksum: a crash between the two renames
   * leaves a bin without (or with a stale) index, which `readWeights` reports.
   */
  writeWeights(w: WeightsMessage): void {
    const { bin, index } = weightsFiles(w.params);
    this.enqueue(async () => {
      await writeAtomically(join(this.dir, 'weights.bin'), bin);
      await writeAtomically(join(this.dir, 'weights.json'), index);
      // The model bundle last, once the weights it describes are in place (see engine/bundle/bundle.ts).
      if (w.model) await writeAtomically(join(this.dir, 'model.json'), JSON.stringify(w.model) + '\n');
    });
  }

  /** Resolves when every queued write is on disk; rejects with the first write error. */
  async flush(): Promise<void> {
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
async function readJson(path: string, name: string): Promise<Read> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { ok: false, problem: `${name} is missing`, missing: true } : { ok: false, problem: `${name} cannot be read (${code ?? (e as Error).message})` };
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

async function size(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** The cheap check of the weights pair for a listing: both or neither, and the bin the size the index says. */
async function checkWeightsPair(dir: string): Promise<string | undefined> {
  const bin = await size(join(dir, 'weights.bin'));
  const index = await readJson(join(dir, 'weights.json'), 'weights.json');
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
export async function readRun(dir: string, id: string): Promise<RunRecord> {
  const created = createdOf(id);
  const rawConfig = await readJson(join(dir, 'config.json'), 'config.json');
  const checked = rawConfig.ok ? checkConfig(rawConfig.value) : { problem: rawConfig.problem };
  if ('problem' in checked) return { id, dir, name: id, dataset: '', status: 'interrupted', damage: checked.problem, created };
  const config = checked.config;
  const base = { id, dir, name: config.name, dataset: datasetLabel(config), config, created };
  const rawSummary = await readJson(join(dir, 'summary.json'), 'summary.json');
  if (!rawSummary.ok && rawSummary.missing) return { ...base, status: 'interrupted' };
  const summary = rawSummary.ok ? checkSummary(rawSummary.value) : { problem: rawSummary.problem };
  if ('problem' in summary) return { ...base, status: 'interrupted', damage: summary.problem };
  const weights = summary.summary.status === 'failed' ? undefined : await checkWeightsPair(dir);
  return { ...base, status: summary.summary.status, summary: summary.summary, ...(weights ? { damage: weights } : {}) };
}

/** Every run under the runs folder, newest first; damaged folders are listed with `damage`. Never throws. */
export async function listRuns(runsFolder: string): Promise<RunRecord[]> {
  let names: string[];
  try {
    names = (await readdir(runsFolder, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const runs = await Promise.all(names.map((id) => readRun(join(runsFolder, id), id)));
  return runs.sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
}

export async function deleteRun(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files a killed writer left in the run folders (`<file>.<pid>.tmp` of a
 * process that is gone; a live process's are its writes in flight). Returns what it removed.
 */
export async function removeOrphanTempFiles(runsFolder: string): Promise<{ files: number; bytes: number }> {
  const removed = { files: 0, bytes: 0 };
  let dirs: string[];
  try {
    dirs = (await readdir(runsFolder, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return removed;
  }
  for (const d of dirs) {
    let files: string[];
    try {
      files = await readdir(join(runsFolder, d));
    } catch {
      continue;
    }
    for (const f of files) {
      const m = /\.(?:(\d+)\.)?tmp$/.exec(f);
      if (!m || (m[1] && processAlive(Number(m[1])))) continue;
      const path = join(runsFolder, d, f);
      const bytes = (await size(path)) ?? 0;
      try {
        await rm(path, { force: true });
        removed.files++;
        removed.bytes += bytes;
      } catch {
        // Not ours to remove (permissions): left for the user; the listing still works.
      }
    }
  }
  return removed;
}

/** Every metrics line that parses, and how many did not (a crash may tear the last line). */
export async function readMetricsChecked(dir: string): Promise<{ events: TrainerEvent[]; torn: number; missing: boolean }> {
  let text: string;
  try {
    text = await readFile(join(dir, 'metrics.jsonl'), 'utf8');
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
export async function readMetrics(dir: string): Promise<TrainerEvent[]> {
  return (await readMetricsChecked(dir)).events;
}

/** A run's weights, each param's values by name, or what is wrong with the pair. */
export async function readWeights(dir: string): Promise<{ params: { name: string; shape: number[]; values: Float32Array }[] } | { problem: string }> {
  const pair = await checkWeightsPair(dir);
  if (pair) return { problem: pair };
  const index = await readJson(join(dir, 'weights.json'), 'weights.json');
  if (!index.ok) return { problem: index.missing ? 'the run has no weights' : index.problem };
  const meta = index.value;
  if (!isObject(meta) || !Array.isArray(meta.params)) return { problem: 'weights.json has no params list' };
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, 'weights.bin'));
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
export async function readStartedEvent(dir: string): Promise<StartedEvent | undefined> {
  let handle;
  try {
    handle = await open(join(dir, 'metrics.jsonl'), 'r');
    const buf = new Uint8Array(256 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const text = new TextDecoder().decode(buf.subarray(0, bytesRead));
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
  } finally {
    await handle?.close();
  }
}
