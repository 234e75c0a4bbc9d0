/**
 * Runs on disk, as the design lays them out: one folder per run under the runs folder, with
 * `config.json` (the resolved experiment), `metrics.jsonl` (one event a line, appended, so a
 * crash loses at most the last line), `summary.json`, and `weights.json` + `weights.bin`; every
 * file that is rewritten whole goes to a temp file first and is renamed into place.
 * Plain Node `fs` (runs live in a local workspace folder); no `vscode`, so tests use it directly.
 */
import { appendFile, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExperimentConfig } from '../engine/config';
import type { SummaryEvent } from '../engine/protocol';
import type { MetricsRecord, WeightsMessage } from '../engine/session';
import type { RunStatus } from '../webview/protocol';

/** What `summary.json` holds: the engine's summary, or why the run failed. */
export type StoredSummary = (SummaryEvent & { dataset?: string }) | { status: 'failed'; message: string; dataset?: string };

/** A run as the Runs tree lists it. */
export interface RunRecord {
  id: string;
  dir: string;
  name: string;
  dataset: string;
  /** From summary.json; a run without one was cut short (VS Code closed mid-run). */
  status: RunStatus | 'interrupted';
  summary?: StoredSummary;
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

/** Writes one run's files. Appends are queued so lines land in order without blocking. */
export class RunWriter {
  private queue: Promise<void> = Promise.resolve();
  private failed: Error | undefined;

  private constructor(readonly id: string, readonly dir: string, private readonly dataset: string) {}

  static async create(runsFolder: string, config: ExperimentConfig, now = new Date()): Promise<RunWriter> {
    const id = runId(config.name, now);
    const dir = join(runsFolder, id);
    await mkdir(dir, { recursive: true });
    await writeAtomically(join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
    return new RunWriter(id, dir, datasetLabel(config));
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

  /** weights.bin is every param's float32 values in order; weights.json says where each starts. */
  writeWeights(w: WeightsMessage): void {
    let offset = 0;
    const index = w.params.map((p) => {
      const entry = { name: p.name, shape: p.shape, offset, length: p.values.length };
      offset += p.values.length;
      return entry;
    });
    const all = new Float32Array(offset);
    w.params.forEach((p, i) => all.set(p.values, index[i]!.offset));
    this.enqueue(async () => {
      await writeAtomically(join(this.dir, 'weights.bin'), new Uint8Array(all.buffer));
      await writeAtomically(join(this.dir, 'weights.json'), JSON.stringify({ dtype: 'float32', littleEndian: true, params: index }, null, 2) + '\n');
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

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every run under the runs folder, newest first; unreadable folders are skipped. */
export async function listRuns(runsFolder: string): Promise<RunRecord[]> {
  let names: string[];
  try {
    names = (await readdir(runsFolder, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const runs: RunRecord[] = [];
  for (const id of names) {
    const dir = join(runsFolder, id);
    const config = (await readJson(join(dir, 'config.json'))) as ExperimentConfig | undefined;
    if (!config || typeof config !== 'object') continue;
    const summary = (await readJson(join(dir, 'summary.json'))) as StoredSummary | undefined;
    const m = /^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z/.exec(id);
    runs.push({
      id, dir, name: String(config.name ?? id), dataset: datasetLabel(config),
      status: summary?.status ?? 'interrupted',
      ...(summary ? { summary } : {}),
      created: m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : 0,
    });
  }
  return runs.sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
}

export async function deleteRun(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Every metrics line that parses (a crash may leave a torn last line, which is skipped). Steps
 * are those engine/thinning.ts keeps (every step with gradientLab.runs.logEveryStep); epochs the
 * rule leaves out lack their layer norms and timing (engine/session.ts `logRecord`).
 */
export async function readMetrics(dir: string): Promise<MetricsRecord[]> {
  let text: string;
  try {
    text = await readFile(join(dir, 'metrics.jsonl'), 'utf8');
  } catch {
    return [];
  }
  const out: MetricsRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as MetricsRecord);
    } catch {
      // A torn last line from a crash: everything before it is intact.
    }
  }
  return out;
}
