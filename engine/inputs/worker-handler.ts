/**
 * The features lab (engine/protocol/models.ts) as a job table: compare model families, count
 * polynomial terms, and analyse principal components. Requests crossed a thread boundary, so
 * each is checked here like a file; a failure is the job's `failed` reply, which the view that
 * asked shows beside its own controls.
 */
import { ExperimentConfig } from '../config';
import { parseConfig } from '../config-parse';
import { UserError } from '../errors';
import { Job, JobTable } from '../job-driver';
import { MODEL_PRESETS, ModelPreset } from '../presets';
import { wholeOr } from '../../shared/validate';
import { compareModels, presetsFor } from './compare-models';
import { LabFileLoader, loadLabDataset } from './lab-data';
import { DEFAULT_KS, pcaReport } from './pca-report';
import type { FeatureLabRequest, LabDatasetSpec } from '../protocol/models';
import { MAX_DEGREE, termReport } from '../../shared/term-report';

type Req<T extends FeatureLabRequest['type']> = Extract<FeatureLabRequest, { type: T }>;

/** A whole number in [min, max], or the fallback when absent; anything else is refused with the field's name. */
function whole(v: unknown, field: string, min: number, max: number, fallback: number): number {
  return wholeOr(v, field, [min, max], fallback, (m) => new UserError(m));
}

/** The base config of a lab computation: the dataset, the epochs, defaults for everything else. */
function baseConfig(req: LabDatasetSpec & { epochs?: unknown }, request: string): ExperimentConfig {
  const epochs = whole(req.epochs, `${request}.epochs`, 1, 10_000, 50);
  return parseConfig({ name: request, dataset: req.dataset as never, training: { epochs } }, `the ${request} request`);
}

function checkPresets(v: unknown): ModelPreset[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.length || !v.every((p) => (MODEL_PRESETS as readonly unknown[]).includes(p))) {
    throw new UserError(`compareModels.presets must be a non-empty list of ${MODEL_PRESETS.join(', ')}`);
  }
  return v as ModelPreset[];
}

export interface FeatureLabOptions {
  /** Reads files by path (Node); without it, requests must carry the dataset's bytes. */
  loadFile?: LabFileLoader;
}

/** The features lab's jobs, for engine/node/worker.ts (and a web worker) to serve. */
export function featureLabJobs(options: FeatureLabOptions = {}): JobTable {
  const jobs: { [T in FeatureLabRequest['type']]: Job<Req<T>> } = {
    termCount: (req) => {
      const features = whole(req.features, 'termCount.features', 1, 1e9, 1);
      const degree = whole(req.degree, 'termCount.degree', 1, MAX_DEGREE, 2);
      const rows = whole(req.rows, 'termCount.rows', 1, 1e9, 1000);
      return { type: 'termCount', id: req.id, ...termReport(features, degree, rows, req.interactions !== false) };
    },
    compareModels: async (req) => {
      const base = baseConfig(req, 'compareModels');
      const degree = whole(req.degree, 'compareModels.degree', 1, MAX_DEGREE, 2);
      const components = whole(req.components, 'compareModels.components', 1, 1000, 2);
      const resolution = whole(req.resolution, 'compareModels.resolution', 8, 200, 64);
      const requested = checkPresets(req.presets);
      const ds = await loadLabDataset(base, options.loadFile);
      return compareModels(req.id, base, ds, { presets: requested ?? presetsFor(ds.task), degree, components, resolution });
    },
    pca: async (req) => {
      const base = baseConfig(req, 'pca');
      const maxComponents = whole(req.maxComponents, 'pca.maxComponents', 1, 1000, 50);
      const ks = req.ks === undefined ? DEFAULT_KS : req.ks;
      if (!Array.isArray(ks) || !ks.every((k) => Number.isInteger(k) && k >= 1)) throw new UserError('pca.ks must be a list of whole numbers ≥ 1');
      const ds = await loadLabDataset(base, options.loadFile);
      return pcaReport(req.id, base, ds, { maxComponents, ks });
    },
  };
  return jobs;
}
