import { Task } from './dataset';
import { DatasetError } from '../errors';
import { whereToRaise } from './limits';

/** What to do with rows that have a missing value: drop them, or fill in a column's mean / mode. */
export type MissingPolicy = 'drop' | 'mean' | 'mode';

/** Anything with an `aborted` flag: an AbortSignal, or a plain object a caller flips. */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** How to read a dataset file. Every field is optional; the reader infers what is not given. */
export interface DatasetOptions {
  /** Label column, by name (or 1-based column number as a string). Default: a column named label/target/class/y/…, else the last. */
  label?: string;
  /** Force the task; default: classification for text or few distinct integers, else regression. */
  task?: Task;
  /** Missing-value policy (default 'drop'). */
  missing?: MissingPolicy;
  /** Date-like columns: left out with a note ('ignore', the default) or turned into days since 1970-01-01 ('number'). */
  dates?: 'ignore' | 'number';
  /** Field delimiter of delimited text (one character, or 'tab'); default: sniffed. */
  delimiter?: string;
  /** Whether the first row is a header; default: detected. */
  header?: boolean;
  /** Decimal comma (`1,5`) in semicolon-delimited files; default: detected. */
  decimalComma?: boolean;
  /** Image shape [height, width, channels] for pixel CSVs and image folders (resize target). */
  imageShape?: readonly [number, number, number];
  /** Refuse datasets whose float arrays would exceed this many bytes (default 512 MB). */
  maxBytes?: number;
  /**
   * Text columns with more distinct values than this are not one-hot encoded (default 50); a
   * label may have up to the larger of this and 200 classes.
   */
  maxCategories?: number;
  /** Classes with fewer rows than this get a warning note (default 5). */
  minClassRows?: number;
  /** A single field longer than this many bytes is refused (default 1 MiB). */
  maxFieldBytes?: number;
  /** Cancels a parse in progress; the parse rejects with a `ParseCancelled`. */
  signal?: CancelSignal;
}

/** Progress of a long parse: `done` of `total` units (bytes, usually) in a phase. */
export interface ParseProgress {
  readonly phase: 'read' | 'count' | 'parse' | 'encode' | 'decode';
  readonly done: number;
  readonly total: number;
}
export type ProgressCallback = (p: ParseProgress) => void;

export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
export const DEFAULT_MAX_CATEGORIES = 50;
export const DEFAULT_MIN_CLASS_ROWS = 5;
export const DEFAULT_MAX_FIELD_BYTES = 1024 * 1024;

/** Thrown when `options.signal` is aborted; not a UserError (the user asked for it). */
export class ParseCancelled extends Error {
  override readonly name = 'ParseCancelled';
  constructor() {
    super('dataset parsing was cancelled');
  }
}

export function throwIfCancelled(signal: CancelSignal | undefined): void {
  if (signal?.aborted) throw new ParseCancelled();
}

/**
 * Lets the event loop run (so an abort message or a progress post can get through) — a
 * macrotask, because microtasks alone would not let a worker's message handler run.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Refuses a dataset whose float arrays would take more than `options.maxBytes`. */
export function checkSize(floats: number, source: string, options: DatasetOptions, what = 'its values'): void {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const bytes = floats * 4;
  if (bytes > max) {
    throw new DatasetError(
      `${what} would need ${mb(bytes)} of memory as 32-bit floats, more than the ${mb(max)} limit ` +
        'expected for a dataset here. Use a smaller sample of the file (fewer rows or columns), or raise the limit ' +
        `with ${whereToRaise('maxMegabytes')} if this machine has the memory.`,
      { file: source },
    );
  }
}

export function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Resolves a delimiter option ("tab", "\\t", ",", ";", "|") to its byte. */
export function delimiterByte(d: string, source: string): number {
  const map: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|', space: ' ' };
  const c = map[d.toLowerCase()] ?? d;
  if (c.length !== 1 || c.charCodeAt(0) > 127 || c === '"' || c === '\n' || c === '\r') {
    throw new DatasetError(
      `the delimiter option is "${d}", which is not a single ASCII character. ` +
        'Expected one character such as "," ";" "|" or "tab".',
      { file: source },
    );
  }
  return c.charCodeAt(0);
}
