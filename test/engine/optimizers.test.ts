import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Param } from '../../engine/nn/layers/layer';
import { OPTIMIZERS, OptimizerName, Optimizer } from '../../engine/nn/optimizers';

/*
 * Reference steps. Problem: one weight vector w = (1, −2) and the loss f(w) = ½(1·w₀² + 0.5·w₁²),
 * so the gradient is g = (w₀, 0.5·w₁). Learning rate 0.1 for every optimizer; momentum 0.9,
 * RMSprop α 0.99 ε 1e-8, AdaGrad ε 1e-10, Adam β 0.9/0.999 ε 1e-8, AdamW λ 0.1.
 * Worked by hand for the first steps (then carried on in double precision):
 *   SGD      step 1: w = (1 − 0.1·1, −2 − 0.1·(−1)) = (0.9, −1.9).
 *   Momentum step 2: g = (0.9, −0.95), b = 0.9·(1, −1) + g = (1.8, −1.85), w = (0.72, −1.715).
 *   Nesterov step 1: b = g = (1, −1); w −= 0.1·(g + 0.9·b) = 0.1·1.9·(1, −1) → (0.81, −1.81).
 *   AdaGrad  step 1: s = g², the step is 0.1·g/|g| = 0.1 per weight → (0.9, −1.9).
 *   RMSprop  step 1: v = 0.01·g², √v = 0.1·|g|, the step is 0.1·g/(0.1·|g|) = 1 → (≈0, −1).
 *   Adam     step 1: m̂ = g and v̂ = g² after bias correction, so the step is 0.1 → (0.9, −1.9).
 *   AdamW    step 1: w·(1 − 0.1·0.1) = (0.99, −1.98), then Adam's 0.1 step → (0.89, −1.88).
 */
const expected: Record<OptimizerName, [number, number][]> = {
  sgd: [[0.9, -1.9], [0.81, -1.805], [0.729, -1.71475]],
  momentum: [[0.9, -1.9], [0.72, -1.715], [0.486, -1.46275]],
  nesterov: [[0.81, -1.81], [0.5751, -1.55705], [0.327321, -1.26292525]],
  adagrad: [[0.9, -1.9], [0.8331035269, -1.8311250538], [0.7804561814, -1.775821515]],
  rmsprop: [[1e-7, -1.0000001], [-5e-10, -0.5509868494], [0, -0.3096874529]],
  adam: [[0.900000001, -1.900000001], [0.8004122297, -1.8001664876], [0.7015862745, -1.7006233943]],
  adamw: [[0.890000001, -1.880000001], [0.781571857, -1.7614089521], [0.6751012232, -1.6443686858]],
};

function weightParam(values: number[]): Param {
  return { name: 'w', shape: [values.length], value: Float32Array.from(values), grad: new Float32Array(values.length), isBias: false };
}

for (const kind of OPTIMIZERS) {
  test(`${kind}: three steps match the hand-computed reference`, () => {
    const p = weightParam([1, -2]);
    const opt = new Optimizer({ kind, learningRate: 0.1, ...(kind === 'adamw' ? { weightDecay: 0.1 } : {}) });
    expected[kind].forEach(([w0, w1], step) => {
      p.grad[0] = p.value[0]!;
      p.grad[1] = 0.5 * p.value[1]!;
      opt.step([p]);
      // float32 storage: agree to 1e-6 relative (or 1e-6 absolute near 0).
      assert.ok(Math.abs(p.value[0]! - w0) <= 1e-6 * Math.max(1, Math.abs(w0)), `${kind} step ${step + 1} w0 ${p.value[0]} ≠ ${w0}`);
      assert.ok(Math.abs(p.value[1]! - w1) <= 1e-6 * Math.max(1, Math.abs(w1)), `${kind} step ${step + 1} w1 ${p.value[1]} ≠ ${w1}`);
    });
  });
}

test('AdamW does not decay biases; Adam applies bias correction from the first step', () => {
  const bias: Param = { ...weightParam([1]), isBias: true };
  const opt = new Optimizer({ kind: 'adamw', learningRate: 0.1, weightDecay: 0.5 });
  bias.grad[0] = 1;
  opt.step([bias]);
  // Without decay the first Adam step is exactly lr·sign(g) (m̂/√v̂ = 1): 1 − 0.1.
  assert.ok(Math.abs(bias.value[0]! - 0.9) < 1e-6);
});

test('changing the learning rate keeps the optimizer state', () => {
  const p = weightParam([1]);
  const opt = new Optimizer({ kind: 'momentum', learningRate: 0.1 });
  p.grad[0] = 1;
  opt.step([p]); // b = 1, w = 0.9
  opt.learningRate = 0.2;
  opt.step([p]); // b = 0.9 + 1 = 1.9, w = 0.9 − 0.38
  assert.ok(Math.abs(p.value[0]! - 0.52) < 1e-6);
  assert.equal(opt.steps, 2);
});
