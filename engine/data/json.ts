import { DatasetError } from '../errors';
import { Dataset } from './dataset';
import { checkClasses, compareNames } from './encode';
import { checkSize, DatasetOptions } from './options';
import { clip, F32_MAX, isMissingToken, RawTable, TableBuilder } from './table';

/**
 * JSON datasets: an array of objects (one per row), an array of arrays (rows, optionally with a
 * header row of names), `{ "x": [[…]], "y": […] }`, or JSON Lines (one object or array a line).
 * Tables go through the same typing as CSV; the x/y form is already numeric.
 */
export type JsonResult = { kind: 'table'; table: RawTable } | { kind: 'dataset'; dataset: Dataset };

export function parseJson(bytes: Uint8Array, source: string, options: DatasetOptions): JsonResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new DatasetError(
      'the file is not valid UTF-8 text. Expected a JSON file saved as UTF-8: re-save it as UTF-8.',
      { file: source },
    );
  }
  if (text.trim() === '') {
    throw new DatasetError('the file is empty. Expected a JSON array of rows (e.g. [{"x1": 0.5, "label": "a"}, …]) or JSON Lines.', {
      file: source,
    });
  }
  const lines = /\.(jsonl|ndjson)$/i.test(source) || looksLikeJsonLines(text);
  const rows = lines ? parseLines(text, source) : parseWhole(text, source);
  if (!Array.isArray(rows)) {
    if (rows && typeof rows === 'object' && 'x' in rows && 'y' in rows) {
      return { kind: 'dataset', dataset: xyDataset(rows as { x: unknown; y: unknown }, source, options) };
    }
    throw new DatasetError(
      `the JSON is ${describe(rows)}, not a table. Expected an array of rows ([{…}, {…}] or [[…], […]]), ` +
        'an object { "x": [[…]], "y": […] }, or JSON Lines (one object per line).',
      { file: source },
    );
  }
  return { kind: 'table', table: rowsToTable(rows, source, options) };
}

function looksLikeJsonLines(text: string): boolean {
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  const nl = t.indexOf('\n');
  if (nl < 0) return false;
  const firstLine = t.slice(0, nl).trim();
  if (firstLine === '[' || firstLine === '{') return false;
  try {
    JSON.parse(firstLine);
    return true;
  } catch {
    return false;
  }
}

function parseWhole(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw syntaxError(e, text, source, 0);
  }
}

function parseLines(text: string, source: string): unknown[] {
  const out: unknown[] = [];
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    if (l.trim() === '') return;
    try {
      out.push(JSON.parse(l));
    } catch (e) {
      throw syntaxError(e, l, source, i);
    }
  });
  return out;
}

function syntaxError(e: unknown, text: string, source: string, lineOffset: number): DatasetError {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(msg);
  let line: number | undefined;
  let column: number | undefined;
  if (m) {
    const pos = +m[1]!;
    const before = text.slice(0, pos);
    line = lineOffset + before.split('\n').length;
    column = pos - before.lastIndexOf('\n');
  } else if (/end of JSON input/i.test(msg)) {
    line = lineOffset + text.split('\n').length;
  }
  return new DatasetError(
    `the JSON does not parse (${msg.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '')}). ` +
      'Expected valid JSON: the file may be truncated, or have a missing comma, bracket or quote near this place. ' +
      'Fix it in an editor that checks JSON (VS Code marks the spot).',
    { file: source, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) },
  );
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? `an object with keys ${Object.keys(v as object).slice(0, 5).join(', ') || '(none)'}` : `a ${typeof v}`;
}

