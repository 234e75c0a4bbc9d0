import { DatasetError } from '../errors';
import { DatasetOptions, delimiterByte } from './options';
import { clip, isMissingToken } from './table';

/** How a delimited text file is laid out, decided from its first bytes. */
export interface CsvLayout {
  readonly delimiter: number;
  /** The decimal separator byte: '.' or ',' (semicolon files written by European locales). */
  readonly decimal: number;
  readonly header: boolean;
  readonly names: readonly string[];
  /** Byte offset where data rows start (after BOM and header). */
  readonly dataStart: number;
  /** Physical line number (1-based) of the first data row. */
  readonly dataLine: number;
  /** Records end at a lone CR (old Mac files) rather than LF or CRLF. */
  readonly crOnly: boolean;
  /** What was decided, for notes. */
  readonly decisions: readonly string[];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const DELIMS = [44, 59, 9, 124]; // , ; tab |
const NAMES: Record<number, string> = { 44: 'comma', 59: 'semicolon', 9: 'tab', 124: 'pipe', 32: 'space' };

/** Bytes sniffed at most; the first record must end within them. */
export const SNIFF_BYTES = 256 * 1024;
/** The first record (header) may be this long before the file is refused. */
export const MAX_FIRST_RECORD = 16 * 1024 * 1024;

/**
 * Refuses files that are not UTF-8 text: empty, binary, compressed, UTF-16/32. Returns the BOM
 * length to skip.
 */
export function checkText(sample: Uint8Array, source: string, fileBytes: number): number {
  const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf ? 3 : 0;
  let blank = true;
  for (let i = bom; i < sample.length; i++) {
    const b = sample[i]!;
    if (b !== 32 && b !== 9 && b !== LF && b !== CR) {
      blank = false;
      break;
    }
  }
  if (fileBytes === 0 || (blank && sample.length >= fileBytes)) {
    throw new DatasetError(
      `the file is empty${fileBytes ? ' (only blank lines)' : ''}. Expected a header row and data rows ` +
        '(e.g. "x1,x2,label" then one row per example). Check that the file was saved and is the one you meant.',
      { file: source },
    );
  }
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    throw new DatasetError(
      'the file is UTF-16 encoded (it starts with a UTF-16 byte-order mark). Expected UTF-8 text: ' +
        're-save it as UTF-8 (in VS Code: click the encoding in the status bar, "Save with Encoding", UTF-8).',
      { file: source },
    );
  }
  if (sample[0] === 0x1f && sample[1] === 0x8b) {
    throw new DatasetError(
      'the file is gzip-compressed but its name does not end in .gz, so it was expected to be plain text. Rename it to end in .gz (e.g. data.csv.gz) ' +
        'so it is decompressed first, or decompress it.',
      { file: source },
    );
  }
  let control = 0;
  const n = Math.min(sample.length, 64 * 1024);
  for (let i = 0; i < n; i++) {
    const b = sample[i]!;
    if (b === 0) return binary(source, i, 'a zero byte');
    if (b < 32 && b !== 9 && b !== LF && b !== CR && b !== 12) control++;
  }
  if (control > n / 100 + 2) return binary(source, -1, `${control} control characters in the first ${n} bytes`);
  return bom;
}

function binary(source: string, offset: number, found: string): never {
  throw new DatasetError(
    `this is not a text file: found ${found}${offset >= 0 ? ` at byte ${offset}` : ''}. Expected delimited ` +
      'UTF-8 text (CSV/TSV). If it is a spreadsheet (.xlsx) or another binary format, export it as CSV first; ' +
      'if it is MNIST data, name it like train-images-idx3-ubyte(.gz).',
    { file: source },
  );
}

