/**
 * What the Compare Models panel shows, rebuilt from the messages it received: the latest
 * comparison and the latest PCA analysis. Pure and JSON-safe, so it is also the state the
 * panel keeps across hiding and reloads (vscode.setState) without asking the worker again.
 */
import type { FeatureLabEvent, LabDatasetInfo, LabPlane, ModelResultEvent, PcaAccuracyEvent, PcaVarianceEvent } from '../../../engine/protocol/models';
import type { JobProgress } from '../../../engine/protocol/job';
import type { Baseline } from '../../../engine/protocol/models';
import type { ModelPreset } from '../../../engine/catalogue';
import type { ToModelsView } from './protocol';

export interface Comparison {
  id: number;
  dataset: LabDatasetInfo;
  presets: ModelPreset[];
  baseline: Baseline;
  plane?: LabPlane;
  results: Partial<Record<ModelPreset, ModelResultEvent>>;
  /** The share of the families trained; `phase` names the one training. */
  progress?: JobProgress;
  done: boolean;
  cancelled: boolean;
}

export interface PcaAnalysis {
  id: number;
  variance: PcaVarianceEvent;
  accuracy: PcaAccuracyEvent[];
  done: boolean;
  cancelled: boolean;
}

export interface ModelsState {
  label?: string;
  compare?: Comparison;
  pca?: PcaAnalysis;
  /** The latest failure, for the alert line; cleared when a new computation starts. */
  error?: string;
}

/** The state after one (validated) message. Events of an older computation than the one shown are ignored. */
export function reduce(state: ModelsState, m: ToModelsView): ModelsState {
  switch (m.type) {
    case 'dataset':
      return m.label === state.label ? state : { label: m.label };
    case 'error':
      return { ...state, error: m.message };
    case 'result':
      return reduceEvent(state, m.value);
    case 'progress': {
      if (m.partial) return reduceEvent(state, m.partial);
      const c = state.compare;
      return c?.id === m.id && !c.done ? { ...state, compare: { ...c, progress: { phase: m.phase, fraction: m.fraction } } } : state;
    }
    case 'cancelled':
    case 'failed':
      // An ended computation is over: its controls come back.
      return {
        ...state, ...(m.type === 'failed' ? { error: m.message } : {}),
        ...(state.compare?.id === m.id ? { compare: ended(state.compare, m.type === 'cancelled') } : {}),
        ...(state.pca?.id === m.id ? { pca: { ...state.pca, done: true, cancelled: m.type === 'cancelled' } } : {}),
      };
  }
}

function ended(c: Comparison, cancelled: boolean): Comparison {
  const { progress: _finished, ...rest } = c;
  return { ...rest, done: true, cancelled };
}

function reduceEvent(state: ModelsState, e: FeatureLabEvent): ModelsState {
  const c = state.compare, p = state.pca;
  switch (e.type) {
    case 'modelsData': {
      if (c && e.id < c.id) return state;
      const { error: _cleared, ...rest } = state;
      return { ...rest, compare: { id: e.id, dataset: e.dataset, presets: e.presets, baseline: e.baseline, ...(e.plane ? { plane: e.plane } : {}), results: {}, done: false, cancelled: false } };
    }
    case 'modelResult':
      return c?.id === e.id ? { ...state, compare: { ...c, results: { ...c.results, [e.preset]: e } } } : state;
    case 'modelsDone':
      return c?.id === e.id ? { ...state, compare: ended(c, false) } : state;
    case 'pcaVariance':
      if (p && e.id < p.id) return state;
      return { ...state, pca: { id: e.id, variance: e, accuracy: [], done: false, cancelled: false } };
    case 'pcaAccuracy':
      return p?.id === e.id ? { ...state, pca: { ...p, accuracy: [...p.accuracy.filter((a) => a.k !== e.k), e].sort((a, b) => a.k - b.k) } } : state;
    case 'pcaDone':
      return p?.id === e.id ? { ...state, pca: { ...p, done: true, cancelled: false } } : state;
    case 'termCount':
      // The panel counts terms itself (shared/term-report.ts); a worker answer changes nothing.
      return state;
  }
}
