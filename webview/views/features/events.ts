/**
 * Field-by-field checks of the probe events the view draws: every array a drawing indexes is
 * present, numeric and of the length its shape says (coerced to a Float32Array if it came as a
 * plain array). An event that fails is dropped, and the view says a probe answered malformed.
 */
import type {
  ActivationMapEvent, CompositionEvent, FeatureLayersEvent, FiltersEvent, NeuronResponsesEvent, TopActivationsEvent,
} from '../../../engine/protocol/layer-features';
import type { TopActivation } from '../../../engine/protocol/layer-features';
import { isNum, isObj, isRange as range, type Obj } from '../../../shared/validate';
import { floats } from './protocol';

const isInt = (v: unknown, min = 0, max = 1e9): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length <= 200;
const shape3 = (v: unknown): v is [number, number, number] => Array.isArray(v) && v.length === 3 && v.every((x) => isInt(x, 1, 100_000));

/** Each of `list` passed through `check`, or undefined if any fails. */
function all<T>(list: unknown, check: (v: unknown) => T | undefined, max = 1_000_000): T[] | undefined {
  if (!Array.isArray(list) || list.length > max) return undefined;
  const out: T[] = [];
  for (const v of list) {
    const c = check(v);
    if (c === undefined) return undefined;
    out.push(c);
  }
  return out;
}

export function checkLayers(e: Obj): FeatureLayersEvent | undefined {
  const layers = all(e.layers, (l) => (isObj(l) && isStr(l.name) && (l.kind === 'conv' || l.kind === 'dense') && shape3(l.shape) && isInt(l.receptiveField, 1)
    ? { name: l.name, kind: l.kind as 'conv' | 'dense', shape: l.shape, receptiveField: l.receptiveField } : undefined), 64);
  if (!layers) return undefined;
  const out: FeatureLayersEvent = { type: 'featureLayers', id: e.id as number, layers };
  if (e.imageShape !== undefined) {
    if (!shape3(e.imageShape)) return undefined;
    out.imageShape = e.imageShape;
  }
  if (Array.isArray(e.classNames) && e.classNames.every(isStr)) out.classNames = e.classNames as string[];
  if (e.plane !== undefined) {
    const p = e.plane;
    if (!isObj(p) || !range(p.xRange) || !range(p.yRange) || !Array.isArray(p.featureNames) || !p.featureNames.every(isStr)) return undefined;
    const set = (s: unknown) => {
      if (!isObj(s)) return undefined;
      const labels = floats(s.labels), x = labels && floats(s.x, labels.length * 2);
      return labels && x ? { x, labels } : undefined;
    };
    const train = set(p.train), validation = set(p.validation);
    if (!train || !validation) return undefined;
    out.plane = { featureNames: [String(p.featureNames[0] ?? 'x1'), String(p.featureNames[1] ?? 'x2')], train, validation, xRange: p.xRange, yRange: p.yRange };
  }
  return out;
}

function checkTop(t: unknown, channels: number): TopActivation | undefined {
  if (!isObj(t) || !isInt(t.row) || !isNum(t.value) || !isInt(t.y) || !isInt(t.x)) return undefined;
  if (t.pre !== undefined && !isNum(t.pre)) return undefined;
  const out: TopActivation = { row: t.row, value: t.value, y: t.y, x: t.x, ...(t.pre !== undefined ? { pre: t.pre as number } : {}) };
  if (t.patch !== undefined) {
    const p = t.patch;
    if (!isObj(p) || !isInt(p.size, 1, 1024) || !isNum(p.top) || !isNum(p.left)) return undefined;
    const pixels = floats(p.pixels, p.size * p.size * channels);
    if (!pixels) return undefined;
    out.patch = { top: p.top, left: p.left, size: p.size, pixels };
  }
  return out;
}

/** `channels`: of the run's images (patches are size×size×channels). */
export function checkTopActivations(e: Obj, channels: number): TopActivationsEvent | undefined {
  const neurons = all(e.neurons, (n) => {
    if (!isObj(n) || !isInt(n.neuron)) return undefined;
    if (n.saturated !== undefined && !(isNum(n.saturated) && n.saturated >= 0 && n.saturated <= 1)) return undefined;
    const top = all(n.top, (t) => checkTop(t, channels), 256);
    return top ? { neuron: n.neuron, top, ...(n.saturated !== undefined ? { saturated: n.saturated as number } : {}) } : undefined;
  }, 65_536);
  return neurons && isStr(e.layer) && isInt(e.step) ? { type: 'topActivations', id: e.id as number, step: e.step, layer: e.layer, neurons } : undefined;
}

export function checkFilters(e: Obj): FiltersEvent | undefined {
  if (!isInt(e.step)) return undefined;
  if (e.filters === null) return { type: 'filters', id: e.id as number, step: e.step, filters: null };
  const f = e.filters;
  if (!isObj(f) || !shape3(f.shape) || !isStr(f.layer) || !Array.isArray(f.scales) || !f.scales.every(isNum)) return undefined;
  const [h, w, c] = f.shape;
  const images = all(f.images, (v) => floats(v, h * w * c), 4096);
  if (!images || images.length !== f.scales.length) return undefined;
  return { type: 'filters', id: e.id as number, step: e.step, filters: { layer: f.layer, shape: f.shape, images, scales: f.scales as number[] } };
}

