import { DatasetError } from '../errors';
import { DatasetOptions, DEFAULT_MAX_CATEGORIES } from './options';
import { clip, formatFloat, lineOfRow, RawTable, TableBuilder } from './table';

/** What a column holds, as far as training is concerned. */
export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'date' | 'identifier' | 'text' | 'empty';

/** One column's type and statistics: what `describe()` prints and the encoder follows. */
export interface ColumnProfile {
  readonly name: string;
  readonly index: number;
  readonly kind: ColumnKind;
  /** Non-missing values. */
  readonly count: number;
  readonly missing: number;
  /** Numeric columns. */
  readonly min?: number;
  readonly max?: number;
  readonly mean?: number;
  /** Whether every numeric value is a whole number. */
  readonly integer?: boolean;
  /** Distinct values (numeric: counted up to 1000, then "at least"). */
  readonly distinct: number;
  /** Text columns: the distinct values with their counts, most frequent first (capped for print). */
  readonly categories?: readonly { readonly value: string; readonly count: number }[];
  /** Why a column is not used as a feature (date, identifier, too many categories…). */
  readonly excluded?: string;
}

const DISTINCT_CAP = 1000;
const BOOL_WORDS = new Set(['true', 'false', 'yes', 'no', 't', 'f', 'y', 'n']);
const TRUE_WORDS = new Set(['true', 'yes', 't', 'y']);
const DATE_RE = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}( \d{1,2}:\d{2}(:\d{2})?)?|\d{1,2}:\d{2}(:\d{2})?)$/;
const ID_NAME_RE = /^(id|index|idx|row|rowid|row_id|unnamed: ?0|passengerid|customerid|.*_id)$/i;

/**
 * Days since 1970-01-01 (UTC) of a date or date-time such as "2024-03-01" or "2024-03-01T12:00";
 * NaN when JavaScript's date parser does not read it (e.g. "03/01/24", whose order is ambiguous).
 */
export function dateToDays(s: string): number {
  const t = s.trim();
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : t);
  return ms / 86_400_000;
}

/** Whether a boolean-kind text value means true. */
export function isTrueWord(s: string): boolean {
  return TRUE_WORDS.has(s.trim().toLowerCase());
}

/**
 * Decides every column's kind and gathers its statistics. A column that is numeric except for a
 * few text cells is refused (pointing at the first), because silently turning a measured column
 * into categories would train on nonsense; a column that is mostly text becomes text.
 */
export function profileColumns(t: RawTable, options: DatasetOptions, builder?: TableBuilder): ColumnProfile[] {
  const maxCat = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  const out: ColumnProfile[] = [];
  for (let j = 0; j < t.cols; j++) {
    const c = t.columns[j]!;
    if (!c.categories && c.stray && c.stray.size > 0) {
      let numbers = 0;
      for (let r = 0; r < t.rows; r++) if (!Number.isNaN(t.cells[r * t.cols + j]!)) numbers++;
      if (c.stray.size * 10 <= numbers + c.stray.size) {
        const f = c.firstStray!;
        const row = [...c.stray.keys()][0]!;
        throw new DatasetError(
          `column "${t.names[j]}" holds numbers, but data row ${row + 1} has "${clip(f.text)}" there (${c.stray.size} such ` +
            `value${c.stray.size === 1 ? '' : 's'} in ${numbers + c.stray.size} rows). Expected a number or a missing-value ` +
            'marker (empty, NA, NaN, null, ?): fix the value, write NA if it is unknown, or remove the row.',
          { file: t.source, line: lineOfRow(t, row) ?? (f.line > 0 ? f.line : undefined), column: j + 1 },
        );
      }
      if (builder) builder.toTextMode(j, t.rows);
      else toText(t, j);
    }
    out.push(c.categories ? profileText(t, j, maxCat, options) : profileNumeric(t, j));
  }
  return out;
}

