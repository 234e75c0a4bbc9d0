/**
 * Requests and answers of the feature probes: payloads of the job protocol
 * (engine/protocol/job.ts), whose envelope gives each request its `id` and whose replies carry
 * progress, failure and cancellation; each `result` is the event below its request names.
 * Float32Arrays cross postMessage as they are.
 */

/** Which rows a probe reads: the training or validation set of the run, at most `maxRows` of them. */
import type { ImageShape } from './experiment';
export interface ProbeRowsSpec {
  set: 'train' | 'validation';
  maxRows?: number;
}

/** Requests to the worker for feature probes. */
export type FeaturesRequest =
  | { type: 'probeLayers'; id: number }
  | { type: 'probeTopActivations'; id: number; layer: string; k?: number; rows?: ProbeRowsSpec }
  | { type: 'probeFilters'; id: number }
  | { type: 'probeActivationMap'; id: number; layer: string; method: 'umap' | 'pca'; umap?: UmapOptions; rows?: ProbeRowsSpec; grid?: { size: number; minPoints: number } }
  | { type: 'probeComposition'; id: number; layer: string; neuron: number; count?: number; k?: number; rows?: ProbeRowsSpec }
  | { type: 'probeNeuronResponses'; id: number; xRange: [number, number]; yRange: [number, number]; resolution: number };

/** The conv and hidden dense layers a probe can look at, with their map shapes. */
export interface FeatureLayersEvent {
  type: 'featureLayers';
  id: number;
  layers: { name: string; kind: 'conv' | 'dense'; shape: [number, number, number]; receptiveField: number }[];
  imageShape?: [number, number, number];
  /** For 2-D data whose raw plane the model's inputs can be traced back to: the points to draw. */
  plane?: PlanePoints;
  /** Class names of a classification run, for legends. */
  classNames?: string[];
}

/**
 * The training and validation points of 2-D data in the data's own units (what the neuron
 * response grid spans), with their labels, and the ranges a Playground view shows.
 */
export interface PlanePoints {
  featureNames: [string, string];
  /** n×2 coordinates each, and each point's class (or target, for regression). */
  train: { x: Float32Array; labels: Float32Array };
  validation: { x: Float32Array; labels: Float32Array };
  xRange: [number, number];
  yRange: [number, number];
}

/** Each neuron's k strongest inputs with their patches. */
export interface TopActivationsEvent {
  type: 'topActivations';
  id: number;
  step: number;
  layer: string;
  neurons: NeuronTop[];
}

/** The first layer's filters as images. */
export interface FiltersEvent {
  type: 'filters';
  id: number;
  step: number;
  filters: FilterImages | null;
}

/** The 2-D map of a layer's activation vectors: point i is image rows[i] at position (ys[i], xs[i]). */
export interface ActivationMapEvent {
  type: 'activationMap';
  id: number;
  step: number;
  layer: string;
  method: 'umap' | 'pca';
  /** n×2 coordinates. */
  points: Float32Array;
  rows: Int32Array;
  ys: Int32Array;
  xs: Int32Array;
  labels?: Float32Array;
  /**
   * Thumbnail of each point's receptive field (images only): n×size×size×C values in one array.
   * One array, not one per point: thousands of small typed arrays cost more to post, and VS Code's
   * webview bridge was seen to deliver some of them empty.
   */
  thumbnails?: { size: number; pixels: Float32Array };
  atlas?: AtlasGrid;
  seconds: number;
  /**
   * Set on the PCA map a UMAP request gets at once as a partial answer (PCA takes milliseconds)
   * and on the UMAP layouts sent as partial answers while UMAP refines it; the final UMAP map, the
   * result, replaces them.
   */
  preview?: boolean;
  /** UMAP maps: layout epochs done and planned (a preview is a layout part-way). */
  epochs?: { done: number; of: number };
}

/** A neuron's parts in the layer before it. */
export interface CompositionEvent {
  type: 'composition';
  id: number;
  step: number;
  composition: Composition;
}

