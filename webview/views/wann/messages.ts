/**
 * Validates what the extension sends the wann view. The extension is trusted more than a
 * webview, but a malformed event must not break the page: anything that does not have the
 * shape the drawing code reads is dropped whole.
 */
import { isWannActivation } from '../../../engine/catalogue';
import { isNum, isObj, isNums, isShare as share, isStrs as strs, type Obj } from '../../../shared/validate';
import type { ToWannView, WannViewEvent } from './protocol';

const isStr = (v: unknown): v is string => typeof v === 'string';
const nums = (v: unknown): v is number[] => isNums(v);
const id = (v: unknown, n: number): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) < n;
const pairs = (v: unknown, n: number): v is [number, number][] => Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && id(p[0], n) && id(p[1], n));
const NODE_KINDS = ['input', 'bias', 'output', 'hidden'];
const STATES = ['loading', 'running', 'paused', 'finishing', 'done'];

/** Whether `e` is a champion event the graph can draw: node ids 0…n−1 in order, connections between them. */
function isChampion(e: Obj): boolean {
  const nodes = e.nodes, g = e.genome;
  if (!Array.isArray(nodes) || !isObj(g) || !nums(e.weights) || !nums(e.accuracies) || e.weights.length !== e.accuracies.length) return false;
  const n = nodes.length;
  const nodesOk = nodes.every((v, i) => isObj(v) && v.id === i && NODE_KINDS.includes(v.kind as string) && isStr(v.label) && isWannActivation(v.activation) && Number.isInteger(v.depth) && (v.depth as number) >= 0);
  return nodesOk && isNum(e.generation) && pairs(e.connections, n) && pairs(g.connections, n);
}

/** A search event, or undefined. */
export function parseViewEvent(raw: unknown): WannViewEvent | undefined {
  if (!isObj(raw)) return undefined;
  const e = raw;
  let ok: boolean;
  switch (e.type) {
    case 'wann-started':
      ok = isObj(e.dataset) && isStr(e.dataset.source) && isNum(e.dataset.features) && isNum(e.dataset.classes) && isNum(e.generations) && isNum(e.population) && isNum(e.seed) && nums(e.weights) && strs(e.notes);
      break;
    case 'wann-generation':
      ok = isNum(e.generation) && share(e.meanPerformance) && share(e.bestMeanPerformance) && share(e.bestPerformance) && isNum(e.meanConnections) &&
        isNum(e.championConnections) && isNum(e.championHiddenNodes) && share(e.championMean) && isNum(e.evaluations) && isNum(e.elapsedSeconds);
      break;
    case 'wann-champion': ok = isChampion(e); break;
    case 'wann-sweep': ok = nums(e.weights) && nums(e.accuracies) && e.weights.length === e.accuracies.length; break;
    case 'wann-table':
      ok = (e.status === 'finished' || e.status === 'stopped') && Array.isArray(e.rows) && e.rows.every((r) => isObj(r) && isStr(r.label) && share(r.accuracy) && (r.sd === undefined || isNum(r.sd))) &&
        nums(e.weights) && nums(e.accuracies) && isNum(e.bestWeight) && isNum(e.generations) && isNum(e.evaluations) && isNum(e.elapsedSeconds) &&
        isObj(e.trainedLoss) && isNum(e.trainedLoss.initial) && isNum(e.trainedLoss.final) && isNum(e.trainedLoss.steps) &&
        [e.trainedLoss.keptStep, e.trainedLoss.startTuningAccuracy, e.trainedLoss.tuningAccuracy].every((v) => v === undefined || isNum(v));
      break;
    case 'wann-state': ok = STATES.includes(e.state as string); break;
    case 'wann-evaluation': ok = isNum(e.weight) && isNum(e.generation) && share(e.searchAccuracy) && share(e.heldOutAccuracy); break;
    case 'error': ok = isStr(e.message); break;
    default: ok = false;
  }
  return ok ? (e as unknown as WannViewEvent) : undefined;
}

/** A message of the extension, or undefined; a replay keeps only its well-formed events. */
export function parseToWannView(raw: unknown): ToWannView | undefined {
  if (!isObj(raw)) return undefined;
  if (raw.type === 'wann-event') {
    const event = parseViewEvent(raw.event);
    return event && { type: 'wann-event', event };
  }
  if (raw.type === 'wann-replay' && isStr(raw.title) && Array.isArray(raw.events)) {
    return { type: 'wann-replay', title: raw.title, events: raw.events.map(parseViewEvent).filter((e): e is WannViewEvent => e !== undefined) };
  }
  return undefined;
}
