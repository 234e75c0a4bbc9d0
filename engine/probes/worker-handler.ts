/**
 * The feature probes (engine/protocol/layer-features.ts) as a job table for a training worker.
 * Long probes (top activations, the activation map, composition) are generators the worker's
 * driver runs a step at a time, so pause, stop and `cancel` are read while they work and
 * training keeps stepping. They read a frozen copy of the weights taken when the request
 * arrived, so one answer describes one model even while training continues. A probe that fails
 * says so with its `failed` reply; it never ends the run.
 */
import { UserError } from '../errors';
import { Job, JobSteps, JobTable, mapJob } from '../job-driver';
import { ProbeContext } from '../probe-handler';
import { Sequential } from '../nn/model';
import { PreparedData, Trainer } from '../trainer';
import { activationVectorsSteps, vectorPatch } from './activation-vectors';
import { atlasGrid } from './atlas-grid';
import { compositionSteps } from './composition';
import { featureLayer, featureLayers } from './feature-layers';
import { ActivationMapEvent, FeatureLayersEvent, FeaturesRequest } from '../protocol/layer-features';
import { firstLayerFilters } from './filters';
import { neuronResponses } from './neuron-responses';
import { pca } from './pca';
import { planePoints } from './plane';
import { receptiveFields } from './receptive-field';
import { runProbeData } from './run-probe-data';
import { shrinkPatch } from './thumbnail';
import { topActivationsSteps } from './top-activations';
import { UMAP_EPOCHS, UmapProgress, umapSteps } from './umap';

/** Rows read by default: enough for stable top-k lists and maps, quick on a laptop. */
const DEFAULT_ROWS = { top: 2000, map: 2000, composition: 1000 } as const;
/** Thumbnails of the map are at most this many pixels a side (bigger receptive fields are shrunk). */
const THUMBNAIL_SIZE = 16;
/** Largest neuron-response grid a request may ask for (200² points through the model at once). */
const MAX_RESOLUTION = 200;

type Run = { trainer: Trainer; data: PreparedData };
type Req<T extends FeaturesRequest['type']> = Extract<FeaturesRequest, { type: T }>;

/** The run to probe, or a message saying there is none. */
function needRun(ctx: ProbeContext): Run {
  const { trainer, data } = ctx;
  if (!trainer || !data) throw new UserError('there is no run to probe yet: start training first');
  return { trainer, data };
}

/** The feature probes, by request type. */
export function featureProbeJobs(): JobTable {
  const jobs: { [T in FeaturesRequest['type']]: Job<Req<T>> } = {
    probeLayers: (req, ctx) => layersEvent(req.id, needRun(ctx)),
    probeFilters: (req, ctx) => {
      const { trainer, data } = needRun(ctx);
      const image = data.train.imageShape;
      return { type: 'filters', id: req.id, step: trainer.step, filters: firstLayerFilters(trainer.model, image && [...image]) ?? null };
    },
    probeNeuronResponses: (req, ctx) => {
      const { trainer, data } = needRun(ctx);
      const resolution = Math.max(2, Math.min(MAX_RESOLUTION, Math.round(req.resolution)));
      const r = neuronResponses(trainer.model, req.xRange, req.yRange, resolution, data.features);
      const weights = trainer.model.dense.map((d) => ({ name: d.name, inputs: d.inputSize, outputs: d.outputSize, values: d.weights.value.slice() }));
      return { type: 'neuronResponses', id: req.id, step: trainer.step, resolution, xRange: req.xRange, yRange: req.yRange, layers: r.layers, output: r.output, weights, inputNames: [...data.features.names] };
    },
    probeTopActivations: (req, ctx) => {
      const { model, data, step } = frozen(needRun(ctx));
      const layer = featureLayer(model, req.layer);
      const steps = topActivationsSteps(model, runProbeData(data, req.rows, DEFAULT_ROWS.top), layer, clampInt(req.k ?? 9, 1, 64));
      return mapJob(steps, (neurons) => ({ type: 'topActivations', id: req.id, step, layer: layer.name, neurons }));
    },
    probeComposition: (req, ctx) => {
      const { model, data, step } = frozen(needRun(ctx));
      const layer = featureLayer(model, req.layer);
      const steps = compositionSteps(model, runProbeData(data, req.rows, DEFAULT_ROWS.composition), layer, req.neuron, clampInt(req.count ?? 6, 1, 32), clampInt(req.k ?? 4, 1, 16));
      return mapJob(steps, (composition) => ({ type: 'composition', id: req.id, step, composition }));
    },
    probeActivationMap: (req, ctx) => activationMap(req, frozen(needRun(ctx))),
  };
  return jobs;
}

