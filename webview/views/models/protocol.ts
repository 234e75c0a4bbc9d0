/**
 * Messages between the Compare Models panel and the extension (extension/labs/models.ts), with
 * a validator for each direction: what the webview sends is untrusted in the extension, and
 * the webview checks what it draws from, so a malformed message is dropped, never half-drawn.
 */
import type { FeatureLabEvent } from '../../../engine/protocol/models';
import { MODEL_PRESETS } from '../../../engine/catalogue';
import { isJobReply, type JobReply } from '../../../engine/protocol/job';
import { isNum, isObj as isObject, isNums, isStr } from '../../../shared/validate';

/** Bounds of the comparison options the panel offers (the worker checks them again). */
export const LIMITS = { degree: [1, 6], components: [1, 50], epochs: [1, 2000] } as const;

export interface CompareOptions {
  degree: number;
  components: number;
  epochs: number;
}

export type FromModelsView =
  /** The page is up: the extension sends the dataset and starts (or the view restores itself). */
  | { type: 'ready' }
  /** Run the comparison again with these options. */
  | ({ type: 'compare' } & CompareOptions)
  /** Run the PCA analysis of the current dataset. */
  | { type: 'pca' }
  /** Ask for another dataset (a quick pick in the extension). */
  | { type: 'pickDataset' }
  /** Stop what is running. */
  | { type: 'cancel' };

export type ToModelsView =
  /** The dataset the panel works on, as the user knows it (a file name or a built-in set). */
  | { type: 'dataset'; label: string }
  /** Something went wrong outside the worker's answers (the worker died, a file cannot be read). */
  | { type: 'error'; message: string }
  /** The worker's replies to a computation, under the panel's id of it (partials and results are FeatureLabEvents). */
  | JobReply<FeatureLabEvent, FeatureLabEvent>;

const isInt = (v: unknown, [lo, hi]: readonly [number, number]): v is number => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const numbers = (v: unknown, length?: number): boolean => isNums(v, length);
const isPreset = (v: unknown) => (MODEL_PRESETS as readonly unknown[]).includes(v);

/** A message from the webview, or undefined when it is not one the panel sends. */
export function parseFromModelsView(raw: unknown): FromModelsView | undefined {
  if (!isObject(raw)) return undefined;
  switch (raw.type) {
    case 'ready': case 'pca': case 'pickDataset': case 'cancel':
      return { type: raw.type };
    case 'compare':
      if (!isInt(raw.degree, LIMITS.degree) || !isInt(raw.components, LIMITS.components) || !isInt(raw.epochs, LIMITS.epochs)) return undefined;
      return { type: 'compare', degree: raw.degree, components: raw.components, epochs: raw.epochs };
    default:
      return undefined;
  }
}

function isDatasetInfo(d: unknown): boolean {
  return isObject(d) && isStr(d.source, 4096) && (d.task === 'classification' || d.task === 'regression')
    && [d.features, d.rows, d.trainRows, d.validationRows, d.classes].every((n) => Number.isInteger(n) && (n as number) >= 0)
    && optional(d.classNames, (v) => Array.isArray(v) && v.every((s) => isStr(s, 1000)))
    && optional(d.imageShape, (v) => numbers(v, 3));
}

function isPlane(p: unknown): boolean {
  if (!isObject(p)) return false;
  return numbers(p.xRange, 2) && numbers(p.yRange, 2) && isInt(p.resolution, [2, 400])
    && numbers(p.train) && (p.train as number[]).length % 3 === 0 && numbers(p.validation) && (p.validation as number[]).length % 3 === 0;
}

function isBoundary(b: unknown): boolean {
  if (!isObject(b) || (b.kind !== 'class' && b.kind !== 'value') || !numbers(b.cells)) return false;
  return optional(b.confidence, (v) => numbers(v, (b.cells as number[]).length));
}

function isBaseline(b: unknown): boolean {
  return isObject(b) && (b.kind === 'majority' || b.kind === 'mean') && isStr(b.description, 2000)
    && (b.kind === 'majority' ? isNum(b.valAccuracy) : isNum(b.valR2));
}

/** Whether an event from the worker has the fields its type promises (the ones the view reads). */
export function isFeatureLabEvent(e: unknown): e is FeatureLabEvent {
  if (!isObject(e) || !isNum(e.id)) return false;
  switch (e.type) {
    case 'modelsData':
      return isDatasetInfo(e.dataset) && Array.isArray(e.presets) && e.presets.every(isPreset) && isBaseline(e.baseline) && optional(e.plane, isPlane);
    case 'modelResult':
      return isPreset(e.preset) && Array.isArray(e.stages) && e.stages.every((s) => isStr(s, 2000)) && isNum(e.parameters) && isNum(e.seconds)
        && ['finished', 'stopped', 'diverged', 'refused'].includes(e.status as string)
        && [e.trainAccuracy, e.valAccuracy, e.valR2].every((v) => optional(v, isNum))
        && optional(e.refused, (v) => isStr(v, 4000)) && optional(e.terms, isNum) && optional(e.belowBaseline, (v) => isStr(v, 1000))
        && optional(e.boundary, isBoundary);
    case 'modelsDone': case 'pcaDone':
      return true;
    case 'termCount':
      return [e.features, e.degree, e.rows, e.terms, e.quadratic, e.bytes, e.limitBytes].every(isNum) && typeof e.refused === 'boolean';
    case 'pcaVariance':
      return isDatasetInfo(e.dataset) && typeof e.standardized === 'boolean' && numbers(e.ratios) && numbers(e.cumulative, (e.ratios as number[]).length)
        && isNum(e.totalVariance)
        && optional(e.eigenImages, (v) => isObject(v) && numbers(v.shape, 3) && numbers(v.mean) && Array.isArray(v.components)
          && v.components.every((c) => numbers(c, (v.mean as number[]).length)));
    case 'pcaAccuracy':
      return isInt(e.k, [1, 1e6]) && isNum(e.seconds) && isNum(e.index) && isNum(e.total) && optional(e.valAccuracy, isNum) && optional(e.valR2, isNum);
    default:
      return false;
  }
}

/** A message from the extension, or undefined when it is malformed. */
export function parseToModelsView(raw: unknown): ToModelsView | undefined {
  if (!isObject(raw)) return undefined;
  switch (raw.type) {
    case 'dataset':
      return isStr(raw.label, 1000) ? { type: 'dataset', label: raw.label } : undefined;
    case 'error':
      return isStr(raw.message, 10_000) ? { type: 'error', message: raw.message } : undefined;
    case 'result':
      return isJobReply(raw) && isFeatureLabEvent(raw.value) ? { type: 'result', id: raw.id, value: raw.value } : undefined;
    case 'progress':
      return isJobReply(raw) && isNum(raw.fraction) && isStr(raw.phase, 200) && optional(raw.partial, isFeatureLabEvent)
        ? { type: 'progress', id: raw.id, fraction: raw.fraction, phase: raw.phase, ...(raw.partial ? { partial: raw.partial as FeatureLabEvent } : {}) } : undefined;
    case 'failed':
      return isJobReply(raw) && isStr(raw.message, 10_000) ? { type: 'failed', id: raw.id, message: raw.message, userError: raw.userError === true } : undefined;
    case 'cancelled':
      return isJobReply(raw) ? { type: 'cancelled', id: raw.id } : undefined;
    default:
      return undefined;
  }
}
