/**
 * Answers the feature probes (engine/probes/features-protocol.ts) inside a training worker.
 * Long probes (top activations, the activation map, composition) run a slice at a time with a
 * macrotask between slices, so pause, stop and other requests — a cancel among them — are read
 * while they work, and training keeps stepping. They read a frozen copy of the weights taken
 * when the request arrived, so one answer describes one model even while training continues.
 * A probe that fails says so with 'featuresFailed'; it never ends the run.
 */
import { ProbeContext, ProbeHandler } from '../probe-handler';
import { Sequential } from '../model';
import { PreparedData, Trainer } from '../trainer';
import { activationVectorsSteps, vectorPatch } from './activation-vectors';
import { atlasGrid } from './atlas-grid';
import { compositionSteps } from './composition';
import { featureLayer, featureLayers } from './feature-layers';
import { FeatureLayersEvent, FeaturesEvent, FeaturesRequest } from './features-protocol';
import { firstLayerFilters } from './filters';
import { neuronResponses } from './neuron-responses';
import { pca } from './pca';
import { planePoints } from './plane';
import { ProbeCancelled, ProbeProgress, ProbeSteps } from './progress';
import { receptiveFields } from './receptive-field';
import { runProbeData } from './run-probe-data';
import { shrinkPatch } from './thumbnail';
import { topActivationsSteps } from './top-activations';
import { UMAP_EPOCHS, UmapProgress, umapSteps } from './umap';

/** Every request type this handler answers. */
export const FEATURES_REQUEST_TYPES = [
  'probeLayers', 'probeTopActivations', 'probeFilters', 'probeActivationMap', 'probeComposition', 'probeNeuronResponses', 'probeCancel',
] as const;

export interface FeaturesHandlerOptions {
  /** Longest stretch of probe work between two looks at incoming requests (ms). */
  sliceMs?: number;
  /** Least time between two progress events of one probe (ms): a view cannot show more. */
  progressMs?: number;
}

/** Rows read by default: enough for stable top-k lists and maps, quick on a laptop. */
const DEFAULT_ROWS = { top: 2000, map: 2000, composition: 1000 } as const;
/** Thumbnails of the map are at most this many pixels a side (bigger receptive fields are shrunk). */
const THUMBNAIL_SIZE = 16;
/** Largest neuron-response grid a request may ask for (200² points through the model at once). */
const MAX_RESOLUTION = 200;

type Run = { trainer: Trainer; data: PreparedData };

