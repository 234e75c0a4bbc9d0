import { DatasetError } from '../errors';
import { Dataset, Task } from './dataset';
import { ColumnProfile, dateToDays, isTrueWord, maxClasses } from './columns';
import { whereToRaise } from './limits';
import { checkSize, DatasetOptions, DEFAULT_MIN_CLASS_ROWS } from './options';
import { distinctValues, RawTable } from './table';
import type { TableEncoding, ColumnEncoding } from '../protocol/bundle';
export type { TableEncoding, ColumnEncoding } from '../protocol/bundle';

/** A Dataset together with the column profiles it was built from (for `describe`). */
export interface LoadedDataset extends Dataset {
  readonly columns?: readonly ColumnProfile[];
  /** Rows in the file before rows with missing values were dropped. */
  readonly fileRows?: number;
  /** Why rows of the file were left out, with counts: rows + Σ count = fileRows. */
  readonly rowsDropped?: readonly { readonly reason: string; readonly count: number }[];
  /** How each file column became encoded features: what prediction repeats on a new file. */
  readonly encoding?: TableEncoding;
}

const LABEL_NAMES = ['label', 'labels', 'target', 'class', 'y', 'species', 'outcome', 'output', 'digit', 'category', 'survived', 'response'];
/** Numeric labels with at most this many distinct whole values are taken as classes. */
const MAX_AUTO_CLASSES = 20;

/** Finds the label column: the one asked for, else a conventional name, else the last column. */
export function chooseLabel(t: RawTable, profiles: readonly ColumnProfile[], options: DatasetOptions, notes: string[]): number {
  const names = t.names;
  if (options.label !== undefined) {
    const want = options.label.trim();
    let j = names.indexOf(want);
    if (j < 0) j = names.findIndex((n) => n.toLowerCase() === want.toLowerCase());
    if (j < 0 && /^\d+$/.test(want) && +want >= 1 && +want <= names.length) j = +want - 1;
    if (j < 0) {
      throw new DatasetError(
        `the label column "${want}" is not in the file. Expected one of: ${names.slice(0, 30).map((n) => `"${n}"`).join(', ')}` +
          `${names.length > 30 ? ', …' : ''} (or a column number 1–${names.length}). Fix the label option (--label).`,
        { file: t.source },
      );
    }
    return j;
  }
  for (const want of LABEL_NAMES) {
    const j = names.findIndex((n) => n.trim().toLowerCase() === want);
    if (j >= 0 && profiles[j]!.kind !== 'empty') {
      notes.push(`label: "${names[j]}" (by its name; set the label option to choose another column)`);
      return j;
    }
  }
  notes.push(`label: "${names[names.length - 1]}" (the last column; set the label option to choose another)`);
  return names.length - 1;
}

/** Classification for text or few distinct whole numbers, else regression — unless told. */
export function chooseTask(p: ColumnProfile, options: DatasetOptions, source: string, notes: string[]): Task {
  const text = p.kind !== 'numeric' && p.kind !== 'identifier';
  if (p.kind === 'empty' || p.kind === 'date') {
    throw new DatasetError(
      `the label column "${p.name}" ${p.kind === 'empty' ? 'has no values' : 'holds dates'}, which cannot be predicted here. ` +
        'Expected class names or numbers: choose another label column with the label option (--label).',
      { file: source, column: p.index + 1 },
    );
  }
  if (options.task === 'regression' && text) {
    throw new DatasetError(
      `the task is set to regression, but the label column "${p.name}" holds text (e.g. "${p.categories?.[0]?.value}"). ` +
        'Expected numbers for regression: set the task to classification, or choose a numeric label column.',
      { file: source, column: p.index + 1 },
    );
  }
  if (options.task) return options.task;
  if (text) return 'classification';
  const task = p.integer && p.distinct <= MAX_AUTO_CLASSES && p.distinct < Math.max(3, p.count / 2) ? 'classification' : 'regression';
  notes.push(
    task === 'classification'
      ? `task: classification (the label has ${p.distinct} distinct whole numbers; set the task option for regression)`
      : `task: regression (the label has ${p.distinct >= 1000 ? 'many' : p.distinct} distinct ${p.integer ? 'whole ' : ''}numbers)`,
  );
  return task;
}

