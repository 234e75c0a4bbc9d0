// @ts-nocheck — this file is AssemblyScript, compiled to WebAssembly by `asc` (scripts/build-wasm.mjs),
// which type-checks it with its own types (f32, usize, v128); tsc does not know them.
/*
 * The three matmul forms of engine/nn/kernels/matmul.ts as one WebAssembly SIMD kernel.
 *
 * C[m×n] (+)= A·B with A(i, p) and B(p, j) read through strides, so one kernel serves
 * A·B, Aᵀ·B and A·Bᵀ. B is first packed into panels of 8 columns (k rows of 8 contiguous
 * floats, zero-padded past n) so the inner loop reads it sequentially whatever its layout,
 * and one panel (k × 32 bytes) stays in L1 cache while every row block of A passes over it.
 * The inner loop is a 4×8 register block: 8 f32x4 accumulators, 2 loads of B and 4
 * broadcast loads of A per step of p, so each value loaded serves 4 or 8 multiply-adds.
 *
 * All pointers are byte offsets into this module's memory; the host copies operands in and
 * the result out (engine/nn/kernels/wasm-matmul.ts). Each output sums its k products in the
 * same order as the reference kernels (p ascending) but rounds every partial sum to float32
 * (the reference sums in JavaScript's float64 before storing) and adds an accumulated `out`
 * last rather than first, so the two agree to float32 rounding, not bit for bit.
 */

const PANEL: i32 = 8;
const PANEL_BYTES: i32 = PANEL * 4;

/** Form codes shared with the host. */
export const AB: i32 = 0; // A [m×k] · B [k×n]
export const ATB: i32 = 1; // Aᵀ · B, A [k×m], B [k×n]
export const ABT: i32 = 2; // A · Bᵀ, A [m×k], B [n×k]

/** A 32-byte scratch row for storing the last, partial panel of a row. */
const EDGE: usize = memory.data(32, 16);

/** First byte the host may use for operands. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Bytes of the packed copy of B for k × n. */
export function packedBytes(k: i32, n: i32): i32 {
  return ((n + PANEL - 1) / PANEL) * k * PANEL_BYTES;
}

/**
 * out (+)= the product of `form` (see AB, ATB, ABT). `pack` is scratch of packedBytes(k, n).
 * `out` must not overlap the operands.
 */
export function matmul(form: i32, a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, accumulate: bool, pack: usize): void {
  // Strides in bytes: A(i, p) = a + i·ai + p·ap; B(p, j) = b + p·bp + j·bj.
  const ai: usize = form == ATB ? 4 : <usize>k << 2;
  const ap: usize = form == ATB ? <usize>m << 2 : 4;
  const bp: usize = form == ABT ? 4 : <usize>n << 2;
  const bj: usize = form == ABT ? <usize>k << 2 : 4;
  packB(b, k, n, bp, bj, pack);
  const panels = (n + PANEL - 1) / PANEL;
  const rowBytes: usize = <usize>n << 2;
  for (let q = 0; q < panels; q++) {
    const panel = pack + <usize>q * <usize>k * PANEL_BYTES;
    const cols = min(PANEL, n - q * PANEL);
    const outCol = out + (<usize>(q * PANEL) << 2);
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      block4x8(a + <usize>i * ai, ai, ap, panel, k, outCol + <usize>i * rowBytes, rowBytes, cols, accumulate);
    }
    for (; i < m; i++) {
      block1x8(a + <usize>i * ai, ap, panel, k, outCol + <usize>i * rowBytes, cols, accumulate);
    }
  }
}

/** Copies B(p, j) into panels: panel q, row p holds B(p, 8q … 8q+7), zeros past column n. */
function packB(b: usize, k: i32, n: i32, bp: usize, bj: usize, pack: usize): void {
  const panels = (n + PANEL - 1) / PANEL;
  for (let q = 0; q < panels; q++) {
    const j0 = q * PANEL;
    const cols = min(PANEL, n - j0);
    let dst = pack + <usize>q * <usize>k * PANEL_BYTES;
    let src = b + <usize>j0 * bj;
    if (cols == PANEL && bj == 4) {
      // Row-major B: each panel row is 8 contiguous floats.
      for (let p = 0; p < k; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += PANEL_BYTES;
        src += bp;
      }
    } else {
      for (let p = 0; p < k; p++) {
        for (let c = 0; c < PANEL; c++) {
          store<f32>(dst + (<usize>c << 2), c < cols ? load<f32>(src + <usize>c * bj) : 0);
        }
        dst += PANEL_BYTES;
        src += bp;
      }
    }
  }
}

/** Rows i … i+3 of one 8-column panel: four rows of A against the packed panel. */
function block4x8(a: usize, ai: usize, ap: usize, panel: usize, k: i32, out: usize, rowBytes: usize, cols: i32, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let pa = a;
  let pb = panel;
  const a1 = ai, a2 = ai * 2, a3 = ai * 3;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(pa + a1);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(pa + a2);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(pa + a3);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    pa += ap;
    pb += PANEL_BYTES;
  }
  storeRow(out, c00, c01, cols, accumulate);
  storeRow(out + rowBytes, c10, c11, cols, accumulate);
  storeRow(out + rowBytes * 2, c20, c21, cols, accumulate);
  storeRow(out + rowBytes * 3, c30, c31, cols, accumulate);
}

/** One leftover row of A against the packed panel. */
function block1x8(a: usize, ap: usize, panel: usize, k: i32, out: usize, cols: i32, accumulate: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let pa = a;
  let pb = panel;
  for (let p = 0; p < k; p++) {
    const x = v128.load32_splat(pa);
    c0 = f32x4.add(c0, f32x4.mul(x, v128.load(pb)));
    c1 = f32x4.add(c1, f32x4.mul(x, v128.load(pb, 16)));
    pa += ap;
    pb += PANEL_BYTES;
  }
  storeRow(out, c0, c1, cols, accumulate);
}

/** Writes (or adds) the first `cols` of the 8 values v0‖v1 at `out`. */
function storeRow(out: usize, v0: v128, v1: v128, cols: i32, accumulate: bool): void {
  if (cols == PANEL) {
    if (accumulate) {
      v0 = f32x4.add(v0, v128.load(out));
      v1 = f32x4.add(v1, v128.load(out, 16));
    }
    v128.store(out, v0);
    v128.store(out, v1, 16);
    return;
  }
  v128.store(EDGE, v0);
  v128.store(EDGE, v1, 16);
  for (let c = 0; c < cols; c++) {
    const at = out + (<usize>c << 2);
    const v = load<f32>(EDGE + (<usize>c << 2));
    store<f32>(at, accumulate ? load<f32>(at) + v : v);
  }
}
