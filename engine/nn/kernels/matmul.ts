/**
 * Matrix products on row-major float32 arrays, in the three forms backpropagation needs.
 * Loops are ordered so that the innermost one walks memory contiguously, rows are unrolled
 * by four so that each loaded value of B serves four rows of A, and nothing is allocated.
 * These are the readable reference kernels; `out` must not alias an input.
 */

/** out[m×n] = A[m×k] · B[k×n] (plus out, when `accumulate`). */
export function matmul(
  a: Float32Array, b: Float32Array, out: Float32Array,
  m: number, k: number, n: number, accumulate = false,
): void {
  if (!accumulate) out.fill(0, 0, m * n);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    for (let p = 0; p < k; p++) {
      const v0 = a[a0 + p]!, v1 = a[a1 + p]!, v2 = a[a2 + p]!, v3 = a[a3 + p]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) {
        const bv = b[bp + j]!;
        out[o0 + j]! += v0 * bv;
        out[o1 + j]! += v1 * bv;
        out[o2 + j]! += v2 * bv;
        out[o3 + j]! += v3 * bv;
      }
    }
  }
  for (; i < m; i++) {
    const ai = i * k, oi = i * n;
    for (let p = 0; p < k; p++) {
      const v = a[ai + p]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) out[oi + j]! += v * b[bp + j]!;
    }
  }
}

/** out[m×n] = Aᵀ · B, where A is [k×m] and B is [k×n] (plus out, when `accumulate`). */
export function matmulTransA(
  a: Float32Array, b: Float32Array, out: Float32Array,
  m: number, k: number, n: number, accumulate = false,
): void {
  if (!accumulate) out.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    const ap = p * m, bp = p * n;
    let i = 0;
    for (; i + 3 < m; i += 4) {
      const v0 = a[ap + i]!, v1 = a[ap + i + 1]!, v2 = a[ap + i + 2]!, v3 = a[ap + i + 3]!;
      const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      for (let j = 0; j < n; j++) {
        const bv = b[bp + j]!;
        out[o0 + j]! += v0 * bv;
        out[o1 + j]! += v1 * bv;
        out[o2 + j]! += v2 * bv;
        out[o3 + j]! += v3 * bv;
      }
    }
    for (; i < m; i++) {
      const v = a[ap + i]!, oi = i * n;
      for (let j = 0; j < n; j++) out[oi + j]! += v * b[bp + j]!;
    }
  }
}

/** out[m×n] = A · Bᵀ, where A is [m×k] and B is [n×k] (plus out, when `accumulate`). */
export function matmulTransB(
  a: Float32Array, b: Float32Array, out: Float32Array,
  m: number, k: number, n: number, accumulate = false,
): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k, oi = i * n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const av = a[ai + p]!;
        s0 += av * b[b0 + p]!;
        s1 += av * b[b1 + p]!;
        s2 += av * b[b2 + p]!;
        s3 += av * b[b3 + p]!;
      }
      if (accumulate) {
        out[oi + j]! += s0; out[oi + j + 1]! += s1; out[oi + j + 2]! += s2; out[oi + j + 3]! += s3;
      } else {
        out[oi + j] = s0; out[oi + j + 1] = s1; out[oi + j + 2] = s2; out[oi + j + 3] = s3;
      }
    }
    for (; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p]! * b[bj + p]!;
      out[oi + j] = accumulate ? out[oi + j]! + s : s;
    }
  }
}
