/**
 * The Compare Runs panel's messages. To the view: the runs being compared (each with its
 * epoch-level curves, final metrics and flat config) and the runs that could be added. From
 * the view: ready (with the ids it showed before a reload), add or remove one run. Untrusted
 * on the extension side: `parseFromRunsView` first, then the ids are checked against the folder.
 */

/** One point of a run's curves: an epoch's metrics, at its step and its elapsed time. */
export interface ComparePoint {
  epoch: number;
  step: number;
  seconds: number;
  trainLoss?: number;
  valLoss?: number;
  trainAccuracy?: number;
  valAccuracy?: number;
  trainR2?: number;
  valR2?: number;
}

export interface CompareRun {
  id: string;
  /** "spiral · val acc 81.8% · 8,8 tanh · adam 0.01 · he-normal" — what the legend and tables say. */
  label: string;
  status: string;
  task: 'classification' | 'regression' | 'unknown';
  /** Flat config fields (`optimizer.learningRate`, `0.01`). */
  config: [string, string][];
  /** Last epoch's metrics (or the summary's), for the table. */
  final: { epochs?: number; steps?: number; trainLoss?: number; valLoss?: number; valAccuracy?: number; valR2?: number; seconds?: number };
  points: ComparePoint[];
  /** What is wrong with its files, if anything (shown next to it, never hiding the others). */
  problem?: string;
}

export interface RunChoice {
  id: string;
  label: string;
}

export type ToRunsView = { type: 'runs'; runs: CompareRun[]; available: RunChoice[] };

export type FromRunsView =
  | { type: 'ready'; ids: string[] }
  | { type: 'add'; id: string }
  | { type: 'remove'; id: string };

/** A run folder name: what a run id can be (no separators, no `..`). */
export const isRunId = (v: unknown): v is string => typeof v === 'string' && /^[\w][\w.-]{0,200}$/.test(v) && !v.includes('..');

/** At most this many runs in one comparison (a legend of more is unreadable). */
export const MAX_COMPARED = 12;

export function parseFromRunsView(m: unknown): FromRunsView | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  if (o.type === 'ready') {
    const ids = o.ids === undefined ? [] : o.ids;
    return Array.isArray(ids) && ids.length <= MAX_COMPARED && ids.every(isRunId) ? { type: 'ready', ids: [...(ids as string[])] } : undefined;
  }
  if ((o.type === 'add' || o.type === 'remove') && isRunId(o.id)) return { type: o.type, id: o.id };
  return undefined;
}

export function parseToRunsView(m: unknown): ToRunsView | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  if (o.type !== 'runs' || !Array.isArray(o.runs) || !Array.isArray(o.available)) return undefined;
  const runOk = (r: unknown) => typeof r === 'object' && r !== null && typeof (r as CompareRun).id === 'string' && typeof (r as CompareRun).label === 'string'
    && Array.isArray((r as CompareRun).points) && Array.isArray((r as CompareRun).config) && typeof (r as CompareRun).final === 'object';
  return o.runs.every(runOk) ? (m as ToRunsView) : undefined;
}
