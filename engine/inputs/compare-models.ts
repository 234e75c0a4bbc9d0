/**
 * "Compare models": every model family trained on the same split of one dataset, one after the
 * other, as a job (engine/job-driver.ts) whose every step is one trainer event, so a worker keeps
 * reading requests (a cancel) while it trains. Each
 * family reports its accuracy, training time, parameters and, on 2-D data, its decision
 * boundary over the plane — the picture that shows a degree-2 model drawing a circle.
 */
import { ExperimentConfig } from '../config';
import { Dataset } from '../data/dataset';
import { splitDataset } from '../data/split';
import { FeatureSizeError, isUserError } from '../errors';
import type { JobSteps } from '../job-driver';
import { ModelPreset, applyPreset } from '../presets';
import { Prng } from '../prng';
import { neuronResponses } from '../probes/neuron-responses';
import { SummaryEvent } from '../protocol/training';
import { Trainer, prepareData } from '../trainer';
import { baselineFlag, baselineOf } from './baseline';
import { describeLabDataset, labPlane } from './lab-data';
import type { LabBoundary, LabPlane, ModelResultEvent, ModelsDoneEvent } from '../protocol/models';

export interface CompareOptions {
  presets: ModelPreset[];
  degree: number;
  components: number;
  resolution: number;
}

/** The families that fit a task: linear regression only for regression data, logistic ones only for classes. */
export function presetsFor(task: Dataset['task']): ModelPreset[] {
  return task === 'regression' ? ['linear-regression', 'mlp'] : ['logistic-regression', 'polynomial-logistic', 'svm', 'kernel-svm', 'pca-logistic', 'mlp'];
}

/**
 * Trains each of `o.presets` on `ds`: the dataset's `modelsData` and each family's `modelResult`
 * are partial answers, the progress is the share of families trained (phase: the one training),
 * and the answer is `modelsDone`.
 */
export function* compareModels(id: number, base: ExperimentConfig, ds: Dataset, o: CompareOptions): JobSteps<ModelsDoneEvent> {
  // prepareData splits with the same seed for every family: one split, shared by all of them.
  const split = splitDataset(ds, base.training.validationSplit, new Prng(base.seeds.data));
  const plane = labPlane(split, o.resolution);
  const baseline = baselineOf(split, ds.classNames);
  yield { phase: o.presets[0] ?? '', fraction: 0, partial: { type: 'modelsData', id, dataset: describeLabDataset(ds, split), presets: o.presets, baseline, ...(plane ? { plane } : {}) } };
  for (const [finished, preset] of o.presets.entries()) {
    const config = applyPreset(base, preset, { degree: o.degree, components: o.components, images: !!ds.imageShape });
    const result = yield* trainPreset(id, preset, config, ds, plane, (share) => (finished + share) / o.presets.length);
    const flag = baselineFlag(baseline, result);
    yield { phase: preset, fraction: (finished + 1) / o.presets.length, partial: flag ? { ...result, belowBaseline: flag } : result };
  }
  return { type: 'modelsDone', id };
}

/** One family trained: a step per trainer event, its share of the training done as `fraction`. */
function* trainPreset(id: number, preset: ModelPreset, config: ExperimentConfig, ds: Dataset, plane: LabPlane | undefined, overall: (share: number) => number): JobSteps<ModelResultEvent> {
  const t0 = performance.now();
  let prepared;
  try {
    prepared = prepareData(config, ds);
  } catch (e) {
    // A refused expansion is an answer, not a failure: the family is skipped, the others run,
    // and the row says how many terms it would have taken.
    if (!isUserError(e)) throw e;
    return {
      type: 'modelResult', id, preset, stages: [], parameters: 0, seconds: (performance.now() - t0) / 1000, status: 'refused', refused: (e as Error).message,
      ...(e instanceof FeatureSizeError ? { terms: e.terms } : {}),
    };
  }
  const trainer = new Trainer(config, prepared);
  const total = trainer.stepsPerEpoch * config.training.epochs;
  let summary: SummaryEvent | undefined;
  for (const e of trainer.run()) {
    if (e.type === 'summary') summary = e;
    yield { phase: preset, fraction: overall(trainer.step / total) };
  }
  const seconds = (performance.now() - t0) / 1000;
  const result: ModelResultEvent = {
    type: 'modelResult', id, preset, stages: [...prepared.features.stages], parameters: trainer.model.parameterCount, seconds,
    status: summary?.status ?? 'stopped',
    ...(summary?.trainAccuracy !== undefined ? { trainAccuracy: summary.trainAccuracy } : {}),
    ...(summary?.valAccuracy !== undefined ? { valAccuracy: summary.valAccuracy } : {}),
    ...(summary?.valR2 !== undefined ? { valR2: summary.valR2 } : {}),
  };
  if (plane) result.boundary = boundary(trainer, plane, prepared.features);
  return result;
}

/** The model's prediction over the plane's grid: class and confidence, or the value for regression. */
function boundary(trainer: Trainer, plane: LabPlane, features: Parameters<typeof neuronResponses>[4]): LabBoundary {
  const { output } = neuronResponses(trainer.model, plane.xRange, plane.yRange, plane.resolution, features);
  const cellCount = plane.resolution * plane.resolution;
  if (trainer.head.loss === 'mse') return { kind: 'value', cells: Array.from(output[0]!, (v) => Math.round(v * 1e4) / 1e4) };
  const cells = new Array<number>(cellCount), confidence = new Array<number>(cellCount);
  for (let c = 0; c < cellCount; c++) {
    let best = 0, sure: number;
    if (output.length === 1) {
      // One logit (binary cross-entropy, hinge): the sigmoid of it, 0.5 on the boundary.
      const p = 1 / (1 + Math.exp(-output[0]![c]!));
      best = p > 0.5 ? 1 : 0;
      sure = Math.abs(2 * p - 1);
    } else {
      let max = -Infinity, sum = 0;
      for (let k = 0; k < output.length; k++) if (output[k]![c]! > max) {
        max = output[k]![c]!;
        best = k;
      }
      for (let k = 0; k < output.length; k++) sum += Math.exp(output[k]![c]! - max);
      // The winner's softmax share, rescaled so a tie of all classes is 0 and certainty is 1.
      const chance = 1 / output.length;
      sure = Math.max(0, (1 / sum - chance) / (1 - chance));
    }
    cells[c] = best;
    confidence[c] = Math.round(sure * 1000) / 1000;
  }
  return { kind: 'class', cells, confidence };
}