/** Every neuron's output over a grid of the 2-D input plane, and the output (logits). */
export interface NeuronResponsesEvent {
  type: 'neuronResponses';
  id: number;
  step: number;
  resolution: number;
  xRange: [number, number];
  yRange: [number, number];
  layers: { name: string; neurons: Float32Array[] }[];
  output: Float32Array[];
  /**
   * The dense layers' weights, in order (hidden layers, then the output layer), inputs×outputs
   * row-major, so a view can draw the network's edges; `inputNames` names the first one's inputs.
   */
  weights?: { name: string; inputs: number; outputs: number; values: Float32Array }[];
  inputNames?: string[];
}

/** Every event the feature probes emit. */
export type FeaturesEvent =
  | FeatureLayersEvent | TopActivationsEvent | FiltersEvent | ActivationMapEvent | CompositionEvent | NeuronResponsesEvent;

/** The atlas of a map: grid size, the map's bounds, and the cells kept. */
export interface AtlasGrid {
  gridSize: number;
  bounds: { minX: number; maxX: number; minY: number; maxY: number };
  cells: AtlasCell[];
}

/** The parts of neuron `neuron` of `layer`: the previous feature layer's name and its `count` largest contributions. */
export interface Composition {
  layer: string;
  neuron: number;
  previous: string;
  contributions: Contribution[];
}

/** First-layer weights as images: `images[f]` is height×width×channels values in 0…1, 0.5 meaning weight 0. */
export interface FilterImages {
  layer: string;
  shape: ImageShape;
  images: Float32Array[];
  /** Largest |weight| of each filter: what 0 and 1 stand for (−max and +max). */
  scales: number[];
}

/** The strongest inputs of one neuron (conv: channel), strongest first. */
export interface NeuronTop {
  neuron: number;
  top: TopActivation[];
  /**
   * For tanh and sigmoid units: the share of inputs (conv: of image positions) where the unit is
   * saturated — its output within 1% of a bound (|tanh| ≥ 0.99; sigmoid ≤ 0.01 or ≥ 0.99), where
   * its slope is under 2% of its largest. Absent for unbounded activations.
   */
  saturated?: number;
}

/**
 * UMAP settings. The Activation Atlas notebook (Carter et al., 2019) used n_neighbors = 20,
 * min_dist = 0.01, metric = cosine; those are the defaults here.
 */
export interface UmapOptions {
  /** Neighbours each point's fuzzy neighbourhood uses: larger keeps more global structure. */
  nNeighbors?: number;
  /** How tightly points may pack in 2-D: smaller gives denser, more separated clumps. */
  minDist?: number;
  /** Layout epochs (default UMAP_EPOCHS). */
  nEpochs?: number;
  /** Seeds the negative sampling: same seed, same map. */
  seed?: number;
  /** Yield the layout every this many epochs (default 25), so a view can show UMAP refining the PCA map. */
  snapshotEvery?: number;
}

/** One grid cell: column gx, row gy (row 0 at the smallest y), its points' mean activation and the point nearest it. */
export interface AtlasCell {
  gx: number;
  gy: number;
  count: number;
  mean: Float32Array;
  /** Index of the vector (and map point) whose activation is closest to `mean`. */
  nearest: number;
}

/** One previous-layer neuron's part in a neuron: summed weight × mean activation, and what excites it. */
export interface Contribution {
  neuron: number;
  /** Sum of the weights from this neuron (conv: from this channel, over kernel positions and pooled positions). */
  weight: number;
  meanActivation: number;
  /** Σ weight × mean activation of every connection from this neuron: its mean push on the target (sign included). */
  contribution: number;
  top: TopActivation[];
}

/** One of a neuron's strongest inputs: image `row`, at map position (y, x) (0, 0 for dense), with its patch of the input. */
export interface TopActivation {
  row: number;
  /** The activation there (after the layer's activation function). */
  value: number;
  /** The pre-activation there: what the ranking uses (absent in events from before it was added). */
  pre?: number;
  y: number;
  x: number;
  /** The input square the position sees (top, left may be negative: padding); pixels size×size×C, 0 outside the image. */
  patch?: { top: number; left: number; size: number; pixels: Float32Array };
}
