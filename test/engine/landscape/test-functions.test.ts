/*
 * The race's test functions: gradients against central differences across each view box,
 * the stated minima (zero gradient, smallest value) and saddles (zero gradient, curvature of
 * both signs or none).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Prng } from '../../../engine/prng';
import { TEST_FUNCTION_NAMES, isTestFunctionName, testFunction } from '../../../shared/test-functions';

for (const name of TEST_FUNCTION_NAMES) {
  test(`${name}: gradient matches central differences; minima and saddles are critical points`, () => {
    const f = testFunction(name), rng = new Prng(name.length), g = new Float64Array(2), h = 1e-6;
    for (let k = 0; k < 50; k++) {
      const x = rng.uniform(...f.view.x), y = rng.uniform(...f.view.y);
      const v = f.gradient(x, y, g);
      assert.equal(v, f.value(x, y));
      const nx = (f.value(x + h, y) - f.value(x - h, y)) / (2 * h), ny = (f.value(x, y + h) - f.value(x, y - h)) / (2 * h);
      assert.ok(Math.abs(g[0]! - nx) <= 1e-5 * (1 + Math.abs(nx)) && Math.abs(g[1]! - ny) <= 1e-5 * (1 + Math.abs(ny)), `at (${x}, ${y}): (${g[0]}, ${g[1]}) vs (${nx}, ${ny})`);
    }
    // Coordinates are given to 6 decimals, so gradients there are ~1e-4, not 0.
    for (const [x, y] of f.minima) {
      f.gradient(x, y, g);
      assert.ok(Math.hypot(g[0]!, g[1]!) < 1e-3, `∇f(${x}, ${y}) = (${g[0]}, ${g[1]})`);
      assert.ok(f.value(x, y) < 1e-9, `f(${x}, ${y}) = ${f.value(x, y)}`);
    }
    for (const [x, y] of f.saddles) {
      f.gradient(x, y, g);
      assert.ok(Math.hypot(g[0]!, g[1]!) < 1e-3, `saddle ∇f(${x}, ${y}) = (${g[0]}, ${g[1]})`);
      // det of the numerical Hessian ≤ 0: curvatures of opposite signs (or a zero one).
      const e = 1e-4, gx = new Float64Array(2), gy = new Float64Array(2), gx2 = new Float64Array(2), gy2 = new Float64Array(2);
      f.gradient(x + e, y, gx); f.gradient(x - e, y, gx2); f.gradient(x, y + e, gy); f.gradient(x, y - e, gy2);
      const hxx = (gx[0]! - gx2[0]!) / (2 * e), hxy = (gy[0]! - gy2[0]!) / (2 * e), hyy = (gy[1]! - gy2[1]!) / (2 * e);
      assert.ok(hxx * hyy - hxy * hxy <= 1e-6, `saddle (${x}, ${y}): det H = ${hxx * hyy - hxy * hxy}`);
    }
    const [sx, sy] = f.start;
    assert.ok(sx >= f.view.x[0] && sx <= f.view.x[1] && sy >= f.view.y[0] && sy <= f.view.y[1], 'the start is in view');
  });
}

test('test function names', () => {
  assert.ok(isTestFunctionName('rosenbrock'));
  assert.ok(!isTestFunctionName('ackley'));
});