/** Turns a profiled table into a Dataset: label, missing-value policy, one-hot encoding. */
export function encodeTable(t: RawTable, profiles: readonly ColumnProfile[], options: DatasetOptions, notes: string[]): LoadedDataset {
  const L = chooseLabel(t, profiles, options, notes);
  const lp = profiles[L]!;
  const task = chooseTask(lp, options, t.source, notes);
  const { cells, cols, rows } = t;

  // Features: every usable column but the label, in file order.
  const feats = profiles.filter((p) => p.index !== L && !p.excluded);
  for (const p of profiles) if (p.index !== L && p.excluded) notes.push(`column "${p.name}" not used: ${p.excluded}`);
  if (feats.length === 0) {
    throw new DatasetError(
      `no column can be used as an input: besides the label "${lp.name}", ` +
        (profiles.length === 1 ? 'the file has no columns.' : `the columns are ${profiles.filter((p) => p.index !== L).map((p) => `"${p.name}" (${p.excluded})`).join(', ')}.`) +
        ' Expected at least one numeric, categorical or boolean column besides the label: add one, or choose another label.',
      { file: t.source },
    );
  }

  // Class of each label value (text: category code → class; numbers: value → class).
  let classNames: string[] | undefined;
  let classOfCode: Int32Array | undefined;
  let classOfValue: Map<number, number> | undefined;
  const labelText = !!t.columns[L]!.categories;
  if (task === 'classification') {
    if (labelText) {
      const cats = t.columns[L]!.categories!;
      if (lp.distinct > maxClasses(options)) tooManyClasses(lp, lp.distinct, options, t.source);
      const present = lp.categories!.map((e) => e.value);
      classNames = [...present].sort(compareNames);
      const idx = new Map(classNames.map((n, k) => [n, k]));
      classOfCode = Int32Array.from(cats, (s) => idx.get(s) ?? -1);
    } else {
      const values = distinctValues(cells, cols, L, rows, Infinity);
      if (values.length > maxClasses(options)) tooManyClasses(lp, values.length, options, t.source);
      const sorted = values.sort((a, b) => a - b);
      classNames = sorted.map((v) => String(Number(v.toPrecision(7))));
      classOfValue = new Map(sorted.map((v, k) => [v, k]));
    }
  }

  // Missing values: the label is never imputed; features follow the policy.
  const policy = options.missing ?? 'drop';
  const fill = new Float64Array(cols);
  let missingFeatureCells = 0;
  for (const p of feats) {
    missingFeatureCells += p.missing;
    if (p.missing === 0) continue;
    if (policy === 'mean' && p.kind === 'numeric') fill[p.index] = p.mean!;
    else fill[p.index] = modeOf(t, p);
  }
  const keep = new Uint8Array(rows);
  let kept = 0;
  let noLabel = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    if (cells[o + L] !== cells[o + L]) {
      noLabel++;
      continue;
    }
    let ok = true;
    if (policy === 'drop' && missingFeatureCells > 0) {
      for (const p of feats) if (cells[o + p.index] !== cells[o + p.index]) ok = false;
    }
    if (ok) {
      keep[r] = 1;
      kept++;
    }
  }
  if (noLabel > 0) notes.push(`${noLabel} row${noLabel === 1 ? '' : 's'} without a label value dropped`);
  if (missingFeatureCells > 0) {
    const which = feats.filter((p) => p.missing > 0).map((p) => `${p.name}: ${p.missing}`).join(', ');
    if (policy === 'drop') notes.push(`missing values (${which}): ${rows - noLabel - kept} rows with a missing value dropped (missing policy "drop"; "mean" or "mode" fill them in instead)`);
    else notes.push(`missing values (${which}) filled with each column's ${policy === 'mean' ? 'mean (numeric) or most frequent value (others)' : 'most frequent value'}`);
  }
  if (kept === 0) {
    throw new DatasetError(
      `no row is complete: every one of the ${rows} rows has a missing value (in the label "${lp.name}"` +
        `${policy === 'drop' ? ' or a feature' : ''}). Expected some rows with every value present: fill the gaps, ` +
        `${policy === 'drop' ? 'use the missing policy "mean" or "mode", ' : ''}or choose other columns.`,
      { file: t.source },
    );
  }

  // Encoding plan: one value per numeric/boolean column, k one-hot values per categorical column.
  const featureNames: string[] = [];
  const plan: { col: number; kind: 'num' | 'bool' | 'onehot'; map?: Int32Array | Float32Array; width: number }[] = [];
  const columnEncodings: ColumnEncoding[] = [];
  for (const p of feats) {
    const c = t.columns[p.index]!;
    columnEncodings.push(columnEncoding(p, p.kind === 'numeric' && policy === 'mode' ? modeOf(t, p) : p.mean));
    if (p.kind === 'numeric') {
      plan.push({ col: p.index, kind: 'num', width: 1 });
      featureNames.push(p.name);
    } else if (p.kind === 'boolean') {
      plan.push({ col: p.index, kind: 'bool', map: Float32Array.from(c.categories!, (s) => (isTrueWord(s) ? 1 : 0)), width: 1 });
      featureNames.push(p.name);
    } else if (p.kind === 'date') {
      // Kept only under dates: 'number' (otherwise excluded): each distinct date text maps to its day number.
      plan.push({ col: p.index, kind: 'bool', map: Float32Array.from(c.categories!, dateToDays), width: 1 });
      featureNames.push(`${p.name} (days since 1970)`);
    } else {
      const names = p.categories!.map((e) => e.value).sort(compareNames);
      const idx = new Map(names.map((n, k) => [n, k]));
      plan.push({ col: p.index, kind: 'onehot', map: Int32Array.from(c.categories!, (s) => idx.get(s) ?? -1), width: names.length });
      columnEncodings[columnEncodings.length - 1]!.categories = names;
      for (const n of names) featureNames.push(`${p.name}=${n}`);
    }
  }
  const f = featureNames.length;
  checkSize(kept * f, t.source, options, `its ${kept} rows × ${f} encoded features`);
  const y = new Float32Array(kept);
  const inPlace = plan.every((s) => s.kind !== 'onehot');
  // Numeric-only tables are compacted inside the cell array (writes never overtake reads, since
  // row w ≤ r and feature k ≤ its column), so no second full-size array is needed.
  const x = inPlace ? cells : new Float32Array(kept * f);
  let w = 0;
  if (plan.every((s) => s.kind === 'num')) {
    // The common all-numeric table: a tight loop without per-feature dispatch.
    const src = Int32Array.from(plan, (s) => s.col);
    const fills = Float32Array.from(plan, (s) => fill[s.col]!);
    const lut = classOfValue && classOfValue.size <= 256 && [...classOfValue.keys()].every((v) => Number.isInteger(v) && v >= 0 && v < 256)
      ? Int32Array.from({ length: 256 }, (_, v) => classOfValue!.get(v) ?? -1)
      : undefined;
    for (let r = 0; r < rows; r++) {
      if (!keep[r]) continue;
      const lv = cells[r * cols + L]!;
      y[w++] = lut ? lut[lv]! : classOfCode ? classOfCode[lv]! : classOfValue ? classOfValue.get(lv)! : lv;
    }
    compactRows(cells, cols, rows, keep, src, fills, x);
  } else for (let r = 0; r < rows; r++) {
    if (!keep[r]) continue;
    const o = r * cols;
    const lv = cells[o + L]!;
    y[w] = classOfCode ? classOfCode[lv]! : classOfValue ? classOfValue.get(lv)! : lv;
    let k = w * f;
    for (const s of plan) {
      let v = cells[o + s.col]!;
      if (v !== v) v = fill[s.col]!;
      if (s.kind === 'num') x[k++] = v;
      else if (s.kind === 'bool') x[k++] = s.map![v]!;
      else {
        const hot = (s.map as Int32Array)[v]!;
        if (inPlace) throw new Error('unreachable');
        x[k + hot] = 1;
        k += s.width;
      }
    }
    w++;
  }
  // In place, the features are a view of the cells; copied out only when that frees more than a quarter of them.
  const xs = inPlace ? (kept * f < x.length * 0.75 ? x.slice(0, kept * f) : x.subarray(0, kept * f)) : x;

  const ds: LoadedDataset = {
    source: t.source,
    task,
    rows: kept,
    features: f,
    x: xs,
    y,
    targets: 1,
    featureNames,
    labelName: lp.name,
    ...(classNames ? { classNames } : {}),
    notes,
    columns: profiles,
    fileRows: rows,
    encoding: { columns: columnEncodings, label: lp.name, missing: policy },
    rowsDropped: [
      { reason: 'a missing label', count: noLabel },
      { reason: 'missing values', count: rows - noLabel - kept },
    ].filter((d) => d.count > 0),
  };
  return task === 'classification' ? checkClasses(ds, options) : ds;
}

