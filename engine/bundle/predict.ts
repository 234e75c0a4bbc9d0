/**
 * Prediction from a model bundle: rebuild the layers with their saved weights, encode new rows
 * exactly as the training file was encoded, apply the fitted transforms, and turn the outputs into
 * classes with probabilities or values. Pure engine code: the Node edge reads the files.
 */
import { sigmoid } from '../nn/activations';
import { dateToDays, isTrueWord } from '../data/columns';
import { formatFloat, RawTable } from '../data/table';
import { Dataset } from '../data/dataset';
import { applyTransforms } from '../inputs/transforms';
import { ActivationLayer } from '../nn/layers/activation-layer';
import { Conv2D } from '../nn/layers/conv2d';
import { Dense } from '../nn/layers/dense';
import { Flatten } from '../nn/layers/flatten';
import { Layer } from '../nn/layers/layer';
import { AvgPool2D, MaxPool2D } from '../nn/layers/pool2d';
import { rSquared } from '../metrics';
import { Sequential } from '../nn/model';
import { BundleLayer, ModelBundle } from './bundle';

/** The bundle's layers with the weights from weights.bin (as float32 values). */
export function modelFromBundle(bundle: ModelBundle, weights: Float32Array): Sequential {
  let size = bundle.modelInputs;
  const layers: Layer[] = bundle.layers.map((l, i) => {
    const layer = buildLayer(l, i, size);
    size = layer.outputSize;
    return layer;
  });
  const model = new Sequential(layers);
  const byName = new Map(bundle.weights.params.map((p) => [p.name, p]));
  for (const p of model.params) {
    const entry = byName.get(p.name);
    if (!entry || entry.length !== p.value.length || entry.offset + entry.length > weights.length) {
      throw new Error(`the saved weights do not fit the model: ${p.name} ${entry ? `has ${entry.length} values, the layer needs ${p.value.length}` : 'is missing'}`);
    }
    p.value.set(weights.subarray(entry.offset, entry.offset + entry.length));
  }
  return model;
}

/** One layer; `inputs` is the previous layer's output size (an activation keeps it). */
function buildLayer(l: BundleLayer, i: number, inputs: number): Layer {
  switch (l.type) {
    case 'dense': return new Dense(l.name, l.inputs, l.units);
    case 'activation': return new ActivationLayer(`${l.activation}${i}`, inputs, l.activation);
    case 'conv2d': return new Conv2D(l.name, l.inputShape, l.filters, l.kernel, l.stride, l.padding);
    case 'maxpool2d': return new MaxPool2D(`maxpool${i}`, l.inputShape, l.size, l.stride);
    case 'avgpool2d': return new AvgPool2D(`avgpool${i}`, l.inputShape, l.size, l.stride);
    case 'flatten': return new Flatten('flatten', l.inputShape);
  }
}

