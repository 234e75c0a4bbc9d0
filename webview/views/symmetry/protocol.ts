/**
 * The symmetry lab's messages (extension ⇄ webview). Owned by the view. Both directions are
 * validated: the extension runs `parseFromSymmetryView` on what the page sends (untrusted), the
 * page runs `parseToSymmetryView` on what it receives. Pure: no DOM, no `vscode`.
 */
import type { SymmetryEvent } from '../../../engine/protocol/training';
import { isObj as isObject } from '../../../shared/validate';

export type SymRunStatus = 'loading' | 'running' | 'paused' | 'finished' | 'stopped' | 'diverged' | 'failed';

/** One moment of the timeline: per hidden layer, distinct neurons and effective rank. */
export interface SymmetryPoint {
  step: number;
  distinct: number[];
  rank: number[];
}

/** Everything the view draws for one run; the extension sends it whole when it changes. */
export interface SymRun {
  id: string;
  title: string;
  /** What the run demonstrates: the symmetric start, the random one, or the user's own run. */
  role: 'symmetric' | 'random' | 'current';
  /** The weight initialization, as the user would type it ("constant:0.5", "he-normal"). */
  init: string;
  status: SymRunStatus;
  message?: string;
  task?: 'classification' | 'regression';
  classes?: number;
  activation?: string;
  points: SymmetryPoint[];
  /** Batch losses, the steps shared/thinning.ts keeps. */
  losses: { step: number; loss: number }[];
  /** Symmetry points seen: `points` keeps those the rule of shared/thinning.ts keeps by this count, and the latest. */
  probes: number;
  latest?: SymmetryEvent;
  /** Loss on the whole training set at the last epoch end. */
  trainLoss?: number;
  /** Mean weight-gradient norm of the output layer over the last epoch. */
  outputGradNorm?: number;
  /** Epochs completed (the last epoch event's, or the summary's) and planned. */
  epochsDone?: number;
  epochs?: number;
  /** Whether "Reroll" may be offered (a random init). */
  canReroll: boolean;
}

/** How fast the twin runs step: paused, a few steps a second to watch, or as fast as they go. */
export type Speed = 'paused' | 'slow' | 'normal' | 'fast' | 'max';
export const SPEEDS: readonly Speed[] = ['paused', 'slow', 'normal', 'fast', 'max'];
/** Steps per second of each paced speed ('max' lets the worker run free). */
export const STEPS_PER_SECOND: Record<Exclude<Speed, 'paused' | 'max'>, number> = { slow: 10, normal: 60, fast: 300 };

export type ToSymmetryView =
  /** Which runs the panel shows (one: the current run; two: the twin experiment) and the pace. */
  | { type: 'symmetry-runs'; mode: 'current' | 'twin'; runs: SymRun[]; speed?: Speed }
  | { type: 'symmetry-run'; run: SymRun };

export type FromSymmetryView =
  | { type: 'ready' }
  | { type: 'breakSymmetry'; runId: string; scale: number }
  | { type: 'reroll'; runId: string }
  | { type: 'pace'; speed: Speed }
  | { type: 'restart' };

/** Noise scales the view offers, and the bounds the worker accepts. */
export const BREAK_SCALES = [0.001, 0.01, 0.1, 1] as const;
export const MAX_BREAK_SCALE = 10;

function runId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 100;
}

/** A message from the page if it is exactly one of `FromSymmetryView`, else undefined (dropped). */
export function parseFromSymmetryView(m: unknown): FromSymmetryView | undefined {
  if (!isObject(m)) return undefined;
  switch (m.type) {
    case 'ready':
    case 'restart':
      return { type: m.type };
    case 'breakSymmetry':
      return runId(m.runId) && typeof m.scale === 'number' && m.scale > 0 && m.scale <= MAX_BREAK_SCALE
        ? { type: 'breakSymmetry', runId: m.runId, scale: m.scale } : undefined;
    case 'reroll':
      return runId(m.runId) ? { type: 'reroll', runId: m.runId } : undefined;
    case 'pace':
      return typeof m.speed === 'string' && (SPEEDS as readonly string[]).includes(m.speed) ? { type: 'pace', speed: m.speed as Speed } : undefined;
    default:
      return undefined;
  }
}

function isRun(r: unknown): r is SymRun {
  if (!isObject(r) || !runId(r.id) || typeof r.title !== 'string' || typeof r.init !== 'string' || typeof r.status !== 'string') return false;
  if (!Array.isArray(r.points) || !Array.isArray(r.losses) || typeof r.probes !== 'number') return false;
  if (!r.points.every((p) => isObject(p) && typeof p.step === 'number' && Array.isArray(p.distinct) && Array.isArray(p.rank))) return false;
  if (!r.losses.every((p) => isObject(p) && typeof p.step === 'number' && typeof p.loss === 'number')) return false;
  if (![r.epochsDone, r.epochs].every((n) => n === undefined || (Number.isInteger(n) && (n as number) >= 0))) return false;
  return r.latest === undefined || isSymmetryEvent(r.latest);
}

/** The fields the heatmaps read: square similarity matrices of `units`² numbers (of the `sampled` neurons' count², when sampled). */
function isSymmetryEvent(e: unknown): boolean {
  return isObject(e) && e.type === 'symmetry' && typeof e.step === 'number' && Array.isArray(e.layers) && e.layers.every((l) => {
    if (!isObject(l) || typeof l.layer !== 'string' || !Number.isInteger(l.units) || (l.units as number) < 1 || (l.units as number) > (l.sampled === undefined ? 4096 : 1 << 24)) return false;
    // A sample: ascending neuron indices of the layer, which the matrices show instead of all units.
    const sampled = l.sampled;
    if (sampled !== undefined && !isSample(sampled, l.units as number)) return false;
    const n = ((sampled as number[] | undefined)?.length ?? (l.units as number)) ** 2;
    return Array.isArray(l.weightSimilarity) && l.weightSimilarity.length === n && Array.isArray(l.gradientSimilarity) && l.gradientSimilarity.length === n
      && Array.isArray(l.gradientNorms) && typeof l.distinctNeurons === 'number' && typeof l.effectiveRank === 'number';
  });
}

/** Ascending neuron indices within a layer of `units`, at least one. */
function isSample(s: unknown, units: number): boolean {
  return Array.isArray(s) && s.length >= 1 && s.every((j, i) => Number.isInteger(j) && j >= 0 && j < units && (i === 0 || j > (s[i - 1] as number)));
}

/** A message to the page if it has a known type and well-formed runs, else undefined. */
export function parseToSymmetryView(m: unknown): ToSymmetryView | undefined {
  if (!isObject(m)) return undefined;
  switch (m.type) {
    case 'symmetry-runs':
      return (m.mode === 'current' || m.mode === 'twin') && Array.isArray(m.runs) && m.runs.length <= 2 && m.runs.every(isRun)
        && (m.speed === undefined || (SPEEDS as readonly unknown[]).includes(m.speed)) ? (m as ToSymmetryView) : undefined;
    case 'symmetry-run':
      return isRun(m.run) ? (m as ToSymmetryView) : undefined;
    default:
      return undefined;
  }
}