/** Splits the start of a file into records of strings, the way the main parser would. */
export function splitSample(
  bytes: Uint8Array,
  start: number,
  delim: number,
  crOnly: boolean,
  maxRecords: number,
  isWhole: boolean,
): { records: string[][]; ends: number[]; lines: number[]; endLines: number[] } {
  const dec = new TextDecoder('utf-8');
  const records: string[][] = [];
  const ends: number[] = [];
  const lines: number[] = [];
  const endLines: number[] = [];
  let p = start;
  let line = 1;
  const n = bytes.length;
  while (p < n && records.length < maxRecords) {
    if (bytes[p] === LF || bytes[p] === CR) {
      if (bytes[p] === CR && bytes[p + 1] === LF) p++;
      p++;
      line++;
      continue;
    }
    const rec: string[] = [];
    const recLine = line;
    let complete = false;
    for (;;) {
      let field: string;
      if (bytes[p] === QUOTE) {
        let q = p + 1;
        let text = '';
        let from = q;
        for (;;) {
          while (q < n && bytes[q] !== QUOTE) {
            if (bytes[q] === LF) line++;
            q++;
          }
          if (q >= n) break;
          if (bytes[q + 1] === QUOTE) {
            text += dec.decode(bytes.subarray(from, q + 1));
            q += 2;
            from = q;
            continue;
          }
          break;
        }
        if (q >= n) break; // unclosed within sample: incomplete (the parser reports it)
        field = text + dec.decode(bytes.subarray(from, q));
        p = q + 1;
        while (p < n && bytes[p] !== delim && bytes[p] !== LF && bytes[p] !== CR) p++;
      } else {
        let q = p;
        while (q < n && bytes[q] !== delim && bytes[q] !== LF && bytes[q] !== CR) q++;
        field = dec.decode(bytes.subarray(p, q));
        p = q;
      }
      rec.push(field);
      if (p < n && bytes[p] === delim) {
        p++;
        continue;
      }
      if (p >= n) {
        complete = isWhole;
        break;
      }
      if (bytes[p] === CR && !crOnly && bytes[p + 1] === LF) p++;
      p++;
      line++;
      complete = true;
      break;
    }
    if (!complete) break;
    records.push(rec);
    ends.push(p);
    lines.push(recLine);
    endLines.push(line);
  }
  return { records, ends, lines, endLines };
}

/** Counts each candidate delimiter per line (outside quotes) over the first lines of `text`. */
function chooseDelimiter(sample: Uint8Array, start: number): number {
  const counts = DELIMS.map(() => [] as number[]);
  const cur = DELIMS.map(() => 0);
  let inQuote = false;
  let lines = 0;
  for (let i = start; i < sample.length && lines < 50; i++) {
    const b = sample[i]!;
    if (b === QUOTE) inQuote = !inQuote;
    else if (!inQuote && (b === LF || b === CR)) {
      if (b === CR && sample[i + 1] === LF) i++;
      if (cur.some((c) => c > 0) || lines === 0) {
        DELIMS.forEach((_, k) => counts[k]!.push(cur[k]!));
        lines++;
      }
      cur.fill(0);
    } else if (!inQuote) {
      const k = DELIMS.indexOf(b);
      if (k >= 0) cur[k]!++;
    }
  }
  if (cur.some((c) => c > 0)) DELIMS.forEach((_, k) => counts[k]!.push(cur[k]!));
  // Best: the delimiter that appears the same non-zero number of times on the most lines.
  let best = DELIMS[0]!;
  let bestScore = 0;
  DELIMS.forEach((d, k) => {
    const c = counts[k]!;
    const freq = new Map<number, number>();
    for (const v of c) if (v > 0) freq.set(v, (freq.get(v) ?? 0) + 1);
    for (const [v, f] of freq) {
      const score = (f / Math.max(1, c.length)) * 1000 + Math.min(v, 999) / 1000;
      if (score > bestScore) {
        bestScore = score;
        best = d;
      }
    }
  });
  return best;
}

const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const COMMA_NUMBER_RE = /^[-+]?\d+,\d+$/;

function numeric(s: string, decimalComma: boolean): boolean {
  const t = s.trim();
  return NUMBER_RE.test(t) || (decimalComma && COMMA_NUMBER_RE.test(t));
}

/**
 * Decides the layout of a delimited text file from its first bytes. `isWhole` says whether
 * `sample` is the whole file (then a last record without a newline is complete).
 */
