import { DatasetError } from '../errors';
import { checkSize, DatasetOptions, DEFAULT_MAX_BYTES } from './options';

/**
 * A parsed but not yet typed table: what every text reader (CSV, JSON) produces before
 * columns.ts decides types, the label and the encoding. Cells are stored row-major as float32 so
 * a numeric table is turned into a Dataset in place, without a second full-size copy.
 */
export interface RawTable {
  readonly source: string;
  rows: number;
  readonly cols: number;
  readonly names: readonly string[];
  /**
   * rows × cols (or more: capacity), row-major. Numeric-mode column: the value, NaN = missing
   * or text (see `stray`). Text-mode column: an index into `categories`, NaN = missing.
   */
  cells: Float32Array;
  readonly columns: readonly RawColumn[];
  /** Physical line of data row 0 (1-based); rows map to lines one-to-one when `multiline` is false. */
  readonly firstLine: number;
  /** Whether some quoted field spanned lines (then row r is not on line firstLine + r). */
  multiline: boolean;
  readonly notes: string[];
}

export interface RawColumn {
  /** Set once the column holds text: distinct values in first-seen order. */
  categories: string[] | null;
  dict: Map<string, number> | null;
  /** Numeric-mode column: the few rows that held text instead (cell is NaN there). */
  stray: Map<number, string> | null;
  /** Where the first text value of a numeric-mode column was, for the error message. */
  firstStray: { line: number; text: string } | null;
  /** Whether any number has been stored in numeric mode. */
  hasNumber: boolean;
}

/** Past this many text cells, a column that started numeric is treated as a text column. */
const STRAY_LIMIT = 1000;

/** Collects cells of a table whose column count is known and row count is bounded. */
export class TableBuilder {
  readonly table: RawTable;
  /** 1 for columns in text mode (the CSV hot loop reads this to skip number parsing). */
  readonly isText: Uint8Array;
  /** 1 for columns where a number was stored (the hot loop sets this instead of an object field). */
  readonly hasNumber: Uint8Array;
  /** Rows read by the parser's all-numbers fast path (a number in every column; no `hasNumber` flags set). */
  plainRows = 0;
  /** Columns not in text mode (the parser takes its all-numbers fast path while this is every column). */
  numericColumns: number;
  /** Rows the reader expects in all (when it can tell): the size the cells grow to when full. */
  rowsHint = 0;

  constructor(source: string, names: readonly string[], capacityRows: number, firstLine: number, options: DatasetOptions) {
    const cols = names.length;
    checkSize(Math.max(1, capacityRows) * cols, source, options, `its ${capacityRows} rows × ${cols} columns`);
    this.isText = new Uint8Array(cols);
    this.hasNumber = new Uint8Array(cols);
    this.numericColumns = cols;
    this.table = {
      source,
      rows: 0,
      cols,
      names,
      cells: new Float32Array(Math.max(1, capacityRows) * cols),
      columns: names.map(() => ({ categories: null, dict: null, stray: null, firstStray: null, hasNumber: false })),
      firstLine,
      multiline: false,
      notes: [],
    };
  }

  /** Makes room for row `row` (the row counter can undercount files with stray quotes). */
  ensureRow(row: number, options: DatasetOptions): Float32Array {
    const t = this.table;
    if ((row + 1) * t.cols <= t.cells.length) return t.cells;
    // Refused once the rows read pass the limit; the message gives the reader's estimate of the whole.
    const limitRows = Math.floor((options.maxBytes ?? DEFAULT_MAX_BYTES) / 4 / t.cols);
    if (row + 1 > limitRows) {
      const about = this.rowsHint > row + 1 ? ` (about ${this.rowsHint} in all, judged from the bytes read so far)` : '';
      checkSize(Math.max(row + 1, this.rowsHint) * t.cols, t.source, options, `its ${row + 1}+ rows${about} × ${t.cols} columns`);
    }
    // Grown to the reader's estimate of the whole, else by a quarter; never past the memory limit.
    const rows = Math.min(limitRows, this.rowsHint > row + 16 ? this.rowsHint : Math.ceil((row + 1) * 1.25) + 16);
    const bigger = new Float32Array(rows * t.cols);
    bigger.set(t.cells);
    t.cells = bigger;
    return bigger;
  }

