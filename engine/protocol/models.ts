/**
 * Requests and answers of the features lab (issue 8): compare model families on one dataset,
 * count polynomial terms, and look at a dataset's principal components. Payloads of the job
 * protocol (engine/protocol/job.ts), whose envelope gives each request its `id` and whose
 * replies carry progress (with the partial answers below), failure and cancellation. Grids and
 * images travel as plain number arrays, so they cross postMessage to a webview unchanged.
 */
import type { ModelPreset } from '../catalogue';
import type { DatasetConfig, Task } from './experiment';

/** Where a lab request's rows come from: a dataset config (a built-in set, or a file's location). */
export interface LabDatasetSpec {
  dataset: DatasetConfig;
}

/** Requests to a worker about features and model families. */
export type FeatureLabRequest =
  /** Trains each preset on one split → partials 'modelsData' and a 'modelResult' per preset; result 'modelsDone'. */
  | (LabDatasetSpec & {
      type: 'compareModels'; id: number;
      /** Which families (default: all that fit the task). */
      presets?: ModelPreset[];
      /** polynomial-logistic's degree (default 2) and pca-logistic's components (default 2). */
      degree?: number; components?: number;
      epochs?: number;
      /** Cells per side of the decision-boundary grids (2-D data only; default 64). */
      resolution?: number;
    })
  /** The term count and memory of a polynomial expansion → 'termCount'. */
  | { type: 'termCount'; id: number; features: number; degree: number; rows?: number; interactions?: boolean }
  /** Principal components of a dataset → partials 'pcaVariance' and a 'pcaAccuracy' per k; result 'pcaDone'. */
  | (LabDatasetSpec & { type: 'pca'; id: number; maxComponents?: number; ks?: number[]; epochs?: number });

/** The dataset a computation runs on, as the views describe it. */
export interface LabDatasetInfo {
  source: string;
  task: Task;
  features: number;
  rows: number;
  trainRows: number;
  validationRows: number;
  /** 0 for regression. */
  classes: number;
  classNames?: string[];
  imageShape?: [number, number, number];
}

/** The input plane of 2-D data: its ranges, and the points (raw units) drawn over the boundaries. */
export interface LabPlane {
  xRange: [number, number];
  yRange: [number, number];
  /** Cells per side of every boundary grid. */
  resolution: number;
  /** x, y, label of each point, flattened (at most a few thousand points per set). */
  train: number[];
  validation: number[];
}

/** The dataset of a comparison is read and split; the plane is there for 2-D data. */
export interface ModelsDataEvent {
  type: 'modelsData';
  id: number;
  dataset: LabDatasetInfo;
  presets: ModelPreset[];
  /** What ignoring the inputs scores on the same split (majority class or mean): the table's first row. */
  baseline: Baseline;
  plane?: LabPlane;
}

/**
 * A decision boundary over the plane, row-major, row 0 at yRange[1] (the top): the predicted
 * class of each cell and how sure the model is there (0 on the boundary … 1), or for
 * regression the predicted value.
 */
export interface LabBoundary {
  kind: 'class' | 'value';
  cells: number[];
  confidence?: number[];
}

/** One trained family (or why it was not trained: `refused`, e.g. too many polynomial terms). */
export interface ModelResultEvent {
  type: 'modelResult';
  id: number;
  preset: ModelPreset;
  /** What the inputs went through ("polynomial degree 2: 5 terms"). */
  stages: string[];
  parameters: number;
  /** Feature fitting and training, wall clock. */
  seconds: number;
  status: 'finished' | 'stopped' | 'diverged' | 'refused';
  trainAccuracy?: number;
  valAccuracy?: number;
  valR2?: number;
  /** Why the family was skipped (status 'refused'), and for a too-large expansion its term count. */
  refused?: string;
  terms?: number;
  /** Set when the family scores at or below the baseline: the flag the table shows (engine/inputs/baseline.ts). */
  belowBaseline?: string;
  boundary?: LabBoundary;
}

/** Every family has its row. */
export interface ModelsDoneEvent {
  type: 'modelsDone';
  id: number;
}

/** Answer to 'termCount'. */
export interface TermCountEvent extends TermReport {
  type: 'termCount';
  id: number;
}

/** Explained variance of the first components and, for images, the components as images. */
export interface PcaVarianceEvent {
  type: 'pcaVariance';
  id: number;
  dataset: LabDatasetInfo;
  /** Whether features were standardized before PCA (tabular data yes; image pixels no). */
  standardized: boolean;
  /** Each component's share of the total variance (0…1), largest first. */
  ratios: number[];
  /** Running sums of `ratios`. */
  cumulative: number[];
  totalVariance: number;
  /** The first components reshaped to the dataset's imageShape (h × w × c each), and the mean image. */
  eigenImages?: { shape: [number, number, number]; mean: number[]; components: number[][] };
}

/** Logistic (or linear) regression on the first k components. */
export interface PcaAccuracyEvent {
  type: 'pcaAccuracy';
  id: number;
  k: number;
  valAccuracy?: number;
  valR2?: number;
  seconds: number;
  /** Position of this k in the list (for progress). */
  index: number;
  total: number;
}

/** Every k has its accuracy. */
export interface PcaDoneEvent {
  type: 'pcaDone';
  id: number;
}

export type FeatureLabEvent = ModelsDataEvent | ModelResultEvent | ModelsDoneEvent | TermCountEvent | PcaVarianceEvent | PcaAccuracyEvent | PcaDoneEvent;

export interface Baseline {
  kind: 'majority' | 'mean';
  /** In words: "always 'outer' (53.0% of the training rows)" or "always the training mean 1.23". */
  description: string;
  valAccuracy?: number;
  valR2?: number;
}

export interface TermReport {
  features: number;
  degree: number;
  rows: number;
  interactions: boolean;
  /** Terms of the expansion, constant excluded: C(n+d, d) − 1 (n·d without interactions). */
  terms: number;
  /** The quadratic terms xᵢxⱼ (i ≤ j) alone: n(n+1)/2. */
  quadratic: number;
  /** float32 bytes of the expanded rows. */
  bytes: number;
  /** Past this the engine refuses the expansion (the dataset size cap). */
  limitBytes: number;
  refused: boolean;
  /** Terms and bytes for each degree 1…degree, for a table. */
  perDegree: { degree: number; terms: number; bytes: number }[];
}
