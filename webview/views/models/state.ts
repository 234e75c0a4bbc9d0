/**
 * What the Compare Models panel shows, rebuilt from the messages it received: the latest
 * comparison and the latest PCA analysis. Pure and JSON-safe, so it is also the state the
 * panel keeps across hiding and reloads (vscode.setState) without asking the worker again.
 */
import type {
  FeatureLabEvent, LabDatasetInfo, LabPlane, ModelResultEvent, ModelsProgressEvent, PcaAccuracyEvent, PcaVarianceEvent,
} from '../../../engine/features/protocol';
import type { Baseline } from '../../../engine/features/baseline';
import type { ModelPreset } from '../../../engine/catalogue';
import type { ToModelsView } from './protocol';

export interface Comparison {
  id: number;
  dataset: LabDatasetInfo;
  presets: ModelPreset[];
  baseline: Baseline;
  plane?: LabPlane;
  results: Partial<Record<ModelPreset, ModelResultEvent>>;
  progress?: ModelsProgressEvent;
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
    case 'engine':
      return reduceEvent(state, m.event);
  }
}

function reduceEvent(state: ModelsState, e: FeatureLabEvent): ModelsState {
  const c = state.compare, p = state.pca;
  switch (e.type) {
    case 'modelsData': {
      if (c && e.id < c.id) return state;
      const { error: _cleared, ...rest } = state;
      return { ...rest, compare: { id: e.id, dataset: e.dataset, presets: e.presets, baseline: e.baseline, ...(e.plane ? { plane: e.plane } : {}), results: {}, done: false, cancelled: false } };
    }
    case 'modelsProgress':
      return c?.id === e.id ? { ...state, compare: { ...c, progress: e } } : state;
    case 'modelResult':
      return c?.id === e.id ? { ...state, compare: { ...c, results: { ...c.results, [e.preset]: e } } } : state;
    case 'modelsDone': {
      if (c?.id !== e.id) return state;
      const { progress: _finished, ...rest } = c;
      return { ...state, compare: { ...rest, done: true, cancelled: e.cancelled } };
    }
    case 'pcaVariance':
      if (p && e.id < p.id) return state;
      return { ...state, pca: { id: e.id, variance: e, accuracy: [], done: false, cancelled: false } };
    case 'pcaAccuracy':
      return p?.id === e.id ? { ...state, pca: { ...p, accuracy: [...p.accuracy.filter((a) => a.k !== e.k), e].sort((a, b) => a.k - b.k) } } : state;
    case 'pcaDone':
      return p?.id === e.id ? { ...state, pca: { ...p, done: true, cancelled: e.cancelled } } : state;
    case 'featureLabFailed':
      // A failed computation is over: its controls come back.
      return {
        ...state, error: e.message,
        ...(c?.id === e.id ? { compare: { ...c, done: true, cancelled: false } } : {}),
        ...(p?.id === e.id ? { pca: { ...p, done: true, cancelled: false } } : {}),
      };
    case 'termCount':
      // The panel counts terms itself (engine/features/term-report.ts); a worker answer changes nothing.
      return state;
  }
}
