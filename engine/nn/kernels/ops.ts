/**
 * Elementwise operations and reductions on float32 arrays, written as plain loops that
 * allocate nothing. `n` defaults to the whole array.
 */

/** out[r·cols + j] = v[j] for every row: broadcasts a row vector (a bias) over `rows` rows. */
export function broadcastRows(v: Float32Array, out: Float32Array, rows: number): void {
  const cols = v.length;
  // A plain loop: TypedArray.set costs more than it copies for the short rows of small layers.
  for (let r = 0, o = 0; r < rows; r++, o += cols) for (let j = 0; j < cols; j++) out[o + j] = v[j]!;
}

/** out[j] = Σ_r a[r·cols + j]: sums a [rows × cols] matrix over its rows (a bias gradient). */
export function sumRows(a: Float32Array, out: Float32Array, rows: number, cols: number): void {
  out.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) out[j]! += a[o + j]!;
  }
}

/** out[i] = a[i] · b[i]. */
export function multiply(a: Float32Array, b: Float32Array, out: Float32Array, n = a.length): void {
  for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
}

/** y[i] += alpha · x[i] (BLAS axpy). */
export function addScaled(x: Float32Array, alpha: number, y: Float32Array, n = x.length): void {
  for (let i = 0; i < n; i++) y[i]! += alpha * x[i]!;
}

/** a[i] *= alpha. */
export function scale(a: Float32Array, alpha: number, n = a.length): void {
  for (let i = 0; i < n; i++) a[i]! *= alpha;
}

/** Σ a[i]², accumulated in double. */
export function sumOfSquares(a: Float32Array, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * a[i]!;
  return s;
}

/** The L2 norm √Σ a[i]² (NaN or Infinity when a value is not finite). */
export function l2Norm(a: Float32Array, n = a.length): number {
  return Math.sqrt(sumOfSquares(a, n));
}

/** Index of the largest of a[offset … offset+n−1], relative to offset (the first on ties). */
export function argmax(a: Float32Array, offset: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (a[offset + j]! > a[offset + best]!) best = j;
  return best;
}

/** dst[i] = src[i]: a plain loop, cheaper than TypedArray.set for the short arrays of small layers. */
export function copyInto(src: Float32Array, dst: Float32Array, n = src.length): void {
  if (n > 64) dst.set(n === src.length ? src : src.subarray(0, n));
  else for (let i = 0; i < n; i++) dst[i] = src[i]!;
}

/** Whether every value is finite. */
export function allFinite(a: Float32Array, n = a.length): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}
