import { DatasetError } from '../errors';
import { whereToRaise } from './limits';

import type { CancelSignal } from '../protocol/job';
export type { CancelSignal } from '../protocol/job';
export type { MissingPolicy, DatasetOptions } from '../protocol/data';
import type { DatasetOptions } from '../protocol/data';
import type { ParseProgress } from '../protocol/worker';
export type { ParseProgress } from '../protocol/worker';

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