/**
 * Copies the kept rows' feature columns `src` into `x`, row after row (a missing value becomes
 * its column's fill). A function of its own so the engine optimizes this hot loop by itself:
 * inside encodeTable it ran several times slower. `x` may be `cells` (writes never overtake reads).
 */
function compactRows(cells: Float32Array, cols: number, rows: number, keep: Uint8Array, src: Int32Array, fills: Float32Array, x: Float32Array): void {
  const f = src.length;
  let k = 0;
  for (let r = 0; r < rows; r++) {
    if (keep[r] === 0) continue;
    const o = r * cols;
    for (let i = 0; i < f; i++) {
      const v = cells[o + src[i]!]!;
      x[k + i] = v === v ? v : fills[i]!;
    }
    k += f;
  }
}

/** A feature column's encoding, with the value a missing cell becomes (under any policy, for prediction). */
function columnEncoding(p: ColumnProfile, numericFill: number | undefined): ColumnEncoding {
  const kind = p.kind === 'numeric' ? 'numeric' : p.kind === 'boolean' ? 'boolean' : p.kind === 'date' ? 'date' : 'categorical';
  if (kind === 'numeric') return { name: p.name, kind, fill: numericFill ?? 0 };
  // Profiles list categories most frequent first: the first is the mode.
  return { name: p.name, kind, fill: p.categories?.[0]?.value ?? '' };
}