/** Rows of encoded features, the labels when the file had them, and what reading decided. */
export interface EncodedRows {
  rows: number;
  /** rows × encodedFeatures.length, before the transforms. */
  x: Float32Array;
  /** Classification: class index (−1: a class the model does not know); regression: the value; NaN: no label on the row. Absent without a label column. */
  labels?: Float32Array;
  /** Counted messages: missing columns, missing values, unknown categories and classes. */
  messages: string[];
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The text of a cell, whichever mode its column was read in (undefined: missing). */
function cellText(t: RawTable, r: number, j: number): string | undefined {
  const c = t.columns[j]!;
  const v = t.cells[r * t.cols + j]!;
  if (c.categories) return v === v ? c.categories[v]! : undefined;
  if (v === v) return formatFloat(v);
  return c.stray?.get(r);
}

/** A cell as a number (undefined: missing or not a number). */
function cellNumber(t: RawTable, r: number, j: number): number | undefined {
  const c = t.columns[j]!;
  const v = t.cells[r * t.cols + j]!;
  if (!c.categories) return v === v ? v : undefined;
  if (v !== v) return undefined;
  const s = c.categories[v]!.trim();
  const n = s === '' ? NaN : Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Encodes a new table's rows as the bundle's training file was encoded; never drops a row. */
export function encodeTableRows(t: RawTable, bundle: ModelBundle): EncodedRows {
  const input = bundle.input;
  if (input.kind !== 'table') throw new Error('encodeTableRows needs a table model');
  const f = bundle.encodedFeatures.length;
  const x = new Float32Array(t.rows * f);
  const messages: string[] = [];
  const columnOf = (name: string): number => {
    const j = t.names.indexOf(name);
    return j >= 0 ? j : t.names.findIndex((n) => n.trim().toLowerCase() === name.trim().toLowerCase());
  };
  let k = 0;
  for (const col of input.columns) {
    const j = columnOf(col.name);
    const width = col.kind === 'categorical' ? col.categories!.length : 1;
    const fillText = String(col.fill);
    const fillValue = col.kind === 'numeric' ? Number(col.fill) : col.kind === 'boolean' ? (isTrueWord(fillText) ? 1 : 0) : col.kind === 'date' ? dateToDays(fillText) : 0;
    const hotOf = new Map((col.categories ?? []).map((c, i) => [c, i]));
    if (j < 0) {
      messages.push(`column "${col.name}" is not in the file: all ${plural(t.rows, 'row')} use the training value ${JSON.stringify(col.fill)} (${col.kind === 'numeric' ? 'the training mean or mode' : 'the most frequent training value'})`);
    }
    let missing = 0, invalid = 0;
    const unknown = new Map<string, number>();
    for (let r = 0; r < t.rows; r++) {
      const o = r * f + k;
      if (col.kind === 'categorical') {
        let s = j < 0 ? fillText : cellText(t, r, j);
        if (s === undefined) {
          missing++;
          s = fillText;
        }
        const hot = hotOf.get(s);
        if (hot === undefined) unknown.set(s, (unknown.get(s) ?? 0) + 1);
        else x[o + hot] = 1;
        continue;
      }
      let v: number | undefined;
      if (j < 0) v = fillValue;
      else if (col.kind === 'numeric') {
        v = cellNumber(t, r, j);
        if (v === undefined && cellText(t, r, j) !== undefined) invalid++;
      } else {
        const s = cellText(t, r, j);
        v = s === undefined ? undefined : col.kind === 'boolean' ? (isTrueWord(s) ? 1 : 0) : dateToDays(s);
        if (v !== undefined && !Number.isFinite(v)) {
          invalid++;
          v = undefined;
        }
      }
      if (v === undefined) {
        if (j >= 0) missing++;
        v = fillValue;
      }
      x[o] = v;
    }
    if (missing > 0) messages.push(`column "${col.name}": ${plural(missing, 'missing value')}${invalid ? ` (${invalid} of them not readable as ${col.kind === 'date' ? 'dates' : 'numbers'})` : ''} filled with the training value ${JSON.stringify(col.fill)}`);
    if (unknown.size > 0) {
      const n = [...unknown.values()].reduce((a, b) => a + b, 0);
      const list = [...unknown.entries()].slice(0, 5).map(([v, c]) => `"${v}" (${c})`).join(', ');
      messages.push(`column "${col.name}": ${plural(n, 'row')} with a category the model never saw, ${list}${unknown.size > 5 ? ', …' : ''}: encoded as none of the known categories (all zeros)`);
    }
    k += width;
  }
  const L = columnOf(input.label);
  if (L < 0) return { rows: t.rows, x, messages: [...messages, `no label column "${input.label}": predictions only, no accuracy or R²`] };
  const labels = new Float32Array(t.rows);
  let noLabel = 0, unknownClass = 0;
  const classIndex = new Map((bundle.output.classes ?? []).map((c, i) => [c, i]));
  for (let r = 0; r < t.rows; r++) {
    if (bundle.task === 'classification') {
      const s = cellText(t, r, L);
      const c = s === undefined ? undefined : classIndex.get(s.trim()) ?? classIndex.get(s);
      if (s === undefined) noLabel++;
      else if (c === undefined) unknownClass++;
      labels[r] = s === undefined ? NaN : c ?? -1;
    } else {
      const v = cellNumber(t, r, L);
      if (v === undefined) noLabel++;
      labels[r] = v ?? NaN;
    }
  }
  if (noLabel) messages.push(`label "${input.label}": ${plural(noLabel, 'row')} without a value, left out of the ${bundle.task === 'classification' ? 'accuracy' : 'R²'}`);
  if (unknownClass) messages.push(`label "${input.label}": ${plural(unknownClass, 'row')} with a class the model does not know, counted as wrong in the accuracy`);
  return { rows: t.rows, x, labels, messages };
}

/** An already-encoded dataset (images, x/y JSON) with its labels mapped to the bundle's classes by name. */
export function encodeDatasetRows(ds: Dataset, bundle: ModelBundle): EncodedRows {
  const f = bundle.encodedFeatures.length;
  if (ds.features !== f) {
    throw new Error(`the file has ${ds.features} values per row, the model takes ${f}${bundle.input.kind === 'image' ? ` (${bundle.input.shape.join('×')} images)` : ''}`);
  }
  const messages: string[] = [];
  let labels: Float32Array | undefined;
  if (bundle.task === 'classification' && ds.classNames) {
    const classIndex = new Map((bundle.output.classes ?? []).map((c, i) => [c, i]));
    const map = ds.classNames.map((n) => classIndex.get(n) ?? -1);
    labels = Float32Array.from(ds.y.subarray(0, ds.rows), (c) => map[c]!);
    const unknown = labels.reduce((n, c) => n + (c < 0 ? 1 : 0), 0);
    if (unknown) messages.push(`label: ${plural(unknown, 'row')} with a class the model does not know, counted as wrong in the accuracy`);
  } else if (bundle.task === 'regression' && ds.task === 'regression') labels = ds.y.slice(0, ds.rows);
  return { rows: ds.rows, x: ds.x.subarray(0, ds.rows * f), ...(labels ? { labels } : {}), messages };
}

/** What a model says about each row. */
export interface Predictions {
  rows: number;
  /** Classification: rows × classes probabilities; regression: rows values. */
  outputs: Float32Array;
  /** Values per row in `outputs`. */
  width: number;
  /** Classification: the most probable class per row; regression: the value. */
  predicted: Float32Array;
}

/** Rows evaluated per forward pass (bounds memory for large files, as the trainer's evaluation does). */
const CHUNK = 256;

/** Runs encoded rows through the transforms, the model and the output transform. */
export function predictEncoded(bundle: ModelBundle, model: Sequential, x: Float32Array, rows: number): Predictions {
  const f = bundle.encodedFeatures.length;
  const classes = bundle.output.classes?.length ?? 0;
  const width = bundle.task === 'classification' ? classes : 1;
  const outputs = new Float32Array(rows * width);
  const predicted = new Float32Array(rows);
  for (let start = 0; start < rows; start += CHUNK) {
    const n = Math.min(CHUNK, rows - start);
    const t = applyTransforms(bundle.transforms, x.subarray(start * f, (start + n) * f), n, f);
    const logits = model.forward({ shape: [n, t.features], data: t.x }, false).data;
    const units = logits.length / n;
    for (let r = 0; r < n; r++) {
      const o = (start + r) * width;
      const z = logits.subarray(r * units, (r + 1) * units);
      if (bundle.output.transform === 'identity') {
        const s = bundle.output.labelScaling ?? { mean: 0, std: 1 };
        outputs[o] = z[0]! * s.std + s.mean;
        predicted[start + r] = outputs[o]!;
        continue;
      }
      if (bundle.output.transform === 'sigmoid') {
        const p = sigmoid(z[0]!);
        outputs[o] = 1 - p;
        outputs[o + 1] = p;
      } else softmaxInto(z, outputs, o);
      let best = 0;
      for (let c = 1; c < width; c++) if (outputs[o + c]! > outputs[o + best]!) best = c;
      predicted[start + r] = best;
    }
  }
  return { rows, outputs, width, predicted };
}

function softmaxInto(z: Float32Array, out: Float32Array, o: number): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < z.length; c++) sum += Math.exp(z[c]! - max);
  for (let c = 0; c < z.length; c++) out[o + c] = Math.exp(z[c]! - max) / sum;
}

/** Accuracy (classification) or R² (regression) over the rows that have a label. */
export function scorePredictions(bundle: ModelBundle, p: Predictions, labels: Float32Array): { metric: 'accuracy' | 'r2'; value: number; rows: number } {
  if (bundle.task === 'classification') {
    let n = 0, correct = 0;
    for (let r = 0; r < p.rows; r++) {
      if (labels[r] !== labels[r]) continue; // no label on this row
      n++;
      if (labels[r] === p.predicted[r]) correct++;
    }
    return { metric: 'accuracy', value: n ? correct / n : NaN, rows: n };
  }
  const keep: number[] = [];
  for (let r = 0; r < p.rows; r++) if (labels[r] === labels[r]) keep.push(r);
  const pred = Float32Array.from(keep, (r) => p.predicted[r]!);
  const y = Float32Array.from(keep, (r) => labels[r]!);
  return { metric: 'r2', value: rSquared(pred, y, keep.length), rows: keep.length };
}
