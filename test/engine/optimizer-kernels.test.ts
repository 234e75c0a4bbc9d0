/*
 * The fused WebAssembly optimizer updates (engine/nn/kernels/wasm/optimizer.ts) against the
 * TypeScript reference loops of engine/nn/optimizers.ts: every rule, with and without L1/L2,
 * clipping by value and by norm, on tensors whose sizes leave a last odd value (the f64x2
 * lanes' tail). The wasm pass computes in float64 and rounds where the reference stores, so
 * weights, state (seen through later steps), prepared gradients, Σ g² and the penalty must
 * all be equal bit for bit — not merely close.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useWasmKernels } from '../../engine/nn/kernels';
import { sumOfSquares } from '../../engine/nn/kernels/ops';
import { Param } from '../../engine/nn/layers/layer';
import { OPTIMIZERS, Optimizer, OptimizerSpec, WASM_MIN_PARAM_VALUES } from '../../engine/nn/optimizers';
import { Prng } from '../../engine/prng';
import { applyPenalty, clipGradients } from '../../engine/nn/regularization';

function params(rng: Prng, sizes: readonly number[]): Param[] {
  return sizes.map((n, i) => {
    const value = new Float32Array(n);
    for (let j = 0; j < n; j++) value[j] = rng.normal() * 0.5;
    if (n > 3) value[1] = 0; // sign(0) = 0 in the L1 term
    return { name: `p${i}`, shape: [n], value, grad: new Float32Array(n), isBias: i % 2 === 1 };
  });
}

function clone(ps: readonly Param[]): Param[] {
  return ps.map((p) => ({ ...p, value: p.value.slice(), grad: p.grad.slice() }));
}

/** Gradients that vary per step and per param, large enough that clipping bites. */
function fillGradients(ps: readonly Param[], step: number): void {
  ps.forEach((p, k) => {
    for (let j = 0; j < p.grad.length; j++) p.grad[j] = Math.sin(j * 0.37 + step * 1.3 + k) * (1 + (j % 7)) + p.value[j]! * 0.1;
  });
}

function optimizer(spec: OptimizerSpec, wasm: boolean): Optimizer {
  useWasmKernels(wasm);
  try {
    return new Optimizer(spec);
  } finally {
    useWasmKernels(true);
  }
}

function assertSame(a: Float32Array, b: Float32Array, what: string): void {
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`${what}[${i}]: wasm ${a[i]} vs TypeScript ${b[i]}`);
  }
}

// Sizes: below the wasm threshold (TypeScript loop either way), an odd size, an even one, and W2's first layer.
const SIZES = [10, WASM_MIN_PARAM_VALUES + 1, 1000, 784 * 128] as const;

for (const kind of OPTIMIZERS) {
  test(`${kind}: the wasm update equals the TypeScript reference bit for bit over 4 steps`, () => {
    const spec: OptimizerSpec = { kind, learningRate: 0.01, ...(kind === 'adamw' ? { weightDecay: 0.1 } : {}) };
    const fast = optimizer(spec, true), ref = optimizer(spec, false);
    assert.equal(fast.kernels, 'wasm-simd');
    assert.equal(ref.kernels, 'typescript');
    const a = params(new Prng(7), SIZES), b = clone(a);
    for (let step = 0; step < 4; step++) {
      fillGradients(a, step);
      fillGradients(b, step);
      fast.step(a);
      ref.step(b);
      a.forEach((p, i) => assertSame(p.value, b[i]!.value, `${kind} step ${step + 1} ${p.name} weights`));
    }
  });

  for (const [label, extras] of [
    ['L1 + L2', { l1: 1e-3, l2: 1e-2 }],
    ['clip by value 0.5', { clipValue: 0.5 }],
    ['L2, clip by value, scaled (clip by norm)', { l2: 1e-2, clipValue: 2, gradScale: 0.3 }],
  ] as const) {
    test(`${kind}, ${label}: stepFused equals applyPenalty + norms + clipGradients + step, and wasm equals TypeScript, bit for bit`, () => {
      const spec: OptimizerSpec = { kind, learningRate: 0.01, ...(kind === 'adamw' ? { weightDecay: 0.1 } : {}) };
      const fast = optimizer(spec, true), fusedRef = optimizer(spec, false), plain = optimizer(spec, false);
      const a = params(new Prng(11), SIZES), b = clone(a), c = clone(a);
      for (let step = 0; step < 3; step++) {
        for (const ps of [a, b, c]) fillGradients(ps, step);
        const r = fast.stepFused(a, extras);
        const rRef = fusedRef.stepFused(b, extras);
        // The trainer's sequence on c: penalty, per-param Σ g², clipping, the update. (The penalty is
        // summed per param and then over params, as stepFused sums it; one running sum differs in the last bit.)
        let penalty = 0;
        for (const p of c) penalty += applyPenalty([p], { l1: 'l1' in extras ? extras.l1 : 0, l2: 'l2' in extras ? extras.l2 : 0 });
        const squares = c.map((p) => sumOfSquares(p.grad));
        if ('clipValue' in extras) clipGradients(c, { value: extras.clipValue }, 0);
        if ('gradScale' in extras) for (const p of c) for (let j = 0; j < p.grad.length; j++) p.grad[j]! *= extras.gradScale;
        plain.step(c);
        assert.deepEqual([...r.squares], squares, 'Σ g² per param (wasm)');
        assert.deepEqual([...rRef.squares], squares, 'Σ g² per param (TypeScript)');
        assert.equal(r.penalty, penalty, 'penalty (wasm)');
        assert.equal(rRef.penalty, penalty, 'penalty (TypeScript)');
        a.forEach((p, i) => {
          assertSame(p.grad, c[i]!.grad, `${label} step ${step + 1} ${p.name} prepared gradient (wasm)`);
          assertSame(b[i]!.grad, c[i]!.grad, `${label} step ${step + 1} ${p.name} prepared gradient (TypeScript)`);
          assertSame(p.value, c[i]!.value, `${label} step ${step + 1} ${p.name} weights (wasm)`);
          assertSame(b[i]!.value, c[i]!.value, `${label} step ${step + 1} ${p.name} weights (TypeScript)`);
        });
      }
    });
  }
}

test('a non-finite gradient gives a non-finite Σ g² and weights, as in the reference (the trainer then restores)', () => {
  const fast = optimizer({ kind: 'adam', learningRate: 0.01 }, true), ref = optimizer({ kind: 'adam', learningRate: 0.01 }, false);
  const a = params(new Prng(3), [300]), b = clone(a);
  for (const ps of [a, b]) ps[0]!.grad[5] = NaN;
  const r = fast.stepFused(a, {}), rRef = ref.stepFused(b, {});
  assert.ok(Number.isNaN(r.squares[0]) && Number.isNaN(rRef.squares[0]));
  assertSame(a[0]!.value, b[0]!.value, 'weights after a NaN gradient');
  assert.ok(Number.isNaN(a[0]!.value[5]) && Number.isFinite(a[0]!.value[4]!));
});

test('changing the learning rate mid-run applies to the wasm path from the next step', () => {
  const fast = optimizer({ kind: 'momentum', learningRate: 0.1 }, true), ref = optimizer({ kind: 'momentum', learningRate: 0.1 }, false);
  const a = params(new Prng(5), [512]), b = clone(a);
  for (let step = 0; step < 3; step++) {
    if (step === 2) fast.learningRate = ref.learningRate = 0.01;
    fillGradients(a, step);
    fillGradients(b, step);
    fast.step(a);
    ref.step(b);
  }
  assertSame(a[0]!.value, b[0]!.value, 'weights');
});