export function sniffCsv(
  sample: Uint8Array,
  source: string,
  options: DatasetOptions,
  fileBytes: number,
): CsvLayout {
  const isWhole = sample.length >= fileBytes;
  const bom = checkText(sample, source, fileBytes);
  const decisions: string[] = [];
  let lf = false;
  let cr = false;
  for (let i = bom; i < Math.min(sample.length, 64 * 1024); i++) {
    if (sample[i] === LF) lf = true;
    else if (sample[i] === CR) cr = true;
  }
  const crOnly = cr && !lf;
  const ext = source.toLowerCase().replace(/\.gz$/, '');
  let delimiter: number;
  if (options.delimiter !== undefined) delimiter = delimiterByte(options.delimiter, source);
  else if (ext.endsWith('.tsv') || ext.endsWith('.tab')) delimiter = 9;
  else {
    delimiter = chooseDelimiter(sample, bom);
    decisions.push(`delimiter: ${NAMES[delimiter]} (detected)`);
  }
  const { records, ends, lines, endLines } = splitSample(sample, bom, delimiter, crOnly, 60, isWhole);
  if (records.length === 0) {
    if (!isWhole && sample.length < fileBytes) {
      throw new DatasetError(
        `the first line is longer than ${Math.round(sample.length / 1024 / 1024)} MB (or opens a quote that never closes). ` +
          'Expected a header or data row of ordinary length: check the file is delimited text, and close any open quote.',
        { file: source, line: 1 },
      );
    }
    throw new DatasetError(
      'the first line is not a complete row: it opens a double quote that never closes. ' +
        'Close the quote, or remove the stray quote character.',
      { file: source, line: 1, column: 1 },
    );
  }
  const first = records[0]!;
  const rest = records.slice(1);

  let decimal = 46;
  if (delimiter === 59) {
    let commas = 0;
    let dots = 0;
    for (const r of rest.length ? rest : records)
      for (const f of r) {
        if (COMMA_NUMBER_RE.test(f.trim())) commas++;
        else if (/^[-+]?\d*\.\d+$/.test(f.trim())) dots++;
      }
    const useComma = options.decimalComma ?? (commas > 0 && dots === 0);
    if (useComma) {
      decimal = 44;
      if (options.decimalComma === undefined) decisions.push('decimal separator: comma (detected)');
    }
  }
  const dc = decimal === 44;

  let header: boolean;
  if (options.header !== undefined) header = options.header;
  else {
    const textFirst = first.map((f) => !numeric(f, dc) && !isMissingToken(f.trim()));
    if (rest.length === 0) header = textFirst.every(Boolean);
    else {
      const numericBelow = first.map((_, j) => {
        const vals = rest.map((r) => r[j] ?? '').filter((v) => !isMissingToken(v.trim()));
        return vals.length > 0 && vals.filter((v) => numeric(v, dc)).length >= vals.length * 0.5;
      });
      const anyTextOverNumber = textFirst.some((t, j) => t && numericBelow[j]);
      const allTextUnseen =
        textFirst.every(Boolean) &&
        new Set(first).size === first.length &&
        first.every((f, j) => !rest.some((r) => r[j] === f));
      header = anyTextOverNumber || allTextUnseen;
    }
    decisions.push(header ? 'header row: yes (detected)' : 'header row: none (detected); columns named column1, column2, …');
  }

  let names: string[];
  if (header) {
    names = first.map((f, j) => f.trim() || `column${j + 1}`);
    const seen = new Map<string, number>();
    names.forEach((nm, j) => {
      const k = seen.get(nm);
      if (k !== undefined) {
        throw new DatasetError(
          `the header names column ${k + 1} and column ${j + 1} both "${clip(nm)}". Expected every column name ` +
            'to be different (the label and the features are chosen by name): rename one of them.',
          { file: source, line: lines[0]!, column: j + 1 },
        );
      }
      seen.set(nm, j);
    });
  } else names = first.map((_, j) => `column${j + 1}`);

  return {
    delimiter,
    decimal,
    header,
    names,
    dataStart: header ? ends[0]! : bom,
    dataLine: header ? endLines[0]! : 1,
    crOnly,
    decisions,
  };
}
