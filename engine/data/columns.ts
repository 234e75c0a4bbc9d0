import { DatasetOptions, DEFAULT_MAX_CATEGORIES } from './options';

/** A label may always have this many classes, whatever the (smaller) one-hot category limit. */
const DEFAULT_MAX_CLASSES = 200;
import { clip, distinctValues, F32_MAX, formatFloat, lineOfRow, RawTable, TableBuilder } from './table';
import { whereToRaise } from './limits';
import type { ColumnKind } from '../protocol/data';
export type { ColumnKind } from '../protocol/data';

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
  /** Numeric columns: text values read as missing (a warning note names them). */
  readonly textAsMissing?: number;
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
 * Decides every column's kind and gathers its statistics. A column that is mostly numbers but
 * holds some text cells keeps its numbers and reads the text as missing, with a warning naming
 * the column, the count and the first lines (never silently turned into categories); a column
 * that is mostly text becomes text, with a note when it also held numbers.
 */
export function profileColumns(t: RawTable, options: DatasetOptions, builder?: TableBuilder): ColumnProfile[] {
  const maxCat = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  const keepAll = maxClasses(options);
  const out: ColumnProfile[] = [];
  const missingText = new Float64Array(t.cols);
  for (let j = 0; j < t.cols; j++) {
    const c = t.columns[j]!;
    let textAsMissing = 0;
    if (!c.categories && c.stray && c.stray.size > 0) {
      let numbers = 0;
      for (let r = 0; r < t.rows; r++) if (!Number.isNaN(t.cells[r * t.cols + j]!)) numbers++;
      if (c.stray.size * 2 <= numbers + c.stray.size) {
        textAsMissing = c.stray.size;
        const first: { row: number; text: string }[] = [];
        for (const [row, text] of c.stray) {
          first.push({ row, text });
          if (first.length === 3) break;
        }
        t.notes.push(strayWarning(t, j, textAsMissing, numbers + textAsMissing, first));
        c.stray = null;
      } else {
        t.notes.push(textNote(t, j, c.stray.size, numbers));
        if (builder) builder.toTextMode(j, t.rows);
        else toText(t, j);
      }
    } else if (c.categories) {
      textAsMissing = backToNumbers(t, j, builder);
    }
    missingText[j] = textAsMissing;
  }
  // Numeric columns are profiled together, in one pass over the rows (the cells are row-major).
  const numeric = profileNumeric(t, t.columns.flatMap((c, j) => (c.categories ? [] : [j])));
  for (let j = 0; j < t.cols; j++) {
    const p = t.columns[j]!.categories ? profileText(t, j, maxCat, keepAll, options) : numeric.get(j)!;
    out.push(missingText[j] ? { ...p, textAsMissing: missingText[j] } : p);
  }
  return out;
}

/** The largest number of classes a label may have: the category limit, but at least 200. */
export function maxClasses(options: DatasetOptions): number {
  return Math.max(DEFAULT_MAX_CLASSES, options.maxCategories ?? DEFAULT_MAX_CATEGORIES);
}

/** A number written as text (the decimal point or a lone decimal comma), or undefined. */
function numberOfText(s: string): number | undefined {
  const t = s.trim();
  if (NUMBER_RE.test(t)) return Number(t);
  if (/^[-+]?\d+,\d+$/.test(t)) return Number(t.replace(',', '.'));
  return undefined;
}
const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A text-mode column whose values are mostly numbers (it switched to text after many stray
 * values, or started with one): its numbers come back as numbers and its text as missing.
 * Returns how many text values were read as missing (0: the column stays text).
 */
function backToNumbers(t: RawTable, j: number, builder?: TableBuilder): number {
  const c = t.columns[j]!;
  const cats = c.categories!;
  const value = new Float64Array(cats.length);
  let anyNumber = false;
  for (let k = 0; k < cats.length; k++) {
    const v = numberOfText(cats[k]!);
    value[k] = v === undefined || Math.abs(v) > F32_MAX ? NaN : v;
    if (v !== undefined) anyNumber = true;
  }
  if (!anyNumber) return 0;
  let numbers = 0;
  let text = 0;
  for (let r = 0; r < t.rows; r++) {
    const code = t.cells[r * t.cols + j]!;
    if (code !== code) continue;
    if (Number.isNaN(value[code]!)) text++;
    else numbers++;
  }
  if (text === 0 || text * 2 > numbers + text) {
    if (text > 0) t.notes.push(textNote(t, j, text, numbers));
    return 0;
  }
  const first: { row: number; text: string }[] = [];
  for (let r = 0; r < t.rows; r++) {
    const i = r * t.cols + j;
    const code = t.cells[i]!;
    if (code !== code) continue;
    const v = value[code]!;
    if (v !== v && first.length < 3) first.push({ row: r, text: cats[code]! });
    t.cells[i] = v;
  }
  c.categories = null;
  c.dict = null;
  if (builder) {
    builder.isText[j] = 0;
    builder.numericColumns++;
  }
  t.notes.push(strayWarning(t, j, text, numbers + text, first));
  return text;
}