/** The probe handler for a worker; keep one per worker (it tracks that worker's probes for cancellation). */
export function featuresProbeHandler(options: FeaturesHandlerOptions = {}): ProbeHandler {
  const sliceMs = options.sliceMs ?? 12;
  const progressMs = options.progressMs ?? 100;
  const running = new Map<number, { cancelled: boolean }>();

  /** Drives `steps` to its result a slice at a time; throws ProbeCancelled once the probe is cancelled. */
  async function drive<T>(id: number, steps: ProbeSteps<T>, ctx: ProbeContext, token: { cancelled: boolean }, onYield?: (p: ProbeProgress) => void): Promise<T> {
    let lastProgress = performance.now();
    for (;;) {
      const end = performance.now() + sliceMs;
      do {
        if (token.cancelled) {
          steps.return(undefined as never);
          throw new ProbeCancelled('the probe was cancelled');
        }
        const r = steps.next();
        if (r.done) return r.value;
        onYield?.(r.value);
        if (performance.now() - lastProgress >= progressMs) {
          lastProgress = performance.now();
          ctx.post({ type: 'featuresProgress', id, phase: r.value.phase, fraction: r.value.fraction });
        }
      } while (performance.now() < end);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  async function answer(req: FeaturesRequest, run: Run, ctx: ProbeContext, token: { cancelled: boolean }): Promise<FeaturesEvent | undefined> {
    const { trainer, data } = run;
    const step = trainer.step;
    switch (req.type) {
      case 'probeLayers': return layersEvent(req.id, trainer.model, data);
      case 'probeFilters': {
        const image = data.train.imageShape;
        return { type: 'filters', id: req.id, step, filters: firstLayerFilters(trainer.model, image && [...image]) ?? null };
      }
      case 'probeNeuronResponses': {
        const resolution = Math.max(2, Math.min(MAX_RESOLUTION, Math.round(req.resolution)));
        const r = neuronResponses(trainer.model, req.xRange, req.yRange, resolution, data.features);
        const weights = trainer.model.dense.map((d) => ({ name: d.name, inputs: d.inputSize, outputs: d.outputSize, values: d.weights.value.slice() }));
        return { type: 'neuronResponses', id: req.id, step, resolution, xRange: req.xRange, yRange: req.yRange, layers: r.layers, output: r.output, weights, inputNames: [...data.features.names] };
      }
      case 'probeTopActivations': {
        const model = frozen(run);
        const layer = featureLayer(model, req.layer);
        const probeData = runProbeData(data, req.rows, DEFAULT_ROWS.top);
        const neurons = await drive(req.id, topActivationsSteps(model, probeData, layer, clampInt(req.k ?? 9, 1, 64)), ctx, token);
        return { type: 'topActivations', id: req.id, step, layer: layer.name, neurons };
      }
      case 'probeComposition': {
        const model = frozen(run);
        const layer = featureLayer(model, req.layer);
        const probeData = runProbeData(data, req.rows, DEFAULT_ROWS.composition);
        const steps = compositionSteps(model, probeData, layer, req.neuron, clampInt(req.count ?? 6, 1, 32), clampInt(req.k ?? 4, 1, 16));
        return { type: 'composition', id: req.id, step, composition: await drive(req.id, steps, ctx, token) };
      }
      case 'probeActivationMap': {
        const model = frozen(run);
        const layer = featureLayer(model, req.layer);
        const probeData = runProbeData(data, req.rows, DEFAULT_ROWS.map);
        const started = performance.now();
        const av = await drive(req.id, activationVectorsSteps(model, probeData, layer, probeData.rows), ctx, token);
        // Thumbnails and labels are the same for both maps: made once.
        const shared: Partial<FeaturesEvent & { type: 'activationMap' }> = {};
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
        const mapEvent = (method: 'umap' | 'pca', points: Float32Array, preview: boolean, epochs?: { done: number; of: number }): FeaturesEvent => ({
          type: 'activationMap', id: req.id, step, layer: layer.name, method, points, rows: av.rows, ys: av.ys, xs: av.xs,
          seconds: (performance.now() - started) / 1000, ...shared,
          ...(req.grid ? { atlas: atlasGrid(points, av.vectors, av.n, av.dims, clampInt(req.grid.size, 2, 100), clampInt(req.grid.minPoints, 1, 1000)) } : {}),
          ...(preview ? { preview: true } : {}),
          ...(epochs ? { epochs } : {}),
        });
        const linear = pca(av.vectors, av.n, av.dims).projection;
        if (req.method !== 'umap') return mapEvent('pca', linear, false);
        // The PCA map at once; UMAP starts from it and posts its layout every few epochs as it
        // refines (previews), then the final map.
        ctx.post(mapEvent('pca', linear, true));
        const of = Math.max(1, Math.round(req.umap?.nEpochs ?? UMAP_EPOCHS));
        const refining = (p: UmapProgress): void => {
          if (p.layout && p.epoch) ctx.post(mapEvent('umap', p.layout, true, { done: p.epoch, of }));
        };
        const final = await drive(req.id, umapSteps(av.vectors, av.n, av.dims, req.umap ?? {}, linear), ctx, token, refining);
        return mapEvent('umap', final, false, { done: of, of });
      }
      case 'probeCancel': return undefined;
    }
  }

  return {
    types: FEATURES_REQUEST_TYPES,
    async handle(raw, ctx) {
      const req = raw as FeaturesRequest;
      if (req.type === 'probeCancel') {
        const token = running.get(req.id);
        if (token) token.cancelled = true;
        return;
      }
      const { trainer, data } = ctx;
      if (!trainer || !data) {
        ctx.post({ type: 'featuresFailed', id: req.id, message: 'there is no run to probe yet: start training first' });
        return;
      }
      const token = { cancelled: false };
      running.set(req.id, token);
      try {
        const event = await answer(req, { trainer, data }, ctx, token);
        if (event) ctx.post(event);
      } catch (e) {
        // A probe's failure is the probe's, not the run's: report it and leave training alone.
        if (e instanceof ProbeCancelled) ctx.post({ type: 'featuresCancelled', id: req.id });
        else ctx.post({ type: 'featuresFailed', id: req.id, message: e instanceof Error ? e.message : String(e) });
      } finally {
        running.delete(req.id);
      }
    },
  };
}

/** The probe-able layers, the image shape, and for 2-D data the points to draw. */
function layersEvent(id: number, model: Sequential, data: PreparedData): FeatureLayersEvent {
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

/** A copy of the run's model with the weights it has now: training may change the live one between slices. */
function frozen(run: Run): Sequential {
  const copy = new Trainer(run.trainer.config, run.data).model;
  copy.restore(run.trainer.model.snapshot());
  return copy;
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(Number.isFinite(v) ? v : lo)));
}
