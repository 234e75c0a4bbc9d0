/*
 * The curvature probe against Hessians known in closed form: linear regression with MSE
 * (H = 2·X̃ᵀX̃/n, X̃ = [X 1], eigenvalues from engine/linalg), a two-layer linear network at 0
 * (a saddle with eigenvalues ±2·E[xy], 2, 0), and the test functions' saddle and bowls.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dataset } from '../../../engine/data/dataset';
import { symmetricEigenvalues } from '../../../engine/linalg/symmetric-eigen';
import { loss } from '../../../engine/nn/losses';
import { buildModel } from '../../../engine/nn/model';
import { Prng } from '../../../engine/prng';
import { classify, curvatureAt, modelCurvature, GradientFn } from '../../../engine/landscape/curvature';
import { trainerObjective, Objective } from '../../../engine/landscape/objective';
import { trainerFor } from '../helpers';
import { TestFunctionName, testFunction } from '../../../shared/test-functions';

const within = (actual: number, expected: number, rel: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual}, expected ${expected} (±${rel * 100}%)`);

function regression(x: number[][], y: number[]): Dataset {
  const features = x[0]!.length;
  return {
    source: 'test', task: 'regression', rows: y.length, features, x: Float32Array.from(x.flat()), y: Float32Array.from(y), targets: 1,
    featureNames: Array.from({ length: features }, (_, i) => `x${i + 1}`), labelName: 'y',
  };
}

function linearModel(inputs: number, hidden: number[], init: 'zeros' | 'normal') {
  const spec = init === 'zeros' ? { kind: 'zeros' as const } : { kind: 'normal' as const, mean: 0, std: 1 };
  return buildModel({ inputs, outputs: 1, hidden: hidden.map((units) => ({ units })), activation: 'linear', init: spec, biasInit: spec, dropout: 0 }, new Prng(4), new Prng(5));
}

test('linear regression with MSE: λ_max and λ_min of 2·X̃ᵀX̃/n within 1%; convex; weights and gradients unchanged', () => {
  const rng = new Prng(9), n = 200;
  const x = Array.from({ length: n }, () => [rng.normal(), 0.5 * rng.normal() + 1]);
  const ds = regression(x, x.map(([a, b]) => 2 * a! - b! + 0.1 * rng.normal()));
  const model = linearModel(2, [], 'normal');
  const o: Objective = { model, loss: loss('mse'), outputs: 1, data: ds };
  const h = new Float64Array(9);
  for (const row of x) {
    const v = [row[0]!, row[1]!, 1];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) h[i * 3 + j]! += (2 * v[i]! * v[j]!) / n;
  }
  const eig = symmetricEigenvalues(h, 3);
  model.params.forEach((p) => p.grad.fill(0.25));
  const before = model.snapshot();
  const c = modelCurvature(o);
  within(c.lambdaMax, eig[0]!, 0.01, 'λ_max');
  within(c.lambdaMin, eig[2]!, 0.01, 'λ_min');
  assert.equal(c.verdict, 'convex');
  assert.match(c.message, /^convex here/);
  assert.ok(c.converged);
  model.snapshot().forEach((v, i) => assert.deepEqual(v, before[i]));
  model.params.forEach((p) => assert.ok(p.grad.every((g) => g === 0.25), 'gradients restored'));
});

test('a two-layer linear network at all-zero weights is a saddle: λ_min = −2·E[xy]', () => {
  // z = w₂(w₁x + b₁) + b₂ with MSE; at 0 (and E[y] = 0) the gradient is 0 and the Hessian has
  // ∂²L/∂w₁∂w₂ = −2·E[xy], ∂²L/∂b₂² = 2 and zeros elsewhere: eigenvalues ±2·E[xy], 2, 0.
  const xs = [-2, -1, 1, 2];
  const ds = regression(xs.map((v) => [v]), xs);
  const exy = xs.reduce((s, v) => s + v * v, 0) / xs.length; // 2.5
  const c = modelCurvature({ model: linearModel(1, [1], 'zeros'), loss: loss('mse'), outputs: 1, data: ds });
  assert.equal(c.gradNorm, 0);
  within(c.lambdaMin, -2 * exy, 0.01, 'λ_min');
  within(c.lambdaMax, 2 * exy, 0.01, 'λ_max');
  assert.equal(c.verdict, 'saddle');
  assert.match(c.message, /^saddle: negative curvature λ_min = −5\.00/);
});

const fnOf = (name: TestFunctionName): GradientFn => {
  const f = testFunction(name);
  return (t, g) => f.gradient(t[0]!, t[1]!, g);
};

test('test functions: λ_min < 0 at the plain saddle, > 0 at a bowl\'s minimum (within 1%), plateau at the monkey saddle', () => {
  const saddle = curvatureAt(fnOf('saddle'), Float64Array.of(0, 0));
  within(saddle.lambdaMin, -2, 0.01, 'saddle λ_min');
  within(saddle.lambdaMax, 2, 0.01, 'saddle λ_max');
  assert.equal(saddle.verdict, 'saddle');
  const bowl = curvatureAt(fnOf('bowl'), Float64Array.of(0, 0));
  within(bowl.lambdaMin, 1, 0.01, 'bowl λ_min');
  within(bowl.lambdaMax, 10, 0.01, 'bowl λ_max');
  assert.equal(bowl.verdict, 'convex');
  // Rosenbrock at (1, 1): H = [[802, −400], [−400, 200]], a narrow valley (λ ≈ 1001.6 and 0.3994).
  const ev = symmetricEigenvalues(Float64Array.of(802, -400, -400, 200), 2);
  const ros = curvatureAt(fnOf('rosenbrock'), Float64Array.of(1, 1), { epsilon: 1e-5 });
  within(ros.lambdaMax, ev[0]!, 0.01, 'rosenbrock λ_max');
  within(ros.lambdaMin, ev[1]!, 0.01, 'rosenbrock λ_min');
  assert.equal(ros.verdict, 'convex', 'a narrow valley is still a bowl');
  const monkey = curvatureAt(fnOf('monkey-saddle'), Float64Array.of(0, 0));
  assert.equal(monkey.verdict, 'plateau');
  assert.match(monkey.message, /^plateau: gradient and curvature near 0/);
});

test('a zero-initialised ReLU network on circles is a plateau, not "convex here": gradient ≈ 0, λ_min ≈ 0, only the output bias curves', () => {
  const trainer = trainerFor({
    dataset: { synthetic: 'circles', samples: 400, noise: 0.05 }, features: { standardize: false },
    model: { hidden: [10, 5], activation: 'relu' }, init: { weights: 'zeros' },
    optimizer: { kind: 'sgd', learningRate: 0.01 }, training: { epochs: 1, batchSize: 300, validationSplit: 0.25 },
  });
  const c = modelCurvature(trainerObjective(trainer));
  assert.ok(c.gradNorm < 1e-6, `gradient norm ${c.gradNorm}`);
  within(c.lambdaMax, 0.25, 0.01, 'λ_max (σ′(0) = 1/4 on the output bias)');
  assert.ok(Math.abs(c.lambdaMin) < 1e-4, `λ_min ${c.lambdaMin}`);
  assert.equal(c.verdict, 'plateau');
  assert.match(c.message, /^plateau: gradient near 0 .* flat along some direction/);
});

test('the verdict\'s thresholds: convex only when λ_min is clearly positive, saddle when clearly negative, else plateau or flat', () => {
  assert.equal(classify(0.5, 2, 0.5).verdict, 'convex');
  assert.equal(classify(0.5, 2, 5e-5).verdict, 'flat');
  assert.equal(classify(0.5, 2, -5e-5).verdict, 'flat');
  assert.equal(classify(1e-9, 2, 5e-5).verdict, 'plateau');
  assert.equal(classify(0.5, 2, -0.1).verdict, 'saddle');
  assert.equal(classify(1e-9, 5e-4, -5e-4).verdict, 'plateau');
  assert.match(classify(1e-9, 5e-4, -5e-4).message, /≤ 1\.00e−4, every \|λ\| ≤ 5\.00e−4 ≤ 0\.00100/);
  // τ scales with the largest |λ|: 1e-4 · 1000 = 0.1, so λ_min = 0.05 beside λ_max = 1000 is not "clearly" positive.
  assert.equal(classify(0.5, 1000, 0.05).verdict, 'flat');
  assert.equal(classify(0.5, 1000, 0.4).verdict, 'convex');
});
