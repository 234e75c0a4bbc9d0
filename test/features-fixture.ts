/**
 * Small trained models for the layer-feature tests, and the real probe jobs run on them:
 * a CNN trained briefly on the first digits of the bundled sample, and an MLP on the spiral.
 * The worker-handler test checks the events; the webview test replays them into the view.
 */
import { join } from 'node:path';
import { parseConfig } from '../engine/config-parse';
import { Dataset } from '../engine/data/dataset';
import { syntheticDataset } from '../engine/data/synthetic';
import { loadDatasetFile } from '../engine/node/load-file';
import { ProbeContext } from '../engine/probe-handler';
import { JobDriver, serveJobs } from '../engine/job-driver';
import type { FailedReply, JobReply } from '../engine/protocol/job';
import { FeaturesEvent, FeaturesRequest } from '../engine/protocol/layer-features';
import { featureProbeJobs } from '../engine/probes/worker-handler';
import { EngineEvent } from '../engine/protocol/training';
import { PreparedData, Trainer, prepareData } from '../engine/trainer';

export const ROOT = join(__dirname, '..');

/** A run as a worker holds it: trainer and prepared data. */
export interface TrainedRun {
  trainer: Trainer;
  data: PreparedData;
}

/** The first `rows` rows of a dataset (the digits are shuffled with a fixed seed, so a prefix has every class). */
function head(ds: Dataset, rows: number): Dataset {
  const n = Math.min(rows, ds.rows);
  return { ...ds, rows: n, x: ds.x.slice(0, n * ds.features), y: ds.y.slice(0, n * ds.targets) };
}

/** Steps `trainer` through `epochs` epochs (its own config may ask for more). */
function train(trainer: Trainer, epochs: number): void {
  const steps = trainer.stepsPerEpoch * epochs;
  const it = trainer.run();
  for (let s = 0; s <= steps;) {
    const r = it.next();
    if (r.done) break;
    if (r.value.type === 'step') s++;
  }
}

/** conv 5×5×6 (same) → ReLU → maxpool 2 → conv 3×3×8 → ReLU → maxpool 2 → dense 24 → 10, on 600 digits for 3 epochs. */
export async function trainedDigitsCnn(rows = 600, epochs = 3): Promise<TrainedRun> {
  const ds = head(await loadDatasetFile(join(ROOT, 'samples/digits/train-images-idx3-ubyte.gz')), rows);
  const config = parseConfig({
    name: 'digits-cnn-small',
    dataset: { file: 'digits/train-images-idx3-ubyte.gz' },
    features: { standardize: false },
    model: {
      conv: [
        { type: 'conv2d', filters: 6, kernel: 5, padding: 'same', activation: 'relu' },
        { type: 'maxpool2d', size: 2 },
        { type: 'conv2d', filters: 8, kernel: 3, padding: 'same', activation: 'relu' },
        { type: 'maxpool2d', size: 2 },
      ],
      hidden: [24],
      activation: 'relu',
    },
    init: { weights: 'he-normal', biases: 'zeros' },
    optimizer: { kind: 'adam', learningRate: 0.003 },
    training: { epochs: 50, batchSize: 32, validationSplit: 0.2 },
  });
  const data = prepareData(config, ds);
  const trainer = new Trainer(config, data);
  train(trainer, epochs);
  return { trainer, data };
}

/** A 2-8-8-1 tanh network on the spiral (standardized, 400 points) after `epochs` epochs (200: ~99% training accuracy). */
export function trainedSpiral(epochs = 200): TrainedRun {
  const config = parseConfig({
    name: 'spiral', dataset: { synthetic: 'spiral', samples: 400 },
    model: { hidden: [8, 8], activation: 'tanh' },
    optimizer: { kind: 'adam', learningRate: 0.03 }, training: { epochs: 500, batchSize: 16 },
  });
  const data = prepareData(config, syntheticDataset('spiral', { samples: 400, seed: config.seeds.data }));
  const trainer = new Trainer(config, data);
  train(trainer, epochs);
  return { trainer, data };
}

/** Runs one request through the real jobs on `run`, collecting every reply (every step reported). */
export async function ask(run: TrainedRun, request: FeaturesRequest, sliceMs = 12): Promise<JobReply<FeaturesEvent, FeaturesEvent>[]> {
  const replies: JobReply<FeaturesEvent, FeaturesEvent>[] = [];
  const ctx: ProbeContext = { trainer: run.trainer, data: run.data, post: (e: EngineEvent) => replies.push(e as JobReply<FeaturesEvent, FeaturesEvent>) };
  await serveJobs(featureProbeJobs(), new JobDriver({ sliceMs, progressMs: 0 })).handle(request, ctx);
  return replies;
}

/** The result of a request, which must be an event of `type`. */
export async function answer<T extends FeaturesEvent['type']>(run: TrainedRun, request: FeaturesRequest, type: T): Promise<FeaturesEvent & { type: T }> {
  const last = (await ask(run, request)).at(-1);
  if (last?.type !== 'result' || last.value.type !== type) throw new Error(`expected a ${type} result for ${request.type}; got ${JSON.stringify(last)?.slice(0, 300)}`);
  return last.value as FeaturesEvent & { type: T };
}

/** The failure of a request that must fail. */
export async function failure(run: TrainedRun | undefined, request: FeaturesRequest): Promise<FailedReply> {
  const last = run ? (await ask(run, request)).at(-1) : undefined;
  if (last?.type !== 'failed') throw new Error(`expected ${request.type} to fail; got ${JSON.stringify(last)?.slice(0, 300)}`);
  return last;
}