  /** Stores a text value (already known not to be a number or a missing token). */
  setText(row: number, col: number, text: string, line: number): void {
    const t = this.table;
    const c = t.columns[col]!;
    if (!this.isText[col] && this.plainRows === 0 && !c.hasNumber && !this.hasNumber[col] && !c.stray) this.toTextMode(col, row);
    if (this.isText[col]) {
      t.cells[row * t.cols + col] = code(c, text);
      return;
    }
    t.cells[row * t.cols + col] = NaN;
    c.stray ??= new Map();
    c.stray.set(row, text);
    c.firstStray ??= { line, text };
    if (c.stray.size > STRAY_LIMIT) this.toTextMode(col, row);
  }

  /**
   * Switches a column to text mode: rows before `upTo` that held numbers become the numbers'
   * text, so "1", "2", "x" end up as three categories.
   */
  toTextMode(col: number, upTo: number): void {
    const t = this.table;
    const c = t.columns[col]!;
    if (!this.isText[col]) this.numericColumns--;
    this.isText[col] = 1;
    c.categories = [];
    c.dict = new Map();
    for (let r = 0; r < upTo; r++) {
      const i = r * t.cols + col;
      const s = c.stray?.get(r);
      if (s !== undefined) t.cells[i] = code(c, s);
      else if (!Number.isNaN(t.cells[i]!)) t.cells[i] = code(c, formatFloat(t.cells[i]!));
    }
    c.stray = null;
  }
}

function code(c: RawColumn, text: string): number {
  let k = c.dict!.get(text);
  if (k === undefined) {
    k = c.categories!.length;
    c.categories!.push(text);
    c.dict!.set(text, k);
  }
  return k;
}

/** A float32 written back as the short decimal it most likely came from. */
export function formatFloat(v: number): string {
  return String(Number(v.toPrecision(7)));
}

/** Tokens that mean "no value" (compared lower-case, trimmed). */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', '?', 'none', '#n/a', 'nil', '-nan']);

export function isMissingToken(s: string): boolean {
  return s.length <= 4 && MISSING.has(s.toLowerCase());
}

/** Largest finite float32. */
export const F32_MAX = 3.4028234663852886e38;

/** The line of data row `row`, when known exactly; otherwise undefined. */
export function lineOfRow(t: RawTable, row: number): number | undefined {
  return t.multiline ? undefined : t.firstLine + row;
}

/** Error for a number too large for float32 (or spelled Infinity). */
export function overflowError(source: string, text: string, line: number, col: number, name: string): DatasetError {
  return new DatasetError(
    `the value "${clip(text)}" in column "${name}" is infinite or too large for a 32-bit float ` +
      `(the limit is about ±3.4e38). Expected a finite number: rescale the column (e.g. use thousands or a log), ` +
      'or write NA if the value is unknown.',
    { file: source, line, column: col + 1 },
  );
}

export function clip(s: string, n = 40): string {
  const one = s.replace(/[\r\n\t]/g, ' ');
  return one.length > n ? `${one.slice(0, n)}…` : one;
}

/** Whole numbers below this are counted in a bitmap by `distinctValues` (labels, codes, counts). */
const SMALL_WHOLE = 4096;

/**
 * The distinct non-missing values of column `col` of row-major `cells`, in no particular order,
 * stopping once more than `cap` are found. Small whole numbers (the usual label) are marked in
 * a bitmap instead of a Set of doubles, which costs an allocation-free byte per row instead of a
 * hash insertion: reading a million-row label is a few milliseconds.
 */
export function distinctValues(cells: Float32Array, cols: number, col: number, rows: number, cap: number): number[] {
  const small = new Uint8Array(SMALL_WHOLE);
  const others = new Set<number>();
  let smallCount = 0;
  for (let r = 0, i = col; r < rows; r++, i += cols) {
    const v = cells[i]!;
    if (v !== v) continue;
    const k = v | 0;
    // (−0 is 0 here, as a Set's SameValueZero has it.)
    if (k === v && k >= 0 && k < SMALL_WHOLE) {
      if (small[k] === 0) {
        small[k] = 1;
        if (++smallCount + others.size > cap) break;
      }
    } else if (!others.has(v)) {
      others.add(v);
      if (smallCount + others.size > cap) break;
    }
  }
  const out: number[] = [];
  for (let k = 0; k < SMALL_WHOLE; k++) if (small[k]) out.push(k);
  for (const v of others) out.push(v);
  return out;
}
