import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addScaled, allFinite, argmax, broadcastRows, l2Norm, multiply, scale, sumRows } from '../../engine/nn/kernels/ops';

const f = (...v: number[]) => Float32Array.from(v);

test('broadcastRows and sumRows are each other\'s adjoint on a 3×2 matrix', () => {
  const out = new Float32Array(6);
  broadcastRows(f(1, 2), out, 3);
  assert.deepEqual(out, f(1, 2, 1, 2, 1, 2));
  const sums = f(9, 9);
  sumRows(f(1, 2, 3, 4, 5, 6), sums, 3, 2);
  assert.deepEqual(sums, f(9, 12));
});

test('elementwise ops and reductions', () => {
  const out = new Float32Array(3);
  multiply(f(1, 2, 3), f(4, 5, 6), out);
  assert.deepEqual(out, f(4, 10, 18));
  const y = f(1, 1, 1);
  addScaled(f(1, 2, 3), 2, y);
  assert.deepEqual(y, f(3, 5, 7));
  scale(y, 0.5, 2);
  assert.deepEqual(y, f(1.5, 2.5, 7));
  assert.equal(l2Norm(f(3, 4)), 5);
  assert.equal(argmax(f(0, 5, 1, 7, 7), 1, 4), 2);
  assert.ok(allFinite(f(1, -2)));
  assert.ok(!allFinite(f(1, NaN)));
  assert.ok(!allFinite(f(Infinity)));
});
