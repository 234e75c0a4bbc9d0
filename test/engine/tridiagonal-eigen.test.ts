import assert from 'node:assert/strict';
import { test } from 'node:test';
import { symmetricEigenvalues } from '../../engine/linalg/symmetric-eigen';
import { tridiagonalEigenvalues } from '../../engine/linalg/tridiagonal-eigen';
import { Prng } from '../../engine/prng';

/** A random symmetric n × n matrix; `gram`: XᵀX of a random n-column X (positive semi-definite, rank ≤ rows). */
function randomSymmetric(n: number, seed: number, gramRows?: number): Float64Array {
  const rng = new Prng(seed), m = new Float64Array(n * n);
  if (gramRows === undefined) {
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) m[i * n + j] = m[j * n + i] = rng.normal();
    return m;
  }
  const x = Float64Array.from({ length: gramRows * n }, () => rng.normal());
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
    let s = 0;
    for (let r = 0; r < gramRows; r++) s += x[r * n + a]! * x[r * n + b]!;
    m[a * n + b] = s;
  }
  return m;
}

test('tridiagonal QL eigenvalues equal the Jacobi reference on random, Gram, rank-deficient and tiny matrices', () => {
  const cases: [string, Float64Array, number][] = [
    ['1 × 1', Float64Array.of(3), 1],
    ['2 × 2', Float64Array.of(2, 1, 1, 2), 2],
    ['diagonal', Float64Array.of(5, 0, 0, 0, -1, 0, 0, 0, 2), 3],
    ['zeros', new Float64Array(16), 4],
    ['random 7', randomSymmetric(7, 1), 7],
    ['random 64', randomSymmetric(64, 2), 64],
    ['Gram 64 of 784 rows', randomSymmetric(64, 3, 784), 64],
    ['rank-3 Gram 40', randomSymmetric(40, 4, 3), 40],
    ['all-equal neurons', new Float64Array(36).fill(2.5), 6],
  ];
  for (const [name, m, n] of cases) {
    const ours = tridiagonalEigenvalues(m, n), ref = symmetricEigenvalues(m, n);
    const scale = Math.max(1, ...Array.from(ref, Math.abs));
    assert.equal(ours.length, n, name);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(ours[i]! - ref[i]!) <= 1e-10 * scale, `${name}: λ${i} ${ours[i]} vs ${ref[i]}`);
    // Largest first, like the reference.
    for (let i = 1; i < n; i++) assert.ok(ours[i - 1]! >= ours[i]!, `${name}: order at ${i}`);
  }
});

test('tridiagonal QL leaves its input matrix unchanged', () => {
  const m = randomSymmetric(9, 5), copy = m.slice();
  tridiagonalEigenvalues(m, 9);
  assert.deepEqual(m, copy);
});
