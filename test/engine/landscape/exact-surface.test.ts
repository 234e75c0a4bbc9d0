/*
 * Exact two-parameter surfaces: values worked by hand, gradients against central differences,
 * agreement with engine/losses, the published fixture, and the discrete convexity check
 * (convex losses pass it, MSE-on-sigmoid shows a midpoint above its chord).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sigmoid } from '../../../engine/nn/activations';
import { loss as engineLoss } from '../../../engine/nn/losses';
import { checkConvexity } from '../../../engine/landscape/convexity';
import { OneFeatureData, oneFeatureDataset, oneFeatureOf } from '../../../engine/landscape/data-1d';
import { SURFACE_LOSSES, exactSurface, twoParameterLoss } from '../../../engine/landscape/exact-surface';
import { linspace } from '../../../shared/grid';
import { syntheticDataset } from '../../../engine/data/synthetic';
import { UserError } from '../../../engine/errors';

const data = (x: number[], y: number[], classes: boolean): OneFeatureData =>
  ({ x: Float64Array.from(x), y: Float64Array.from(y), classes, description: 'test' });

const near = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a}, expected ${b} (±${tol})`);

test('hand-computed values: two points x = (1, −2), classes (1, 0); and a line for MSE', () => {
  const d = data([1, -2], [1, 0], true);
  // (w, b) = (0, 0): z = 0 everywhere, σ = ½.
  near(twoParameterLoss('mse-on-sigmoid', d).value(0, 0), 0.25, 1e-15, 'MSE-on-sigmoid at 0');
  near(twoParameterLoss('binary-cross-entropy', d).value(0, 0), Math.LN2, 1e-15, 'cross-entropy at 0');
  near(twoParameterLoss('hinge', d).value(0, 0), 1, 0, 'hinge at 0');
  // (w, b) = (1, 0.5): z = (1.5, −1.5), both on the right side with margin 1.5.
  near(twoParameterLoss('hinge', d).value(1, 0.5), 0, 0, 'hinge at (1, 0.5)');
  near(twoParameterLoss('binary-cross-entropy', d).value(1, 0.5), Math.log1p(Math.exp(-1.5)), 1e-15, 'cross-entropy at (1, 0.5)');
  near(twoParameterLoss('mse-on-sigmoid', d).value(1, 0.5), (1 - sigmoid(1.5)) ** 2, 1e-15, 'MSE-on-sigmoid at (1, 0.5)');
  // Regression x = (1, 2, 3), y = (2, 3, 5): at (1, 1) the errors are (0, 0, −1); at (2, 0) (0, 1, 1).
  const r = data([1, 2, 3], [2, 3, 5], false);
  near(twoParameterLoss('mse', r).value(1, 1), 1 / 3, 1e-15, 'MSE at (1, 1)');
  near(twoParameterLoss('mse', r).value(2, 0), 2 / 3, 1e-15, 'MSE at (2, 0)');
});

test('each surface loss equals engine/losses on the same logits, and its gradient matches central differences', () => {
  const cls = oneFeatureOf(oneFeatureDataset('classification', { samples: 40, seed: 3 }));
  const reg = oneFeatureOf(oneFeatureDataset('regression', { samples: 40, seed: 3 }));
  for (const name of SURFACE_LOSSES) {
    const d = name === 'mse' ? reg : cls;
    const f = twoParameterLoss(name, d);
    for (const [w, b] of [[0.3, -0.7], [-2.5, 1.25], [4, 3]] as const) {
      const z = new Float64Array(d.x.length).map((_, i) => w * d.x[i]! + b) as unknown as Float32Array;
      near(f.value(w, b), engineLoss(name).evaluate(z, d.y as unknown as Float32Array, z.length, 1), 1e-12, `${name} at (${w}, ${b}) vs engine`);
      const g = new Float64Array(2), h = 1e-6;
      f.gradient(w, b, g);
      near(g[0]!, (f.value(w + h, b) - f.value(w - h, b)) / (2 * h), 1e-6, `${name} ∂/∂w`);
      near(g[1]!, (f.value(w, b + h) - f.value(w, b - h)) / (2 * h), 1e-6, `${name} ∂/∂b`);
    }
  }
});

test('published fixture: x = 1, y = 1 — (σ(w) − 1)″ ≈ −0.033 at w = −4; (−log σ(w))″ > 0 everywhere', () => {
  const d = data([1], [1], true);
  const mseSig = twoParameterLoss('mse-on-sigmoid', d), ce = twoParameterLoss('binary-cross-entropy', d);
  const second = (f: (w: number) => number, w: number, h = 1e-3): number => (f(w + h) - 2 * f(w) + f(w - h)) / (h * h);
  const atMinus4 = second((w) => mseSig.value(w, 0), -4);
  // Exactly −2σ(1−σ)²(1−3σ) with σ = σ(−4) ≈ 0.01799: −0.03282.
  const s = sigmoid(-4);
  near(atMinus4, -2 * s * (1 - s) ** 2 * (1 - 3 * s), 1e-6, 'second derivative at −4');
  near(atMinus4, -0.033, 0.0005, 'the published −0.033');
  for (const w of linspace([-10, 10], 201)) assert.ok(second((v) => ce.value(v, 0), w) > 0, `cross-entropy curvature at w = ${w}`);
});

test('convexity on the grid: cross-entropy, hinge and linear MSE pass; MSE-on-sigmoid has a midpoint above its chord', () => {
  const cls = oneFeatureOf(oneFeatureDataset('classification'));
  const reg = oneFeatureOf(oneFeatureDataset('regression'));
  const grid = { w: [-8, 8], b: [-8, 8], resolution: 41 } as const;
  for (const name of ['binary-cross-entropy', 'hinge'] as const) {
    const c = checkConvexity(exactSurface(name, cls, grid));
    assert.equal(c.violations, 0, `${name}: ${JSON.stringify(c.worst)}`);
    assert.ok(c.checked > 4 * 39 * 39 - 1, `${name}: checked ${c.checked} pairs`);
  }
  assert.equal(checkConvexity(exactSurface('mse', reg, grid)).violations, 0, 'linear MSE');
  const bad = checkConvexity(exactSurface('mse-on-sigmoid', cls, grid));
  assert.ok(bad.worst, 'MSE-on-sigmoid has a violation');
  // Re-check the witness in double precision: f(p) − (f(p−d) + f(p+d))/2 > 0, well above rounding.
  const f = twoParameterLoss('mse-on-sigmoid', cls), dw = 16 / 40, db = 16 / 40;
  const { x, y, step: [sx, sy] } = bad.worst;
  const excess = f.value(x, y) - (f.value(x - sx * dw, y - sy * db) + f.value(x + sx * dw, y + sy * db)) / 2;
  assert.ok(excess > 1e-3, `the midpoint lies ${excess} above the chord`);
  near(excess, bad.worst.excess, 1e-6, 'grid excess');
});

test('surface grid: axes, row-major layout (row = b), and the minimum', () => {
  const reg = oneFeatureOf(oneFeatureDataset('regression', { noise: 0 }));
  const s = exactSurface('mse', reg, { w: [0, 3], b: [-1, 2], resolution: 31 });
  assert.equal(s.values.length, 31 * 31);
  assert.equal(s.xAxis[0], 0);
  assert.equal(s.xAxis[30], 3);
  const f = twoParameterLoss('mse', reg);
  near(s.values[7 * 31 + 12]!, f.value(s.xAxis[12]!, s.yAxis[7]!), 1e-6, 'value at row 7, column 12');
  // Noise-free data lie on y = 1.5x + 0.5: the grid's minimum is that point, with loss 0.
  near(s.min.x, 1.5, 1e-12, 'min w');
  near(s.min.y, 0.5, 1e-12, 'min b');
  near(s.min.value, 0, 1e-6, 'min loss');
});

test('one-feature data: built-in sets are reproducible; other sets give one column or a clear error', () => {
  const a = oneFeatureDataset('classification', { seed: 5 }), b = oneFeatureDataset('classification', { seed: 5 });
  assert.deepEqual(a.x, b.x);
  assert.equal(a.features, 1);
  const spiral = syntheticDataset('spiral', { samples: 10 });
  const second = oneFeatureOf(spiral, 1);
  assert.equal(second.x[3], spiral.x[7]);
  assert.throws(() => oneFeatureOf(spiral, 2), UserError);
  assert.throws(() => twoParameterLoss('hinge', oneFeatureOf(oneFeatureDataset('regression'))), /needs two classes/);
});
