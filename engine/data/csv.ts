import { DatasetError } from '../errors';
import { CsvLayout } from './sniff';
import { DatasetOptions, DEFAULT_MAX_FIELD_BYTES } from './options';
import { whereToRaise } from './limits';
import { clip, isMissingToken, overflowError, RawTable, TableBuilder } from './table';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const MINUS = 45;
const PLUS = 43;

/** Largest finite float32 (a local constant: an imported binding can cost a getter call per field). */
const F32_MAX = 3.4028234663852886e38;

/** Exact powers of ten (up to 1e22 every one is exact in a double, so mantissa / 10^k rounds once). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Counts records (an upper bound on data rows) so the cell array can be allocated once, at its
 * final size. Feed it the file's chunks in order; quote state carries over between chunks.
 */
export class RecordCounter {
  private inQuote = false;
  private lastByte = LF;
  private count = 0;
  constructor(private readonly newline: number) {}

  feed(chunk: Uint8Array): void {
    const nl = this.newline;
    let p = 0;
    const n = chunk.length;
    if (n === 0) return;
    // Newlines are found with indexOf (native, fast); quotes only matter when there are any.
    let nextQuote = chunk.indexOf(QUOTE);
    while (p < n) {
      if (this.inQuote) {
        if (nextQuote < 0) return this.end(chunk);
        p = nextQuote + 1;
        this.inQuote = false;
        nextQuote = chunk.indexOf(QUOTE, p);
        continue;
      }
      const e = chunk.indexOf(nl, p);
      if (nextQuote >= 0 && (e < 0 || nextQuote < e)) {
        this.inQuote = true;
        p = nextQuote + 1;
        nextQuote = chunk.indexOf(QUOTE, p);
        continue;
      }
      if (e < 0) break;
      this.count++;
      p = e + 1;
    }
    this.end(chunk);
  }

  private end(chunk: Uint8Array): void {
    this.lastByte = chunk[chunk.length - 1]!;
  }

  /** Records seen, counting a last line without a newline. */
  get records(): number {
    return this.count + (this.lastByte === this.newline ? 0 : 1);
  }
}

/**
 * A byte-level RFC 4180 parser: it reads UTF-8 bytes and writes numbers straight into the
 * table's float32 cells; only fields that are not plain numbers are decoded to strings. Feed it
 * chunks in order; a record cut by a chunk boundary is kept and parsed again with the next chunk.
 */
