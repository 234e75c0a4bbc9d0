/**
 * The one rule for which records of a long sequence are kept — steps in `metrics.jsonl`, the
 * steps and epochs a view's snapshot holds, the points of the symmetry timeline. Denser at the
 * start, where curves change fastest, and bounded by the logarithm of the length:
 *
 *   keep record n (1-based) if n ≤ 256, or if n is a multiple of 2^k where 256·2^(k−1) < n ≤ 256·2^k.
 *
 * That is every one of the first 256 records, then 128 per doubling of the count: about 1,000
 * records for 20,000 steps, 1,800 for a million, 2,200 for ten million. The rule looks only at
 * n, so it works online (a record once kept stays kept) and every side that applies it to the
 * same sequence keeps the same records. Pure and import-free: the engine, the extension and the
 * webviews all use it.
 */

/** Records kept before thinning starts; each later doubling of the count keeps half this many. */
export const DENSE_RECORDS = 256;

export function keepRecord(n: number): boolean {
  if (n <= DENSE_RECORDS) return true;
  let stride = 2;
  while (DENSE_RECORDS * stride < n) stride *= 2;
  return n % stride === 0;
}

/** How many of the records 1..n the rule keeps (for tests and the README's numbers). */
export function recordsKept(n: number): number {
  if (n <= DENSE_RECORDS) return Math.max(0, Math.floor(n));
  let kept = DENSE_RECORDS, stride = 2, low = DENSE_RECORDS;
  while (low < n) {
    const high = Math.min(n, DENSE_RECORDS * stride);
    kept += Math.floor(high / stride) - Math.floor(low / stride);
    low = high;
    stride *= 2;
  }
  return kept;
}
