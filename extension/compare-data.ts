/**
 * What the Compare Runs panel shows, read from the run folders: each run's epoch curves from
 * metrics.jsonl, final metrics, flat config and a label that tells it apart. No `vscode`.
 */
import type { EpochEvent, StartedEvent } from '../engine/protocol/training';
import { distinguishingText, flattenConfig } from '../shared/run-fields';
import type { ComparePoint, CompareRun, RunChoice, ToRunsView } from '../webview/views/runs/protocol';
import type { RunFiles } from './run-files';
import { listRuns, readMetricsChecked, type RunRecord } from './run-store';
import { describeRun, runLabel } from './run-text';

/** Points per run at most: longer runs keep every k-th epoch (and the last). */
const MAX_POINTS = 1000;

function pointOf(e: EpochEvent): ComparePoint {
  const p: ComparePoint = { epoch: e.epoch, step: e.step, seconds: e.elapsedSeconds, trainLoss: e.trainLoss };
  for (const k of ['valLoss', 'trainAccuracy', 'valAccuracy', 'trainR2', 'valR2'] as const) if (typeof e[k] === 'number') p[k] = e[k];
  return p;
}

export async function compareRun(files: RunFiles, r: RunRecord): Promise<CompareRun> {
  const { events, torn, missing } = await readMetricsChecked(files, r.dir);
  const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
  const started = events.find((e): e is StartedEvent => e.type === 'started');
  const k = Math.ceil(epochs.length / MAX_POINTS);
  const kept = k > 1 ? epochs.filter((_, i) => i % k === 0 || i === epochs.length - 1) : epochs;
  const last = epochs.at(-1);
  const s = r.summary && 'epochs' in r.summary ? r.summary : undefined;
  const problems = [r.damage, missing ? 'metrics.jsonl is missing' : undefined, torn ? `${torn} unreadable line(s) in metrics.jsonl skipped` : undefined].filter(Boolean);
  const pick = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const final: CompareRun['final'] = {};
  const put = <K extends keyof CompareRun['final']>(key: K, v: number | null | undefined) => {
    const x = pick(v);
    if (x !== undefined) final[key] = x;
  };
  put('epochs', s?.epochs ?? last?.epoch);
  put('steps', s?.steps ?? last?.step);
  put('trainLoss', s?.trainLoss ?? last?.trainLoss);
  put('valLoss', s?.valLoss ?? last?.valLoss);
  put('valAccuracy', s?.valAccuracy ?? last?.valAccuracy);
  put('valR2', s?.valR2 ?? last?.valR2);
  put('seconds', s?.elapsedSeconds ?? last?.elapsedSeconds);
  return {
    id: r.id,
    label: r.config ? `${runLabel(r)} · ${distinguishingText(r.config, s)}` : r.id,
    status: r.status,
    task: started ? (started.dataset.task === 'regression' ? 'regression' : 'classification') : 'unknown',
    config: r.config ? flattenConfig(r.config) : [],
    final,
    points: kept.map(pointOf),
    ...(problems.length ? { problem: problems.join('; ') } : {}),
  };
}

/** The panel's message for the runs `ids` (in that order; unknown ids are left out) of the runs folder. */
export async function compareMessage(files: RunFiles, runsFolder: string | undefined, ids: readonly string[]): Promise<ToRunsView & { missing: string[] }> {
  const all = runsFolder ? await listRuns(files, runsFolder) : [];
  const byId = new Map(all.map((r) => [r.id, r]));
  const chosen = ids.map((id) => byId.get(id)).filter((r): r is RunRecord => !!r);
  const available: RunChoice[] = all.filter((r) => r.config && !ids.includes(r.id)).map((r) => ({ id: r.id, label: `${runLabel(r)} · ${describeRun(r)} · ${r.id.slice(0, 19)}` }));
  return { type: 'runs', runs: await Promise.all(chosen.map((r) => compareRun(files, r))), available, missing: ids.filter((id) => !byId.has(id)) };
}
