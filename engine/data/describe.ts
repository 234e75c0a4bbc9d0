import { Dataset } from './dataset';
import { ColumnProfile } from './columns';
import { LoadedDataset } from './encode';
import { dataDecisions, decisionsLine } from './decisions';
import { clip } from './table';
import type { ColumnSummary, DatasetSummary } from '../protocol/data';
export type { ColumnSummary, DatasetSummary } from '../protocol/data';

/** Column-by-column listing stops here for wide tables (pixels). */
const MAX_LISTED = 40;

/** Summarises a dataset; uses the file's column profiles when the reader kept them. */
export function describe(ds: Dataset | LoadedDataset): DatasetSummary {
  const profiles = (ds as LoadedDataset).columns;
  const columns: ColumnSummary[] = profiles
    ? profiles.map((p) => fromProfile(p, ds))
    : ds.imageShape
      ? []
      : ds.featureNames.map((name, j) => featureColumn(ds, name, j));
  let classes: DatasetSummary['classes'];
  let labelRange: [number, number] | undefined;
  let labelMean: number | undefined;
  if (ds.task === 'classification') {
    const names = ds.classNames ?? [];
    const counts = new Array<number>(names.length).fill(0);
    for (let r = 0; r < ds.rows; r++) counts[ds.y[r]!]!++;
    classes = names.map((name, k) => ({ name, count: counts[k]!, share: counts[k]! / Math.max(1, ds.rows) }));
  } else {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let i = 0; i < ds.y.length; i++) {
      const v = ds.y[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    labelRange = [min, max];
    labelMean = sum / Math.max(1, ds.y.length);
  }
  const fileRows = (ds as LoadedDataset).fileRows;
  return {
    source: ds.source,
    rows: ds.rows,
    ...(fileRows !== undefined && fileRows !== ds.rows ? { fileRows } : {}),
    features: ds.features,
    task: ds.task,
    label: ds.labelName,
    ...(ds.imageShape ? { imageShape: ds.imageShape } : {}),
    columns,
    ...(classes ? { classes } : {}),
    ...(labelRange ? { labelRange, labelMean: labelMean! } : {}),
    notes: ds.notes ?? [],
    decisions: dataDecisions(ds),
  };
}

function fromProfile(p: ColumnProfile, ds: Dataset): ColumnSummary {
  const role = p.name === ds.labelName ? 'label' : p.excluded ? 'ignored' : 'feature';
  return {
    name: p.name,
    kind: p.kind,
    role,
    missing: p.missing,
    distinct: p.distinct,
    ...(p.min !== undefined ? { range: [p.min, p.max!] as const, mean: p.mean! } : {}),
    ...(p.categories ? { categories: p.categories.slice(0, 20) } : {}),
    ...(p.excluded && role === 'ignored' ? { reason: p.excluded } : {}),
  };
}

function featureColumn(ds: Dataset, name: string, j: number): ColumnSummary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  const f = ds.features;
  for (let r = 0; r < ds.rows; r++) {
    const v = ds.x[r * f + j]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { name, kind: 'numeric', role: 'feature', missing: 0, range: [min, max], mean: sum / Math.max(1, ds.rows) };
}

/** The longest name's length (a loop: a spread of 130,000 names overflows the call stack). */
function longest(names: readonly string[]): number {
  let n = 0;
  for (const s of names) if (s.length > n) n = s.length;
  return n;
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** The summary as plain text, one fact a line, for a terminal or an output channel. */
export function formatSummary(s: DatasetSummary): string {
  const out: string[] = [];
  out.push(`${s.source}`, `  ${decisionsLine(s.decisions)}`);
  out.push(
    `  ${s.rows} rows${s.fileRows !== undefined ? ` (of ${s.fileRows} in the file)` : ''}, ${s.features} input features, ` +
      `task: ${s.task}, label: ${s.label}` +
      (s.imageShape ? `, images ${s.imageShape[0]}×${s.imageShape[1]}×${s.imageShape[2]}` : ''),
  );
  if (s.columns.length) {
    out.push('', '  columns:');
    const width = Math.min(24, longest(s.columns.slice(0, MAX_LISTED).map((c) => c.name)));
    for (const c of s.columns.slice(0, MAX_LISTED)) {
      const parts = [`${c.kind}${c.role === 'label' ? ' (label)' : c.role === 'ignored' ? ' (ignored)' : ''}`];
      if (c.missing) parts.push(`${c.missing} missing`);
      if (c.range) parts.push(`${num(c.range[0])} … ${num(c.range[1])}, mean ${num(c.mean!)}`);
      else if (c.categories) {
        const shown = c.categories.slice(0, 6).map((e) => `${clip(e.value, 20)} (${e.count})`).join(', ');
        parts.push(`${c.distinct} values: ${shown}${(c.distinct ?? 0) > 6 ? ', …' : ''}`);
      }
      if (c.reason) parts.push(c.reason);
      out.push(`    ${clip(c.name, 24).padEnd(width)}  ${parts.join('; ')}`);
    }
    if (s.columns.length > MAX_LISTED) out.push(`    … and ${s.columns.length - MAX_LISTED} more columns`);
  }
  if (s.classes) {
    out.push('', `  classes (${s.classes.length}):`);
    const width = Math.min(24, longest(s.classes.slice(0, 30).map((c) => c.name)));
    for (const c of s.classes.slice(0, 30)) out.push(`    ${clip(c.name, 24).padEnd(width)}  ${String(c.count).padStart(7)}  ${(c.share * 100).toFixed(1)}%`);
    if (s.classes.length > 30) out.push(`    … and ${s.classes.length - 30} more classes`);
  } else if (s.labelRange) {
    out.push('', `  label range: ${num(s.labelRange[0])} … ${num(s.labelRange[1])}, mean ${num(s.labelMean!)}`);
  }
  if (s.notes.length) {
    out.push('', '  notes:');
    for (const n of s.notes) out.push(`    - ${n}`);
  }
  return out.join('\n');
}
