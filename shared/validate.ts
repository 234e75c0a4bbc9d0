/**
 * The one set of checks for messages that cross a boundary (a webview's intents, a worker's
 * answers before a view draws them): small type guards, so each protocol file says what a
 * message must be rather than re-writing how to check it. Imports nothing: both sides take it.
 */

export type Obj = Record<string, unknown>;

/** A plain object (not null, not an array). */
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A finite number. */
export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A whole number in [min, max] (inclusive). */
export const isInt = (v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** A string of at most `max` characters. */
export const isStr = (v: unknown, max = 100_000): v is string => typeof v === 'string' && v.length <= max;

/** An array of finite numbers (of `length`, when given). */
export const isNums = (v: unknown, length?: number): v is number[] => Array.isArray(v) && (length === undefined || v.length === length) && v.every(isNum);

/** An array of strings. */
export const isStrs = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** `[lo, hi]`, two finite numbers with lo < hi. */
export const isRange = (v: unknown): v is [number, number] => isNums(v, 2) && v[0]! < v[1]!;

/** A share in 0…1. */
export const isShare = (v: unknown): v is number => isNum(v) && v >= 0 && v <= 1;

/**
 * A whole number in [min, max], or `fallback` when absent; anything else is refused with the
 * field's name (as `makeError` builds it: a UserError where the engine checks a request).
 */
export function wholeOr(v: unknown, field: string, [min, max]: readonly [number, number], fallback: number, makeError: (message: string) => Error = (m) => new RangeError(m)): number {
  if (v === undefined) return fallback;
  if (!isInt(v, min, max)) throw makeError(`${field} must be a whole number from ${min} to ${max}; got ${JSON.stringify(v)}`);
  return v;
}
