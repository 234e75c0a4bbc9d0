/* The reference matmul kernels against a plain triple loop in float64, on awkward sizes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matmul, matmulTransA, matmulTransB } from '../../engine/nn/kernels/matmul';
import { Prng } from '../../engine/prng';

function random(n: number, rng: Prng): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** C[i][j] = Σ_p A(i,p)·B(p,j) with accessors, in double. */
function naive(m: number, k: number, n: number, a: (i: number, p: number) => number, b: (p: number, j: number) => number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += a(i, p) * b(p, j);
    c[i * n + j] = s;
  }
  return c;
}

const sizes: [number, number, number][] = [[1, 1, 1], [1, 7, 3], [5, 1, 9], [7, 13, 5], [4, 8, 4], [33, 17, 65], [64, 100, 10]];

for (const [m, k, n] of sizes) {
  test(`matmul, matmulTransA, matmulTransB agree with a triple loop for ${m}×${k}×${n}, with and without accumulate`, () => {
    const rng = new Prng(m * 1000 + k * 10 + n);
    const a = random(m * k, rng), b = random(k * n, rng), aT = random(k * m, rng), bT = random(n * k, rng);
    const start = random(m * n, rng);
    const forms = [
      { name: 'A·B', run: (o: Float32Array, acc: boolean) => matmul(a, b, o, m, k, n, acc), ref: naive(m, k, n, (i, p) => a[i * k + p]!, (p, j) => b[p * n + j]!) },
      { name: 'Aᵀ·B', run: (o: Float32Array, acc: boolean) => matmulTransA(aT, b, o, m, k, n, acc), ref: naive(m, k, n, (i, p) => aT[p * m + i]!, (p, j) => b[p * n + j]!) },
      { name: 'A·Bᵀ', run: (o: Float32Array, acc: boolean) => matmulTransB(a, bT, o, m, k, n, acc), ref: naive(m, k, n, (i, p) => a[i * k + p]!, (p, j) => bT[j * k + p]!) },
    ];
    for (const f of forms) {
      for (const acc of [false, true]) {
        const out = acc ? start.slice() : random(m * n, rng); // garbage in `out` must be overwritten
        f.run(out, acc);
        for (let i = 0; i < m * n; i++) {
          const want = f.ref[i]! + (acc ? start[i]! : 0);
          // float32 accumulation of k products: error grows like k·2⁻²⁴ times the sum of |terms|.
          assert.ok(Math.abs(out[i]! - want) <= 1e-5 * (k + 1) * 4, `${f.name} acc=${acc} [${i}]: ${out[i]} vs ${want}`);
        }
      }
    }
  });
}