/** Refuses a single class; drops classes left with no rows; warns about tiny classes. */
export function checkClasses<T extends Dataset>(ds: T, options: DatasetOptions): T {
  const names = ds.classNames ?? [];
  const counts = new Float64Array(names.length);
  for (let r = 0; r < ds.rows; r++) counts[ds.y[r]!]!++;
  const present = names.filter((_, k) => counts[k]! > 0);
  if (present.length < 2) {
    throw new DatasetError(
      `the label "${ds.labelName}" has only one class ("${present[0] ?? names[0] ?? '?'}", ${ds.rows} rows). Expected at least ` +
        'two classes to tell apart: check that the right column is the label (--label), or, if the values are ' +
        'measurements, set the task to regression.',
      { file: ds.source },
    );
  }
  let y = ds.y;
  let classNames = names;
  if (present.length < names.length) {
    const remap = new Int32Array(names.length);
    let k = 0;
    names.forEach((_, i) => (remap[i] = counts[i]! > 0 ? k++ : -1));
    y = Float32Array.from(ds.y, (v) => remap[v]!);
    classNames = present;
  }
  const min = options.minClassRows ?? DEFAULT_MIN_CLASS_ROWS;
  const notes = [...(ds.notes ?? [])];
  const small = names.filter((_, k) => counts[k]! > 0 && counts[k]! < min);
  if (small.length) {
    notes.push(
      `warning: class${small.length > 1 ? 'es' : ''} ${small.map((n) => `"${n}" (${counts[names.indexOf(n)]} rows)`).join(', ')} ` +
        `ha${small.length > 1 ? 've' : 's'} fewer than ${min} rows; validation accuracy on ${small.length > 1 ? 'them' : 'it'} will be noise`,
    );
  }
  return { ...ds, y, classNames, notes };
}

/** Refuses a label with more classes than the limit: every row's class must be learnable, none silently left out. */
function tooManyClasses(p: ColumnProfile, distinct: number, options: DatasetOptions, source: string): never {
  throw new DatasetError(
    `the label column "${p.name}" has ${distinct} distinct values, more than the ${maxClasses(options)} classes allowed. ` +
      'Expected a class name or number per row: if the values are measurements, set the task to regression (--task regression); ' +
      `if this is the column to predict, raise the limit to at least ${distinct} with ${whereToRaise('maxCategories')}; ` +
      'otherwise choose another label column (--label).',
    { file: source, column: p.index + 1 },
  );
}

/** The most frequent value of a column, as stored in its cells (category code or number). */
function modeOf(t: RawTable, p: ColumnProfile): number {
  if (t.columns[p.index]!.categories) return t.columns[p.index]!.dict!.get(p.categories![0]!.value)!;
  const counts = new Map<number, number>();
  let best = NaN;
  let bestN = 0;
  for (let r = 0; r < t.rows; r++) {
    const v = t.cells[r * t.cols + p.index]!;
    if (v !== v) continue;
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > bestN) {
      bestN = n;
      best = v;
    }
  }
  return best;
}

/** Orders names numerically when both are numbers ("2" < "10"), else alphabetically. */
export function compareNames(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
