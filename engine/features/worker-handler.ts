/**
 * The worker's answers to the features lab (engine/features/protocol.ts): compare model
 * families, count polynomial terms, and analyse principal components. Requests crossed a thread
 * boundary, so each is checked here like a file; a failure becomes a 'featureLabFailed' event
 * carrying the request's id, so the view that asked can show it beside its own controls.
 */
import { ExperimentConfig } from '../config';
import { parseConfig } from '../config-parse';
import { UserError, isUserError } from '../errors';
import { MODEL_PRESETS, ModelPreset } from '../presets';
import { ProbeContext, ProbeHandler } from '../probe-handler';
import { compareModels, presetsFor } from './compare-models';
import { LabFileLoader, loadLabDataset } from './lab-data';
import { DEFAULT_KS, pcaReport } from './pca-report';
import type { FeatureLabRequest, LabDatasetSpec } from './protocol';
import { MAX_DEGREE, termReport } from './term-report';

const TYPES = ['compareModels', 'termCount', 'pca', 'cancelFeatureLab'] as const;

/** Gives the thread back for one macrotask, so a queued cancel request is read. */
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A whole number in [min, max], or the fallback when absent; anything else is refused with the field's name. */
function whole(v: unknown, field: string, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new UserError(`${field} must be a whole number from ${min} to ${max}; got ${JSON.stringify(v)}`);
  return v;
}

/** The base config of a lab computation: the dataset, the epochs, defaults for everything else. */
function baseConfig(req: LabDatasetSpec & { epochs?: unknown }, request: string): ExperimentConfig {
  const epochs = whole(req.epochs, `${request}.epochs`, 1, 10_000, 50);
  return parseConfig({ name: request, dataset: req.dataset as never, training: { epochs } }, `the ${request} request`);
}

function checkBytes(bytes: unknown): LabDatasetSpec['bytes'] {
  if (bytes === undefined) return undefined;
  const b = bytes as { name?: unknown; bytes?: unknown };
  if (typeof b?.name !== 'string' || !(b.bytes instanceof Uint8Array)) throw new UserError('dataset bytes must be { name: string, bytes: Uint8Array }');
  return { name: b.name, bytes: b.bytes };
}

function checkPresets(v: unknown): ModelPreset[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.length || !v.every((p) => (MODEL_PRESETS as readonly unknown[]).includes(p))) {
    throw new UserError(`compareModels.presets must be a non-empty list of ${MODEL_PRESETS.join(', ')}`);
  }
  return v as ModelPreset[];
}

export interface FeatureLabHandlerOptions {
  /** Reads files by path (Node); without it, requests must carry the dataset's bytes. */
  loadFile?: LabFileLoader;
}

/** The probe handler of the features lab, for engine/node/worker.ts (and a web worker) to register. */
export function featureLabHandler(options: FeatureLabHandlerOptions = {}): ProbeHandler {
  const cancelled = new Set<number>();
  return {
    types: TYPES,
    async handle(raw, ctx: ProbeContext) {
      const req = raw as FeatureLabRequest;
      const id = (req as { id?: unknown }).id;
      if (typeof id !== 'number' || !Number.isFinite(id)) throw new UserError(`${req.type}: the request needs a numeric id`);
      if (req.type === 'cancelFeatureLab') {
        cancelled.add(id);
        return;
      }
      const stop = () => cancelled.has(id);
      try {
        await answer(req, ctx, stop, options);
      } catch (e) {
        ctx.post({ type: 'featureLabFailed', id, request: req.type, message: e instanceof Error ? e.message : String(e), userError: isUserError(e) || e instanceof RangeError });
      } finally {
        cancelled.delete(id);
      }
    },
  };
}

async function answer(req: Exclude<FeatureLabRequest, { type: 'cancelFeatureLab' }>, ctx: ProbeContext, stop: () => boolean, options: FeatureLabHandlerOptions): Promise<void> {
  switch (req.type) {
    case 'termCount': {
      const features = whole(req.features, 'termCount.features', 1, 1e9, 1);
      const degree = whole(req.degree, 'termCount.degree', 1, MAX_DEGREE, 2);
      const rows = whole(req.rows, 'termCount.rows', 1, 1e9, 1000);
      ctx.post({ type: 'termCount', id: req.id, ...termReport(features, degree, rows, req.interactions !== false) });
      return;
    }
    case 'compareModels': {
      const base = baseConfig(req, 'compareModels');
      const degree = whole(req.degree, 'compareModels.degree', 1, MAX_DEGREE, 2);
      const components = whole(req.components, 'compareModels.components', 1, 1000, 2);
      const resolution = whole(req.resolution, 'compareModels.resolution', 8, 200, 64);
      const requested = checkPresets(req.presets);
      const ds = await loadLabDataset(base, checkBytes(req.bytes), options.loadFile);
      const presets = requested ?? presetsFor(ds.task);
      await compareModels(req.id, base, ds, { presets, degree, components, resolution }, ctx.post, stop, pause);
      return;
    }
    case 'pca': {
      const base = baseConfig(req, 'pca');
      const maxComponents = whole(req.maxComponents, 'pca.maxComponents', 1, 1000, 50);
      const ks = req.ks === undefined ? DEFAULT_KS : req.ks;
      if (!Array.isArray(ks) || !ks.every((k) => Number.isInteger(k) && k >= 1)) throw new UserError('pca.ks must be a list of whole numbers ≥ 1');
      const ds = await loadLabDataset(base, checkBytes(req.bytes), options.loadFile);
      await pcaReport(req.id, base, ds, { maxComponents, ks }, ctx.post, stop, pause);
      return;
    }
    default:
      throw new UserError(`unknown features lab request ${JSON.stringify((req as { type?: unknown }).type)}`);
  }
}
