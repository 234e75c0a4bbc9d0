/**
 * Messages between the Layer Features view and the extension, and their validation (both sides
 * import this file; no DOM here). The view sends probe requests, which the extension checks
 * field by field before they reach the worker; the extension sends the run's status and the
 * probes' events, which the view checks before drawing (a webview treats its input as untrusted
 * too). Arrays may arrive as typed arrays or, through a JSON bridge, as plain number arrays.
 */
import { isJobReply, type JobReply } from '../../../engine/protocol/job';
import type { FeaturesEvent, FeaturesRequest, ProbeRowsSpec } from '../../../engine/protocol/layer-features';
import { isInt as int, isNum, isObj as isObject, isRange } from '../../../shared/validate';
import type { RunStatus } from '../../protocol';

/** The run the probes read, as the view needs it (null: no run). */
export interface FeaturesRun {
  runId: string;
  title: string;
  status: RunStatus;
  /** The run's latest step: how stale a probe's answer is. */
  step: number;
}

export type FeaturesFromView =
  | { type: 'ready' }
  /** A probe as a job; `id` is the view's own, which the replies to it carry. */
  | { type: 'probe'; request: FeaturesRequest }
  | { type: 'cancel'; id: number };

/** The run, and the job replies to the view's probes (results and partials are FeaturesEvents). */
export type FeaturesToView =
  | { type: 'run'; run: FeaturesRun | null }
  | JobReply<FeaturesEvent, FeaturesEvent>;

/** Bounds on what the view may ask the worker for, so a bad message cannot start an absurd probe. */
export const FEATURE_LIMITS = { maxRows: 10_000, maxK: 64, maxResolution: 200, maxGrid: 100, maxNeighbors: 200, maxEpochs: 2000, maxName: 64 } as const;

const RUN_STATUSES: readonly RunStatus[] = ['loading', 'running', 'paused', 'finished', 'stopped', 'diverged', 'failed'];

const num = (v: unknown, min: number, max: number): v is number => isNum(v) && v >= min && v <= max;

function name(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= FEATURE_LIMITS.maxName;
}

/** An increasing pair of finite numbers within ±1e9. */
const range = (v: unknown): v is [number, number] => isRange(v) && Math.abs(v[0]) <= 1e9 && Math.abs(v[1]) <= 1e9;

/** `v` if it is undefined or passes `ok`; `false` marks a present but invalid optional field. */
function optional<T>(v: unknown, ok: (x: unknown) => x is T): T | undefined | false {
  if (v === undefined) return undefined;
  return ok(v) ? v : false;
}

function rows(v: unknown): v is ProbeRowsSpec {
  return isObject(v) && (v.set === 'train' || v.set === 'validation') && (v.maxRows === undefined || int(v.maxRows, 1, FEATURE_LIMITS.maxRows))
    && Object.keys(v).every((k) => k === 'set' || k === 'maxRows');
}

