/*
 * The WebAssembly SIMD matmul against the TypeScript reference kernels: all three forms,
 * accumulate on and off, on sizes that exercise every edge of its 4×8 blocking (rows not a
 * multiple of 4, columns not a multiple of 8, k = 1) and the W2 benchmark's layer sizes.
 * They must agree to float32 rounding: each output is a k-term sum, and two float32
 * evaluations of it may differ by at most about 2·k·u·Σ|aᵢ·bᵢ| (u = 2⁻²⁴), plus the rounding
 * of an accumulated start value.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import * as dispatch from '../../engine/nn/kernels';
import * as reference from '../../engine/nn/kernels/matmul';
import { MatmulForm, wasmMatmul } from '../../engine/nn/kernels/wasm-matmul';
import { Prng } from '../../engine/prng';

const U = 2 ** -24;
const forms = [
  { name: 'A·B', form: MatmulForm.AB, ref: reference.matmul, fast: dispatch.matmul, aShape: (m: number, k: number) => m * k, bShape: (k: number, n: number) => k * n },
  { name: 'Aᵀ·B', form: MatmulForm.ATB, ref: reference.matmulTransA, fast: dispatch.matmulTransA, aShape: (m: number, k: number) => k * m, bShape: (k: number, n: number) => k * n },
  { name: 'A·Bᵀ', form: MatmulForm.ABT, ref: reference.matmulTransB, fast: dispatch.matmulTransB, aShape: (m: number, k: number) => m * k, bShape: (k: number, n: number) => n * k },
] as const;
const sizes: [m: number, k: number, n: number][] = [[1, 1, 1], [7, 13, 5], [4, 1, 8], [5, 3, 9], [9, 17, 17], [33, 2, 31], [64, 784, 128], [64, 128, 64], [64, 64, 10]];

function random(n: number, rng: Prng): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(-1, 1);
  return a;
}

/** Σₚ |A(i,p)·B(p,j)| for each output, the scale of its rounding error. */
function magnitudes(form: MatmulForm, a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const s = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let p = 0; p < k; p++) {
        const av = form === MatmulForm.ATB ? a[p * m + i]! : a[i * k + p]!;
        const bv = form === MatmulForm.ABT ? b[j * k + p]! : b[p * n + j]!;
        t += Math.abs(av * bv);
      }
      s[i * n + j] = t;
    }
  }
  return s;
}

function assertClose(got: Float32Array, want: Float32Array, scale: Float64Array, start: Float32Array | undefined, k: number, what: string): void {
  for (let i = 0; i < want.length; i++) {
    const tol = 2 * (k + 2) * U * (scale[i]! + Math.abs(start?.[i] ?? 0)) + 1e-30;
    const d = Math.abs(got[i]! - want[i]!);
    if (!(d <= tol)) assert.fail(`${what}: element ${i}: wasm ${got[i]} vs reference ${want[i]} (|Δ| ${d.toExponential(2)} > ${tol.toExponential(2)})`);
  }
}

test('the WebAssembly SIMD kernel is available in Node', () => {
  assert.ok(wasmMatmul(), 'WebAssembly SIMD should compile and instantiate in Node ≥ 16.4');
  assert.equal(dispatch.kernelName(), 'wasm-simd');
});

for (const f of forms) {
  for (const [m, k, n] of sizes) {
    for (const accumulate of [false, true]) {
      test(`wasm ${f.name} ${m}×${k}×${n}${accumulate ? ', accumulating' : ''} equals the reference kernel`, () => {
        const rng = new Prng(m * 10007 + k * 101 + n + (accumulate ? 1 : 0));
        const a = random(f.aShape(m, k), rng), b = random(f.bShape(k, n), rng);
        const start = accumulate ? random(m * n, rng) : undefined;
        // Outputs start as garbage when not accumulating: both kernels must overwrite them.
        const want = start ? start.slice() : random(m * n, rng);
        const got = start ? start.slice() : random(m * n, rng);
        f.ref(a, b, want, m, k, n, accumulate);
        wasmMatmul()!.run(f.form, a, b, got, m, k, n, accumulate);
        assertClose(got, want, magnitudes(f.form, a, b, m, k, n), start, k, `${f.name} ${m}×${k}×${n}`);
      });
    }
  }
}

test('operands longer than their matrices (batch views) and outputs with extra room are handled', () => {
  const rng = new Prng(5);
  const [m, k, n] = [6, 10, 12];
  const a = random(m * k + 7, rng), b = random(k * n + 3, rng);
  const want = new Float32Array(m * n + 4).fill(9), got = want.slice();
  reference.matmul(a, b, want, m, k, n);
  wasmMatmul()!.run(MatmulForm.AB, a, b, got, m, k, n, false);
  assertClose(got.subarray(0, m * n), want.subarray(0, m * n), magnitudes(MatmulForm.AB, a, b, m, k, n), undefined, k, 'views');
  assert.deepEqual([...got.subarray(m * n)], [9, 9, 9, 9], 'values past m×n are left alone');
});

test('memory grows for a large product and small products still work afterwards', () => {
  const rng = new Prng(8);
  for (const [m, k, n] of [[3, 4, 5], [300, 784, 130], [2, 3, 9]] as const) {
    const a = random(m * k, rng), b = random(k * n, rng);
    const want = new Float32Array(m * n), got = new Float32Array(m * n);
    reference.matmul(a, b, want, m, k, n);
    wasmMatmul()!.run(MatmulForm.AB, a, b, got, m, k, n, false);
    assertClose(got, want, magnitudes(MatmulForm.AB, a, b, m, k, n), undefined, k, `${m}×${k}×${n}`);
  }
});

test('the dispatcher uses the reference kernels when wasm is turned off, and gives the same answer', () => {
  const rng = new Prng(3);
  const [m, k, n] = [16, 20, 24];
  const a = random(m * k, rng), b = random(n * k, rng);
  const onWasm = new Float32Array(m * n), onTs = new Float32Array(m * n), ref = new Float32Array(m * n);
  dispatch.matmulTransB(a, b, onWasm, m, k, n);
  dispatch.useWasmKernels(false);
  try {
    assert.equal(dispatch.kernelName(), 'typescript');
    dispatch.matmulTransB(a, b, onTs, m, k, n);
  } finally {
    dispatch.useWasmKernels(true);
  }
  reference.matmulTransB(a, b, ref, m, k, n);
  assert.deepEqual(onTs, ref, 'with wasm off the dispatcher is the reference kernel, bit for bit');
  assertClose(onWasm, ref, magnitudes(MatmulForm.ABT, a, b, m, k, n), undefined, k, 'dispatcher');
});

test('the embedded wasm bytes are built from the current AssemblyScript source', () => {
  // Recompiles engine/nn/kernels/wasm/matmul.ts and compares with the committed generated module.
  execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' });
});