/**
 * The map of a layer's activation vectors: PCA at once; for UMAP, the PCA map as a preview (a
 * partial answer), UMAP's layout every few epochs as it refines the PCA map (more partial
 * answers), and the final UMAP map as the answer.
 */
function* activationMap(req: Req<'probeActivationMap'>, run: Frozen): JobSteps<ActivationMapEvent> {
  const { model, data, step } = run;
  const layer = featureLayer(model, req.layer);
  const probeData = runProbeData(data, req.rows, DEFAULT_ROWS.map);
  const started = performance.now();
  const av = yield* activationVectorsSteps(model, probeData, layer, probeData.rows);
  // Thumbnails and labels are the same for both maps: made once.
  const shared: Partial<ActivationMapEvent> = {};
  if (av.labels) shared.labels = av.labels;
  const image = probeData.imageShape;
  if (image) {
    let pixels = new Float32Array(0), size = 0;
    for (let i = 0; i < av.n; i++) {
      const patch = vectorPatch(model, probeData, layer, av, i)!;
      const t = shrinkPatch(patch.pixels, patch.size, image[2], THUMBNAIL_SIZE);
      if (i === 0) {
        size = t.size;
        pixels = new Float32Array(av.n * t.pixels.length);
      }
      pixels.set(t.pixels, i * t.pixels.length);
    }
    shared.thumbnails = { size, pixels };
  }
  const mapEvent = (method: 'umap' | 'pca', points: Float32Array, preview: boolean, epochs?: { done: number; of: number }): ActivationMapEvent => ({
    type: 'activationMap', id: req.id, step, layer: layer.name, method, points, rows: av.rows, ys: av.ys, xs: av.xs,
    seconds: (performance.now() - started) / 1000, ...shared,
    ...(req.grid ? { atlas: atlasGrid(points, av.vectors, av.n, av.dims, clampInt(req.grid.size, 2, 100), clampInt(req.grid.minPoints, 1, 1000)) } : {}),
    ...(preview ? { preview: true } : {}),
    ...(epochs ? { epochs } : {}),
  });
  const linear = pca(av.vectors, av.n, av.dims).projection;
  if (req.method !== 'umap') return mapEvent('pca', linear, false);
  // The PCA map at once; UMAP starts from it and its layouts follow as it refines, then the final map.
  yield { phase: 'PCA', fraction: 1, partial: mapEvent('pca', linear, true) };
  const of = Math.max(1, Math.round(req.umap?.nEpochs ?? UMAP_EPOCHS));
  const refining = umapSteps(av.vectors, av.n, av.dims, req.umap ?? {}, linear);
  for (;;) {
    const r = refining.next();
    if (r.done) return mapEvent('umap', r.value, false, { done: of, of });
    const { phase, fraction, layout, epoch } = r.value as UmapProgress;
    yield layout && epoch ? { phase, fraction, partial: mapEvent('umap', layout, true, { done: epoch, of }) } : r.value;
  }
}

/** The probe-able layers, the image shape, and for 2-D data the points to draw. */
function layersEvent(id: number, { trainer, data }: Run): FeatureLayersEvent {
  const model = trainer.model;
  const rf = receptiveFields(model);
  const image = data.train.imageShape;
  const event: FeatureLayersEvent = {
    type: 'featureLayers', id,
    layers: featureLayers(model).map((l) => ({
      name: l.name, kind: l.kind, shape: [...l.shape],
      receptiveField: l.kind === 'conv' ? rf[l.outputIndex]!.size : image ? Math.max(image[0], image[1]) : 1,
    })),
  };
  if (image) event.imageShape = [...image];
  const plane = planePoints(data);
  if (plane) event.plane = plane;
  if (data.train.classNames) event.classNames = [...data.train.classNames];
  return event;
}

type Frozen = { model: Sequential; data: PreparedData; step: number };

/** A copy of the run's model with the weights it has now (and their step): training may change the live one between slices. */
function frozen(run: Run): Frozen {
  const model = new Trainer(run.trainer.config, run.data).model;
  model.restore(run.trainer.model.snapshot());
  return { model, data: run.data, step: run.trainer.step };
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(Number.isFinite(v) ? v : lo)));
}