/** The map, or what was wrong with it (shown to the user: a malformed answer should say where). */
export function checkMap(e: Obj, channels: number): ActivationMapEvent | string {
  const rows = floats(e.rows);
  if (!rows) return 'rows';
  if (!isStr(e.layer) || !isInt(e.step) || (e.method !== 'umap' && e.method !== 'pca')) return 'layer, step or method';
  const n = rows.length;
  const points = floats(e.points, 2 * n);
  if (!points) return 'points';
  const out: ActivationMapEvent = {
    type: 'activationMap', id: e.id as number, step: e.step, layer: e.layer, method: e.method, points,
    // Image positions are not drawn; the map keeps only what it reads.
    rows: Int32Array.from(rows), ys: new Int32Array(n), xs: new Int32Array(n), seconds: isNum(e.seconds) ? e.seconds : 0,
    ...(e.preview === true ? { preview: true } : {}),
  };
  if (e.epochs !== undefined) {
    const ep = e.epochs;
    if (!isObj(ep) || !isInt(ep.of, 1, 1_000_000) || !isInt(ep.done, 0, ep.of)) return 'epochs';
    out.epochs = { done: ep.done, of: ep.of };
  }
  if (e.labels !== undefined) {
    const labels = floats(e.labels, n);
    if (!labels) return 'labels';
    out.labels = labels;
  }
  if (e.thumbnails !== undefined) {
    const t = e.thumbnails;
    if (!isObj(t) || !isInt(t.size, 1, 64)) return 'thumbnail size';
    const size = t.size;
    const pixels = floats(t.pixels, n * size * size * channels);
    if (!pixels) return 'thumbnails';
    out.thumbnails = { size, pixels };
  }
  if (e.atlas !== undefined) {
    const a = e.atlas;
    if (!isObj(a) || !isInt(a.gridSize, 1, 1000) || !isObj(a.bounds)) return 'atlas';
    const cells = all(a.cells, (c) => (isObj(c) && isInt(c.gx) && isInt(c.gy) && isInt(c.count, 1) && isInt(c.nearest, 0, n - 1)
      ? { gx: c.gx, gy: c.gy, count: c.count, nearest: c.nearest, mean: new Float32Array(0) } : undefined), 1_000_000);
    const b = a.bounds;
    if (!cells || ![b.minX, b.maxX, b.minY, b.maxY].every(isNum)) return 'atlas cells';
    out.atlas = { gridSize: a.gridSize, bounds: { minX: b.minX as number, maxX: b.maxX as number, minY: b.minY as number, maxY: b.maxY as number }, cells };
  }
  return out;
}

export function checkComposition(e: Obj, channels: number): CompositionEvent | undefined {
  const c = e.composition;
  if (!isObj(c) || !isStr(c.layer) || !isStr(c.previous) || !isInt(c.neuron) || !isInt(e.step)) return undefined;
  const contributions = all(c.contributions, (k) => {
    if (!isObj(k) || !isInt(k.neuron) || !isNum(k.weight) || !isNum(k.meanActivation) || !isNum(k.contribution)) return undefined;
    const top = all(k.top, (t) => checkTop(t, channels), 64);
    return top ? { neuron: k.neuron, weight: k.weight, meanActivation: k.meanActivation, contribution: k.contribution, top } : undefined;
  }, 64);
  return contributions ? { type: 'composition', id: e.id as number, step: e.step, composition: { layer: c.layer, neuron: c.neuron, previous: c.previous, contributions } } : undefined;
}

export function checkResponses(e: Obj): NeuronResponsesEvent | undefined {
  if (!isInt(e.resolution, 2, 1000) || !range(e.xRange) || !range(e.yRange) || !isInt(e.step)) return undefined;
  const cells = e.resolution * e.resolution;
  const layers = all(e.layers, (l) => {
    if (!isObj(l) || !isStr(l.name)) return undefined;
    const neurons = all(l.neurons, (m) => floats(m, cells), 4096);
    return neurons ? { name: l.name, neurons } : undefined;
  }, 64);
  const output = all(e.output, (m) => floats(m, cells), 4096);
  if (!layers || !output) return undefined;
  const out: NeuronResponsesEvent = { type: 'neuronResponses', id: e.id as number, step: e.step, resolution: e.resolution, xRange: e.xRange, yRange: e.yRange, layers, output };
  if (e.weights !== undefined) {
    const weights = all(e.weights, (w) => {
      if (!isObj(w) || !isStr(w.name) || !isInt(w.inputs, 1) || !isInt(w.outputs, 1)) return undefined;
      const values = floats(w.values, w.inputs * w.outputs);
      return values ? { name: w.name, inputs: w.inputs, outputs: w.outputs, values } : undefined;
    }, 64);
    if (!weights) return undefined;
    out.weights = weights;
  }
  if (Array.isArray(e.inputNames) && e.inputNames.every(isStr)) out.inputNames = e.inputNames as string[];
  return out;
}