export class CsvParser {
  private row = 0;
  private line: number;
  private pending: Uint8Array | null = null;
  private pendingLength = 0;
  /** Bytes fed so far. */
  private consumed = 0;
  private readonly delim: number;
  private readonly dec: number;
  private readonly cols: number;
  private readonly maxField: number;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly layout: CsvLayout,
    private readonly builder: TableBuilder,
    private readonly options: DatasetOptions,
    /** The data's size in bytes, when known: the cells grow to what the rows so far say it holds. */
    private readonly totalBytes = 0,
  ) {
    this.delim = layout.delimiter;
    this.dec = layout.decimal;
    this.cols = layout.names.length;
    this.line = layout.dataLine;
    this.maxField = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  }

  get source(): string {
    return this.builder.table.source;
  }

  /** Parses what it can of `chunk` (plus any record left over from the previous chunk). */
  feed(chunk: Uint8Array, final = false): void {
    if (this.consumed > 0 && this.totalBytes > this.consumed) {
      this.builder.rowsHint = Math.ceil(this.row * (this.totalBytes / this.consumed) * 1.03) + 64;
    }
    this.consumed += chunk.length;
    let buf = chunk;
    if (this.pendingLength > 0) {
      // Append to the leftover, growing it geometrically so a long record costs linear copying.
      const need = this.pendingLength + chunk.length;
      if (!this.pending || this.pending.length < need) {
        const grown = new Uint8Array(Math.max(need, (this.pending?.length ?? 0) * 2));
        grown.set(this.pending!.subarray(0, this.pendingLength));
        this.pending = grown;
      }
      this.pending.set(chunk, this.pendingLength);
      buf = this.pending.subarray(0, need);
    }
    const end = buf.length;
    let p = 0;
    // Past the chunk's last LF a record may be cut: the fast path stops there.
    const lastLf = this.layout.crOnly ? -1 : buf.lastIndexOf(LF);
    while (p < end) {
      if (p < lastLf && this.builder.numericColumns === this.cols) {
        // Every column still numeric: rows of plain numbers are read in one tight loop.
        p = this.plainRows(buf, p, lastLf);
        if (p >= end) break;
      }
      const next = this.record(buf, p, end, final);
      if (next < 0) break;
      p = next;
    }
    const left = end - p;
    if (left > 0 && !final) {
      if (buf === this.pending?.subarray(0, end) || (this.pending && buf.buffer === this.pending.buffer)) {
        this.pending!.copyWithin(0, p, end);
      } else {
        if (!this.pending || this.pending.length < left) this.pending = new Uint8Array(Math.max(left * 2, 64 * 1024));
        this.pending.set(buf.subarray(p, end));
      }
    }
    this.pendingLength = final ? 0 : left;
  }

  /** Finishes the parse: the table with its final row count. */
  finish(): RawTable {
    if (this.pendingLength > 0) this.feed(new Uint8Array(0), true);
    const t = this.builder.table;
    t.rows = this.row;
    return t;
  }

  /** Parses one record at `pos`; returns where the next starts, or -1 if it needs more bytes. */
  private record(buf: Uint8Array, pos: number, end: number, final: boolean): number {
    // Blank lines are skipped (a trailing newline at the end of a file is the common case).
    const first = buf[pos]!;
    if (first === LF) {
      this.line++;
      return pos + 1;
    }
    if (first === CR) {
      if (pos + 1 >= end && !final) return -1;
      this.line++;
      return buf[pos + 1] === LF && !this.layout.crOnly ? pos + 2 : pos + 1;
    }
    const cols = this.cols;
    const delim = this.delim;
    const dec = this.dec;
    const isText = this.builder.isText;
    const hasNumber = this.builder.hasNumber;
    const cells = this.builder.ensureRow(this.row, this.options);
    const base = this.row * cols;
    let extraLines = 0;
    let col = 0;
    let p = pos;
    for (;;) {
      if (p >= end) {
        if (!final) return -1;
        // A delimiter right before the end of the file: an empty last field.
        if (col < cols) cells[base + col] = NaN;
        col++;
        break;
      }
      let c = buf[p]!;
      if (c === QUOTE) {
        // Quoted field: find the closing quote; "" inside is one quote character.
        let q = p + 1;
        let doubled = false;
        for (;;) {
          q = buf.indexOf(QUOTE, q);
          if (q < 0 || q >= end) {
            if (!final) {
              if (end - p > this.maxField) this.tooLong(col, this.line + extraLines);
              return -1;
            }
            throw this.unclosed(col, this.line + extraLines);
          }
          if (q + 1 < end && buf[q + 1] === QUOTE) {
            doubled = true;
            q += 2;
            continue;
          }
          if (q + 1 >= end && !final) return -1;
          break;
        }
        if (q - p - 1 > this.maxField) this.tooLong(col, this.line + extraLines);
        let text = this.decode(buf, p + 1, q, col, this.line + extraLines);
        if (doubled) text = text.replaceAll('""', '"');
        const fieldLine = this.line + extraLines;
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) extraLines++;
        p = q + 1;
        c = p < end ? buf[p]! : -1;
        if (c !== delim && c !== LF && c !== CR && c !== -1) {
          throw new DatasetError(
            `found ${describeByte(c)} right after the closing double quote of field ${col + 1}. Expected the ` +
              `delimiter (${describeByte(delim)}) or the end of the line. A double quote inside a quoted field ` +
              'must be written twice (""); fix the quoting of this field.',
            { file: this.source, line: fieldLine, column: col + 1 },
          );
        }
        if (col < cols) this.store(col, text, fieldLine, true);
      } else if (isText[col] === 0 && col < cols) {
        // Unquoted field of a numeric column: parse the number from the bytes as we scan.
        let q = p;
        let neg = false;
        if (c === MINUS) {
          neg = true;
          q++;
        } else if (c === PLUS) q++;
        let mant = 0;
        let digits = 0;
        let scale = 0;
        let d = 0;
        while (q < end && ((d = buf[q]! - 48) >>> 0) < 10) {
          mant = mant * 10 + d;
          digits++;
          q++;
        }
        if (q < end && buf[q] === dec) {
          q++;
          while (q < end && ((d = buf[q]! - 48) >>> 0) < 10) {
            mant = mant * 10 + d;
            digits++;
            scale++;
            q++;
          }
        }
        let exp = 0;
        let expOk = true;
        if (digits > 0 && q < end && (buf[q]! | 32) === 101) {
          q++;
          let eneg = false;
          if (buf[q] === MINUS) {
            eneg = true;
            q++;
          } else if (buf[q] === PLUS) q++;
          let ed = 0;
          while (q < end && ((d = buf[q]! - 48) >>> 0) < 10) {
            if (exp < 10000) exp = exp * 10 + d;
            ed++;
            q++;
          }
          expOk = ed > 0;
          if (eneg) exp = -exp;
        }
        const t = q < end ? buf[q]! : -1;
        if (t === -1 && !final) return -1;
        if (digits > 0 && digits <= 15 && expOk && (t === delim || t === LF || t === CR || t === -1)) {
          const e10 = exp - scale;
          let v = e10 === 0 ? mant : e10 < 0 ? (e10 >= -22 ? mant / POW10[-e10]! : mant / 10 ** -e10) : e10 <= 22 ? mant * POW10[e10]! : mant * 10 ** e10;
          if (neg) v = -v;
          if (v > F32_MAX || v < -F32_MAX) {
            throw overflowError(this.source, latin(buf, p, q), this.line + extraLines, col, this.layout.names[col]!);
          }
          cells[base + col] = v;
          p = q;
          c = t;
          // Marks the column as holding numbers (only read when text shows up later).
          hasNumber[col] = 1;
        } else {
          // Not a plain number: find the end of the field and classify its text.
          while (q < end && (d = buf[q]!) !== delim && d !== LF && d !== CR) q++;
          if (q >= end && !final) {
            if (q - p > this.maxField) this.tooLong(col, this.line + extraLines);
            return -1;
          }
          if (q - p > this.maxField) this.tooLong(col, this.line + extraLines);
          this.store(col, this.decode(buf, p, q, col, this.line + extraLines), this.line + extraLines, false);
          p = q;
          c = q < end ? buf[q]! : -1;
        }
      } else {
        // Unquoted field of a text column (or a surplus field, reported below).
        let q = p;
        let d = 0;
        while (q < end && (d = buf[q]!) !== delim && d !== LF && d !== CR) q++;
        if (q >= end && !final) {
          if (q - p > this.maxField) this.tooLong(col, this.line + extraLines);
          return -1;
        }
        if (q - p > this.maxField) this.tooLong(col, this.line + extraLines);
        if (col < cols) this.store(col, this.decode(buf, p, q, col, this.line + extraLines), this.line + extraLines, false);
        p = q;
        c = q < end ? buf[q]! : -1;
      }
      col++;
      if (c === delim) {
        p++;
        continue;
      }
      // End of record: LF, CRLF, CR or end of file.
      if (c === CR) {
        if (p + 1 >= end && !final) return -1;
        p += buf[p + 1] === LF && !this.layout.crOnly ? 2 : 1;
      } else if (c === LF) p++;
      break;
    }
    if (col !== cols) this.ragged(col, buf, pos, p);
    if (extraLines > 0) this.builder.table.multiline = true;
    this.line += 1 + extraLines;
    this.row++;
    return p;
  }

  /**
   * Reads rows of plain numbers only (`-12.5`, at most 15 digits, no exponent, no quotes, no
   * spaces) from `pos`, straight into the cells: the shape of almost every row of a numeric file.
   * Stops at the first row that is anything else (or at `lastLf`, the chunk's last LF) and returns
   * where that row starts; the general path then reads it from its start. Values are the general
   * path's too: the same mantissa / 10^scale, rounded once.
   */
  private plainRows(buf: Uint8Array, pos: number, lastLf: number): number {
    const cols = this.cols;
    const last = cols - 1;
    const delim = this.delim;
    const dec = this.dec;
    let cells = this.builder.table.cells;
    let row = this.row;
    let start = pos;
    // Every read below stops at an LF at the latest (an LF is no digit, sign or delimiter), and
    // rows start before the last LF, so no read passes it.
    rows: while (start < lastLf) {
      if ((row + 1) * cols > cells.length) cells = this.builder.ensureRow(row, this.options);
      const base = row * cols;
      let p = start;
      for (let col = 0; ; col++) {
        let c = buf[p]!;
        let neg = false;
        if (c === MINUS) {
          neg = true;
          c = buf[++p]!;
        }
        let mant = 0;
        let digits = 0;
        let d = 0;
        while (((d = c - 48) >>> 0) < 10) {
          mant = mant * 10 + d;
          digits++;
          c = buf[++p]!;
        }
        let scale = 0;
        if (c === dec) {
          c = buf[++p]!;
          while (((d = c - 48) >>> 0) < 10) {
            mant = mant * 10 + d;
            scale++;
            c = buf[++p]!;
          }
          digits += scale;
        }
        if (digits === 0 || digits > 15) break rows;
        const v = scale === 0 ? mant : mant / POW10[scale]!;
        cells[base + col] = neg ? -v : v;
        if (col < last) {
          if (c !== delim) break rows;
          p++;
          continue;
        }
        if (c === CR && buf[p + 1] === LF) c = buf[++p]!;
        if (c !== LF) break rows;
        break;
      }
      row++;
      start = p + 1;
    }
    this.builder.plainRows += row - this.row;
    this.line += row - this.row;
    this.row = row;
    return start;
  }

  /** Stores a field that was not a plain number: missing token, number in another spelling, or text. */
  private store(col: number, raw: string, line: number, quoted: boolean): void {
    const cells = this.builder.table.cells;
    const i = this.row * this.cols + col;
    const s = quoted ? raw : raw.trim();
    const t = s.trim();
    if (isMissingToken(t)) {
      cells[i] = NaN;
      return;
    }
    if (!this.builder.isText[col]) {
      const v = this.number(t);
      if (v !== undefined) {
        if (!Number.isFinite(v) || v > F32_MAX || v < -F32_MAX) {
          throw overflowError(this.source, t, line, col, this.layout.names[col]!);
        }
        cells[i] = v;
        this.builder.hasNumber[col] = 1;
        return;
      }
    }
    this.builder.setText(this.row, col, s, line);
  }

  /** A number in a spelling the fast path skips (spaces, 16+ digits, decimal comma, "Infinity"). */
  private number(t: string): number | undefined {
    if (t.length === 0) return undefined;
    const c = t.charCodeAt(0);
    // Only strings that look numeric: Number() also accepts "0x1f", "" and " ", which we do not want.
    if (!(c >= 48 && c <= 57) && c !== 45 && c !== 43 && c !== 46 && c !== 73 && c !== 105) return undefined;
    let u = t;
    if (this.dec === 44) u = u.replace(',', '.');
    if (/^[-+]?(inf|infinity)$/i.test(u)) return Infinity;
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(u)) return undefined;
    return Number(u);
  }

  private decode(buf: Uint8Array, s: number, e: number, col: number, line: number): string {
    // ASCII fields (the usual case) are built directly; UTF-8 goes through a fatal decoder.
    let ascii = true;
    for (let i = s; i < e; i++) {
      if (buf[i]! > 127) {
        ascii = false;
        break;
      }
    }
    if (ascii && e - s < 256) return latin(buf, s, e);
    try {
      return this.utf8.decode(buf.subarray(s, e));
    } catch {
      let bad = s;
      while (bad < e && buf[bad]! < 128) bad++;
      throw new DatasetError(
        `field ${col + 1} holds bytes that are not valid UTF-8 (found byte 0x${buf[bad]!.toString(16).toUpperCase()}). ` +
          'Expected UTF-8 text: the file was probably saved as Latin-1 or Windows-1252; re-save it as UTF-8 ' +
          '(in VS Code: "Reopen with Encoding", then "Save with Encoding", UTF-8).',
        { file: this.source, line, column: col + 1 },
      );
    }
  }

  private ragged(found: number, buf: Uint8Array, from: number, to: number): never {
    const shown = clip(latin(buf, from, Math.min(to, from + 200)).replace(/[\r\n]+$/, ''), 60);
    const where = this.layout.header ? 'the header has' : 'the first row has';
    throw new DatasetError(
      `this row has ${found} field${found === 1 ? '' : 's'} but ${where} ${this.cols} ("${shown}"). Expected every row ` +
        `to have ${this.cols} fields separated by ${describeByte(this.delim)}: look for a missing or extra delimiter, ` +
        'a truncated line, or a field that contains the delimiter but is not in double quotes.',
      { file: this.source, line: this.line, column: Math.min(found, this.cols + 1) },
    );
  }

  private unclosed(col: number, line: number): DatasetError {
    return new DatasetError(
      `field ${col + 1} opens a double quote that is never closed before the end of the file. Expected a closing " ` +
        '(a quote inside a quoted field is written ""). The file may be truncated, or the quote may be a stray ' +
        'character: close or remove it.',
      { file: this.source, line, column: col + 1 },
    );
  }

  private tooLong(col: number, line: number): never {
    const mbs = (this.maxField / 1024 / 1024).toFixed(this.maxField < 1024 * 1024 ? 2 : 0);
    throw new DatasetError(
      `field ${col + 1} is longer than ${mbs} MB. Expected short values (numbers, words): a field this long usually means ` +
        'an unclosed double quote that swallowed the rest of the file, or a file that is not a table. Fix the quote, ' +
        `or raise the limit with ${whereToRaise('maxFieldMegabytes')} if the long field is intended.`,
      { file: this.source, line, column: col + 1 },
    );
  }
}

/** ASCII bytes to a string without a decoder (short fields: cheaper than TextDecoder). */
function latin(buf: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(buf[i]!);
  return out;
}

export function describeByte(b: number): string {
  if (b === 9) return 'a tab';
  if (b === 44) return 'a comma (,)';
  if (b === 59) return 'a semicolon (;)';
  if (b === 124) return 'a pipe (|)';
  if (b === 34) return 'a double quote (")';
  if (b === 32) return 'a space';
  if (b >= 33 && b < 127) return `"${String.fromCharCode(b)}"`;
  return `byte 0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
}

export { isMissingToken };