function strayWarning(t: RawTable, j: number, count: number, total: number, first: readonly { row: number; text: string }[]): string {
  const where = first
    .map((f) => {
      const line = lineOfRow(t, f.row);
      return `"${clip(f.text, 20)}" ${line !== undefined ? `on line ${line}` : `in data row ${f.row + 1}`}`;
    })
    .join(', ');
  return (
    `warning: column "${t.names[j]}" holds numbers, but ${count} of its ${total} values ${count === 1 ? 'is' : 'are'} text ` +
    `(${where}${count > first.length ? ', …' : ''}); ${count === 1 ? 'it is read as a missing value' : 'they are read as missing values'}. ` +
    'Fix them, or write NA where a value is unknown.'
  );
}

function textNote(t: RawTable, j: number, text: number, numbers: number): string {
  return `column "${t.names[j]}" read as text: ${text} of its ${text + numbers} values are not numbers (${numbers} are)`;
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

/** Rows per block of the profiling pass: a block's cells stay in cache while each column is swept. */
const PROFILE_BLOCK = 2048;

/**
 * Profiles numeric-mode columns `js`, sweeping the row-major cells block by block so the
 * statistics stay in registers and the block in cache. (Whole numbers are told by `v | 0`:
 * a float32 of magnitude 2^31 or more is always whole; Math.round is a slow call on some CPUs.)
 */
function profileNumeric(t: RawTable, js: readonly number[]): Map<number, ColumnProfile> {
  const { cells, cols, rows } = t;
  const n = js.length;
  const min = new Float64Array(n).fill(Infinity);
  const max = new Float64Array(n).fill(-Infinity);
  const sum = new Float64Array(n);
  const count = new Float64Array(n);
  const prev = new Float64Array(n).fill(-Infinity);
  const integer = new Uint8Array(n).fill(1);
  // Only a column named like an identifier is asked whether it increases.
  const increasing = Uint8Array.from(js, (j) => (ID_NAME_RE.test(t.names[j]!) ? 1 : 0));
  for (let r0 = 0; r0 < rows; r0 += PROFILE_BLOCK) {
    const end = Math.min(rows, r0 + PROFILE_BLOCK) * cols;
    for (let k = 0; k < n; k++) {
      let lo = min[k]!;
      let hi = max[k]!;
      let s = 0;
      let c = 0;
      let whole = integer[k]!;
      let up = increasing[k]!;
      let p = prev[k]!;
      for (let i = r0 * cols + js[k]!; i < end; i += cols) {
        const v = cells[i]!;
        if (v !== v) continue;
        c++;
        s += v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (whole === 1 && (v | 0) !== v && v > -2147483648 && v < 2147483648) whole = 0;
        if (up === 1) {
          if (v <= p) up = 0;
          p = v;
        }
      }
      min[k] = lo;
      max[k] = hi;
      sum[k]! += s;
      count[k]! += c;
      integer[k] = whole;
      increasing[k] = up;
      prev[k] = p;
    }
  }
  const out = new Map<number, ColumnProfile>();
  for (let k = 0; k < n; k++) {
    const j = js[k]!;
    // Distinct values, counted up to the cap: a continuous column reaches it within its first rows.
    const distinct = distinctValues(cells, cols, j, rows, DISTINCT_CAP).length;
    const name = t.names[j]!;
    const c = count[k]!;
    const base = { name, index: j, count: c, missing: rows - c, distinct };
    if (c === 0) {
      out.set(j, { ...base, kind: 'empty', excluded: 'every value is missing' });
      continue;
    }
    // A running row number ("id", pandas' "Unnamed: 0") carries no information about the label.
    const excluded =
      ID_NAME_RE.test(name) && integer[k] && increasing[k] && c === rows && rows > 2
        ? 'a row identifier (unique increasing integers)'
        : undefined;
    out.set(j, {
      ...base,
      kind: excluded ? 'identifier' : 'numeric',
      min: min[k]!,
      max: max[k]!,
      mean: sum[k]! / c,
      integer: integer[k] === 1,
      ...(excluded ? { excluded } : {}),
    });
  }
  return out;
}

function profileText(t: RawTable, j: number, maxCat: number, keepAll: number, options: DatasetOptions): ColumnProfile {
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
  // Every value is kept while the column could be one-hot encoded or be a label; past that only
  // the most frequent (for display), so an identifier column of a million rows costs no million objects.
  const base = { name: t.names[j]!, index: j, count, missing: t.rows - count, distinct, categories: distinct <= keepAll ? present : present.slice(0, 200) };
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
      excluded: `${distinct} distinct values, more than the ${maxCat} that are one-hot encoded (raise the limit with ${whereToRaise('maxCategories')} to use it)`,
    };
  }
  return { ...base, kind: 'categorical' };
}