function toText(t: RawTable, j: number): void {
  const c = t.columns[j]!;
  c.categories = [];
  c.dict = new Map();
  for (let r = 0; r < t.rows; r++) {
    const i = r * t.cols + j;
    const s = c.stray?.get(r) ?? (Number.isNaN(t.cells[i]!) ? undefined : formatFloat(t.cells[i]!));
    if (s === undefined) continue;
    let k = c.dict.get(s);
    if (k === undefined) c.dict.set(s, (k = c.categories.push(s) - 1));
    t.cells[i] = k;
  }
  c.stray = null;
}

function profileNumeric(t: RawTable, j: number): ColumnProfile {
  const { cells, cols, rows } = t;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  let integer = true;
  const seen = new Set<number>();
  let increasing = true;
  let prev = -Infinity;
  for (let r = 0; r < rows; r++) {
    const v = cells[r * cols + j]!;
    if (v !== v) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integer && v !== Math.round(v)) integer = false;
    if (seen.size <= DISTINCT_CAP) seen.add(v);
    if (v <= prev) increasing = false;
    prev = v;
  }
  const name = t.names[j]!;
  const base = { name, index: j, count, missing: rows - count, distinct: seen.size };
  if (count === 0) return { ...base, kind: 'empty', excluded: 'every value is missing' };
  // A running row number ("id", pandas' "Unnamed: 0") carries no information about the label.
  const excluded =
    ID_NAME_RE.test(name) && integer && increasing && count === rows && rows > 2
      ? 'a row identifier (unique increasing integers)'
      : undefined;
  return {
    ...base,
    kind: excluded ? 'identifier' : 'numeric',
    min,
    max,
    mean: sum / count,
    integer,
    ...(excluded ? { excluded } : {}),
  };
}

function profileText(t: RawTable, j: number, maxCat: number, options: DatasetOptions): ColumnProfile {
  const c = t.columns[j]!;
  const cats = c.categories!;
  const counts = new Float64Array(cats.length);
  let count = 0;
  for (let r = 0; r < t.rows; r++) {
    const v = t.cells[r * t.cols + j]!;
    if (v !== v) continue;
    counts[v]!++;
    count++;
  }
  const present = cats.map((value, k) => ({ value, count: counts[k]! })).filter((e) => e.count > 0);
  present.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  const distinct = present.length;
  const base = { name: t.names[j]!, index: j, count, missing: t.rows - count, distinct, categories: present.slice(0, 200) };
  if (count === 0) return { ...base, kind: 'empty', excluded: 'every value is missing' };
  if (distinct <= 2 && present.every((e) => BOOL_WORDS.has(e.value.trim().toLowerCase()))) {
    const words = present.map((e) => e.value.trim().toLowerCase());
    // "y"/"n" and "t"/"f" only count as booleans in pairs, so a y/n column is boolean but "t" alone may be a category.
    if (words.length === 2 ? words.some((w) => TRUE_WORDS.has(w)) && words.some((w) => !TRUE_WORDS.has(w)) : words[0]!.length > 1)
      return { ...base, kind: 'boolean' };
  }
  const dates = present.filter((e) => DATE_RE.test(e.value.trim())).length;
  if (dates >= distinct * 0.9) {
    if (options.dates === 'number' && present.every((e) => Number.isFinite(dateToDays(e.value)))) return { ...base, kind: 'date' };
    return { ...base, kind: 'date', excluded: 'dates or times (not used as features; the dates option "number" turns them into days since 1970)' };
  }
  if (distinct === count && count > 20) return { ...base, kind: 'identifier', excluded: 'a different value on every row (an identifier)' };
  if (distinct > maxCat) {
    return {
      ...base,
      kind: 'text',
      excluded: `${distinct} distinct values, more than the ${maxCat} that are one-hot encoded (raise maxCategories to use it)`,
    };
  }
  return { ...base, kind: 'categorical' };
}