function rowsToTable(rows: unknown[], source: string, options: DatasetOptions): RawTable {
  if (rows.length === 0) {
    throw new DatasetError('the JSON array is empty. Expected one element per row (e.g. [{"x1": 0.5, "label": "a"}, …]).', { file: source });
  }
  const objects = rows.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r));
  const arrays = rows.every((r) => Array.isArray(r));
  if (!objects && !arrays) {
    const k = rows.findIndex((r, i) => (i === 0 ? false : Array.isArray(r) !== Array.isArray(rows[0]) || typeof r !== 'object' || r === null));
    throw new DatasetError(
      `row ${Math.max(k, 0) + 1} of the JSON is ${describe(rows[Math.max(k, 0)])}, unlike the first (${describe(rows[0])}). ` +
        'Expected every row to be an object (with the same keys) or every row an array of the same length.',
      { file: source },
    );
  }
  let names: string[];
  let start = 0;
  if (objects) {
    const seen = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r as object)) seen.add(k);
    names = [...seen];
  } else {
    const first = rows[0] as unknown[];
    const headerRow = rows.length > 1 && first.every((v) => typeof v === 'string') && (rows[1] as unknown[]).some((v) => typeof v === 'number');
    names = headerRow ? first.map(String) : first.map((_, j) => `column${j + 1}`);
    start = headerRow ? 1 : 0;
    rows.forEach((r, i) => {
      if ((r as unknown[]).length !== names.length) {
        throw new DatasetError(
          `row ${i + 1} of the JSON has ${(r as unknown[]).length} values but the first has ${names.length}. ` +
            'Expected every row array to have the same length: add the missing values (null if unknown) or remove extras.',
          { file: source },
        );
      }
    });
  }
  const b = new TableBuilder(source, names, rows.length - start, 1, options);
  const cells = b.table.cells;
  for (let i = start; i < rows.length; i++) {
    const row = i - start;
    const r = rows[i] as Record<string, unknown> | unknown[];
    for (let j = 0; j < names.length; j++) {
      const v = Array.isArray(r) ? r[j] : (r as Record<string, unknown>)[names[j]!];
      const at = row * names.length + j;
      if (v === null || v === undefined) cells[at] = NaN;
      else if (typeof v === 'number') cells[at] = finite(v, source, i, names[j]!);
      else if (typeof v === 'boolean') b.setText(row, j, String(v), 0);
      else if (typeof v === 'string') {
        const t = v.trim();
        if (isMissingToken(t)) cells[at] = NaN;
        else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) && !b.isText[j]) cells[at] = finite(Number(t), source, i, names[j]!);
        else b.setText(row, j, v, 0);
      } else {
        throw new DatasetError(
          `row ${i + 1}, field "${names[j]}" is ${describe(v)}. Expected a number, a string, true/false or null: ` +
            'flatten nested values into columns of their own.',
          { file: source },
        );
      }
      if (typeof v === 'number' || (typeof v === 'string' && !b.isText[j] && !Number.isNaN(cells[at]!))) b.table.columns[j]!.hasNumber = true;
    }
  }
  b.table.rows = rows.length - start;
  b.table.multiline = true; // rows are not lines in JSON, so messages name rows instead
  return b.table;
}

function finite(v: number, source: string, row: number, name: string): number {
  if (!Number.isFinite(v) || Math.abs(v) > F32_MAX) {
    throw new DatasetError(
      `row ${row + 1}, field "${name}" is ${v}, too large for a 32-bit float (about ±3.4e38). Expected a finite number: rescale the column.`,
      { file: source },
    );
  }
  return v;
}

function xyDataset(o: { x: unknown; y: unknown }, source: string, options: DatasetOptions): Dataset {
  const { x, y } = o;
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.length === 0) {
    throw new DatasetError(
      `"x" and "y" must be non-empty arrays of the same length (found ${Array.isArray(x) ? x.length : describe(x)} and ` +
        `${Array.isArray(y) ? y.length : describe(y)}). Expected { "x": [[…], …], "y": […] } with one y per row of x.`,
      { file: source },
    );
  }
  const f = Array.isArray(x[0]) ? (x[0] as unknown[]).length : 1;
  checkSize(x.length * f, source, options);
  const xs = new Float32Array(x.length * f);
  x.forEach((row, i) => {
    const r = Array.isArray(row) ? row : [row];
    if (r.length !== f || r.some((v) => typeof v !== 'number')) {
      throw new DatasetError(
        `x[${i}] is ${clip(JSON.stringify(row))}; expected an array of ${f} numbers like x[0]. Make every row of x the same length, with numbers only.`,
        { file: source },
      );
    }
    r.forEach((v, j) => (xs[i * f + j] = finite(v as number, source, i, `x[${j}]`)));
  });
  const text = y.some((v) => typeof v === 'string');
  const ints = !text && y.every((v) => Number.isInteger(v));
  const task = options.task ?? (text || (ints && new Set(y).size <= 20) ? 'classification' : 'regression');
  let ys: Float32Array;
  let classNames: string[] | undefined;
  if (task === 'classification') {
    classNames = [...new Set(y.map(String))].sort(compareNames);
    const idx = new Map(classNames.map((n, k) => [n, k]));
    ys = Float32Array.from(y, (v) => idx.get(String(v))!);
  } else ys = Float32Array.from(y, (v) => Number(v));
  const ds: Dataset = {
    source,
    task,
    rows: x.length,
    features: f,
    x: xs,
    y: ys,
    targets: 1,
    featureNames: Array.from({ length: f }, (_, j) => `x${j + 1}`),
    labelName: 'y',
    ...(classNames ? { classNames } : {}),
    notes: [`x/y arrays: ${x.length} rows × ${f} features, task ${task}`],
  };
  return task === 'classification' ? checkClasses(ds, options) : ds;
}