/** A probe request rebuilt from only the fields it may carry, or undefined if any is wrong. */
export function parseFeaturesRequest(r: unknown): FeaturesRequest | undefined {
  if (!isObject(r) || !int(r.id, 0, 2 ** 31 - 1)) return undefined;
  const id = r.id;
  const rowsSpec = optional(r.rows, rows);
  if (rowsSpec === false) return undefined;
  const withRows = rowsSpec ? { rows: { set: rowsSpec.set, ...(rowsSpec.maxRows !== undefined ? { maxRows: rowsSpec.maxRows } : {}) } } : {};
  switch (r.type) {
    case 'probeLayers':
    case 'probeFilters':
      return { type: r.type, id };
    case 'probeTopActivations': {
      const k = optional(r.k, (v): v is number => int(v, 1, FEATURE_LIMITS.maxK));
      if (!name(r.layer) || k === false) return undefined;
      return { type: 'probeTopActivations', id, layer: r.layer, ...(k !== undefined ? { k } : {}), ...withRows };
    }
    case 'probeComposition': {
      const count = optional(r.count, (v): v is number => int(v, 1, 32));
      const k = optional(r.k, (v): v is number => int(v, 1, 16));
      if (!name(r.layer) || !int(r.neuron, 0, 65_535) || count === false || k === false) return undefined;
      return { type: 'probeComposition', id, layer: r.layer, neuron: r.neuron, ...(count !== undefined ? { count } : {}), ...(k !== undefined ? { k } : {}), ...withRows };
    }
    case 'probeActivationMap': {
      if (!name(r.layer) || (r.method !== 'umap' && r.method !== 'pca')) return undefined;
      const out: Extract<FeaturesRequest, { type: 'probeActivationMap' }> = { type: 'probeActivationMap', id, layer: r.layer, method: r.method, ...withRows };
      if (r.umap !== undefined) {
        const u = r.umap;
        if (!isObject(u) || !Object.keys(u).every((k) => ['nNeighbors', 'minDist', 'nEpochs', 'seed'].includes(k))) return undefined;
        if ((u.nNeighbors !== undefined && !int(u.nNeighbors, 2, FEATURE_LIMITS.maxNeighbors)) || (u.minDist !== undefined && !num(u.minDist, 0, 1))
          || (u.nEpochs !== undefined && !int(u.nEpochs, 1, FEATURE_LIMITS.maxEpochs)) || (u.seed !== undefined && !int(u.seed, 0, 2 ** 31 - 1))) return undefined;
        out.umap = {
          ...(u.nNeighbors !== undefined ? { nNeighbors: u.nNeighbors as number } : {}), ...(u.minDist !== undefined ? { minDist: u.minDist as number } : {}),
          ...(u.nEpochs !== undefined ? { nEpochs: u.nEpochs as number } : {}), ...(u.seed !== undefined ? { seed: u.seed as number } : {}),
        };
      }
      if (r.grid !== undefined) {
        const g = r.grid;
        if (!isObject(g) || !int(g.size, 2, FEATURE_LIMITS.maxGrid) || !int(g.minPoints, 1, 1000)) return undefined;
        out.grid = { size: g.size, minPoints: g.minPoints };
      }
      return out;
    }
    case 'probeNeuronResponses':
      if (!range(r.xRange) || !range(r.yRange) || !int(r.resolution, 2, FEATURE_LIMITS.maxResolution)) return undefined;
      return { type: 'probeNeuronResponses', id, xRange: [r.xRange[0], r.xRange[1]], yRange: [r.yRange[0], r.yRange[1]], resolution: r.resolution };
    default:
      return undefined;
  }
}

/** What the extension accepts from the view, or undefined (the message is logged and dropped). */
export function parseFeaturesFromView(m: unknown): FeaturesFromView | undefined {
  if (!isObject(m)) return undefined;
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type === 'probe') {
    const request = parseFeaturesRequest(m.request);
    return request ? { type: 'probe', request } : undefined;
  }
  if (m.type === 'cancel') return int(m.id, 0, 2 ** 31 - 1) ? { type: 'cancel', id: m.id } : undefined;
  return undefined;
}

/** The event types the view draws. */
export const FEATURES_EVENT_TYPES: readonly FeaturesEvent['type'][] = ['featureLayers', 'topActivations', 'filters', 'activationMap', 'composition', 'neuronResponses'];

const isFeaturesEvent = (e: unknown): e is FeaturesEvent => isObject(e) && FEATURES_EVENT_TYPES.includes(e.type as FeaturesEvent['type']);

/** A list of numbers as a Float32Array (typed arrays pass as they are), or undefined if it is not one. */
export function floats(v: unknown, length?: number): Float32Array | undefined {
  let out: Float32Array | undefined;
  if (v instanceof Float32Array) out = v;
  else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) out = Float32Array.from(v as unknown as ArrayLike<number>);
  else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) out = Float32Array.from(v as number[]);
  if (!out || (length !== undefined && out.length !== length)) return undefined;
  return out;
}

function isRun(v: unknown): v is FeaturesRun {
  return isObject(v) && typeof v.runId === 'string' && typeof v.title === 'string' && RUN_STATUSES.includes(v.status as RunStatus) && int(v.step, 0, Number.MAX_SAFE_INTEGER);
}

/** A message to the view if it is the run or a job reply whose answer is an event the view draws; the view checks each event's fields as it reads them. */
export function parseFeaturesToView(m: unknown): FeaturesToView | undefined {
  if (!isObject(m)) return undefined;
  if (m.type === 'run') return m.run === null || isRun(m.run) ? { type: 'run', run: m.run as FeaturesRun | null } : undefined;
  if (!isJobReply(m)) return undefined;
  switch (m.type) {
    case 'result': return isFeaturesEvent(m.value) ? m as FeaturesToView : undefined;
    case 'progress': return typeof m.fraction === 'number' && typeof m.phase === 'string' && (m.partial === undefined || isFeaturesEvent(m.partial)) ? m as FeaturesToView : undefined;
    case 'failed': return typeof m.message === 'string' ? m : undefined;
    case 'cancelled': return m;
  }
}
