// @ts-nocheck — this file is AssemblyScript, compiled to WebAssembly by `asc` (scripts/build-wasm.mjs),
// which type-checks it with its own types (f32, f64, usize, v128); tsc does not know them.
/*
 * One fused pass per parameter tensor for every update rule of engine/nn/optimizers.ts, with the
 * L1/L2 penalty gradient, clipping by value, scaling (clipping by norm) and the gradient's sum
 * of squares done in the same pass.
 *
 * Bit for bit the TypeScript reference: that code computes each expression in float64 from
 * float32 operands and rounds to float32 where it stores; so does this, two values at a time
 * in f64x2 lanes, with the same operations in the same order (no fused multiply-add, the same
 * float64 constants, a value read back after a store rounded to float32 as the reference reads
 * it back). The two sums (squares, penalty) add one value at a time in index order, as the
 * reference does, so they match exactly too.
 */

export const SGD: i32 = 0;
export const MOMENTUM: i32 = 1;
export const NESTEROV: i32 = 2;
export const ADAGRAD: i32 = 3;
export const RMSPROP: i32 = 4;
export const ADAM: i32 = 5;
export const ADAMW: i32 = 6;

// Hyper-parameters of the next update(), set by setHyper (too many for one call's arguments to read well).
let lr: f64 = 0, mu: f64 = 0, rho: f64 = 0, beta1: f64 = 0, beta2: f64 = 0, eps: f64 = 0;
let c1: f64 = 1, c2: f64 = 1, decay: f64 = 1;
let l1: f64 = 0, l2: f64 = 0, clip: f64 = Infinity, gradScale: f64 = 1;
let squares: f64 = 0, penalty: f64 = 0;

/**
 * lr, μ, ρ, β₁, β₂, ε as in OptimizerSpec; c1 = 1 − β₁ᵗ, c2 = 1 − β₂ᵗ (Adam's bias corrections);
 * decayFactor = 1 − η·λ (AdamW, weights) or 1; l1/l2: the penalty (0 for biases); clipValue:
 * the bound of clipping by value (Infinity: none); scale: the factor of clipping by norm (1: none).
 */
export function setHyper(lr_: f64, mu_: f64, rho_: f64, beta1_: f64, beta2_: f64, eps_: f64, c1_: f64, c2_: f64, decayFactor: f64, l1_: f64, l2_: f64, clipValue: f64, scale: f64): void {
  lr = lr_; mu = mu_; rho = rho_; beta1 = beta1_; beta2 = beta2_; eps = eps_;
  c1 = c1_; c2 = c2_; decay = decayFactor; l1 = l1_; l2 = l2_; clip = clipValue; gradScale = scale;
}

/** Σ g² of the last update's gradient, after the penalty and before clipping (as the trainer's norm). */
export function lastSquares(): f64 {
  return squares;
}

/** l1·Σ|w| + (l2/2)·Σw² of the last update's weights before it (the penalty added to the loss). */
export function lastPenalty(): f64 {
  return penalty;
}

/** Two float32 values at p (count 2) or one (count 1, the other lane 0), widened to float64. */
// @ts-ignore: decorator
@inline function load2(p: usize, count: i32): v128 {
  return f64x2.promote_low_f32x4(count == 2 ? v128.load64_zero(p) : v128.load32_zero(p));
}

/** Rounds both lanes to float32 and stores `count` of them at p. */
// @ts-ignore: decorator
@inline function store2(p: usize, v: v128, count: i32): void {
  const f = f32x4.demote_f64x2_zero(v);
  if (count == 2) v128.store64_lane(p, f, 0);
  else v128.store32_lane(p, f, 0);
}

/** Rounds both lanes to float32 and back: what the reference reads after it stores. */
// @ts-ignore: decorator
@inline function round(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v));
}

// @ts-ignore: decorator
@inline function splat(x: f64): v128 {
  return f64x2.splat(x);
}

/**
 * Applies one update to n weights at w from the gradient at g, with state s1 (momentum buffer,
 * AdaGrad sum, RMSprop average, Adam's m) and s2 (Adam's v). `first`: the optimizer's first
 * step (momentum buffers start as the gradient). Writes the penalised, clipped gradient back
 * to g when any of those applied. Returns Σ g² (see lastSquares).
 */
export function update(kind: i32, n: i32, w: usize, g: usize, s1: usize, s2: usize, first: bool): f64 {
  const penalise = l1 != 0 || l2 != 0;
  const clipping = clip != Infinity;
  const scaling = gradScale != 1;
  const rewrite = penalise || clipping || scaling;
  const vl1 = splat(l1), vl2 = splat(l2), half = 0.5 * l2, vclip = splat(clip), vneg = splat(-clip), vscale = splat(gradScale);
  const vlr = splat(lr), vmu = splat(mu), vrho = splat(rho), vrho1 = splat(1 - rho);
  const vb1 = splat(beta1), vb11 = splat(1 - beta1), vb2 = splat(beta2), vb21 = splat(1 - beta2);
  const vc1 = splat(c1), vc2 = splat(c2), veps = splat(eps), vdecay = splat(decay);
  const zero = splat(0), one = splat(1);
  let sq: f64 = 0, pen: f64 = 0;
  for (let i = 0; i < n; i += 2) {
    const count = min(2, n - i);
    const at: usize = <usize>i << 2;
    let wv = load2(w + at, count);
    let gv = load2(g + at, count);
    if (penalise) {
      // g ← g + l1·sign(w) + l2·w; penalty += l1·|w| + (l2/2)·w²
      const sign = f64x2.sub(v128.and(f64x2.gt(wv, zero), one), v128.and(f64x2.lt(wv, zero), one));
      gv = round(f64x2.add(gv, f64x2.add(f64x2.mul(vl1, sign), f64x2.mul(vl2, wv))));
      const w0 = f64x2.extract_lane(wv, 0);
      pen += l1 * Math.abs(w0) + half * w0 * w0;
      if (count == 2) {
        const w1 = f64x2.extract_lane(wv, 1);
        pen += l1 * Math.abs(w1) + half * w1 * w1;
      }
    }
    const g0 = f64x2.extract_lane(gv, 0);
    sq += g0 * g0;
    if (count == 2) {
      const g1 = f64x2.extract_lane(gv, 1);
      sq += g1 * g1;
    }
    if (clipping) gv = round(f64x2.min(vclip, f64x2.max(vneg, gv)));
    if (scaling) gv = round(f64x2.mul(gv, vscale));
    if (rewrite) store2(g + at, gv, count);
    switch (kind) {
      case SGD: {
        // w ← w − η·g
        wv = f64x2.sub(wv, f64x2.mul(vlr, gv));
        break;
      }
      case MOMENTUM:
      case NESTEROV: {
        // b ← μ·b + g (b₁ = g); momentum: w ← w − η·b; Nesterov: w ← w − η·(g + μ·b)
        const b = first ? gv : round(f64x2.add(f64x2.mul(vmu, load2(s1 + at, count)), gv));
        store2(s1 + at, b, count);
        wv = kind == MOMENTUM
          ? f64x2.sub(wv, f64x2.mul(vlr, b))
          : f64x2.sub(wv, f64x2.mul(vlr, f64x2.add(gv, f64x2.mul(vmu, b))));
        break;
      }
      case ADAGRAD: {
        // s ← s + g²; w ← w − η·g / (√s + ε)
        const s = round(f64x2.add(load2(s1 + at, count), f64x2.mul(gv, gv)));
        store2(s1 + at, s, count);
        wv = f64x2.sub(wv, f64x2.div(f64x2.mul(vlr, gv), f64x2.add(f64x2.sqrt(s), veps)));
        break;
      }
      case RMSPROP: {
        // v ← α·v + (1 − α)·g²; w ← w − η·g / (√v + ε)
        const v = round(f64x2.add(f64x2.mul(vrho, load2(s1 + at, count)), f64x2.mul(f64x2.mul(vrho1, gv), gv)));
        store2(s1 + at, v, count);
        wv = f64x2.sub(wv, f64x2.div(f64x2.mul(vlr, gv), f64x2.add(f64x2.sqrt(v), veps)));
        break;
      }
      default: {
        // Adam(W): w ← w·(1 − η·λ) first (AdamW weights; factor 1 otherwise);
        // m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²; w ← w − η·(m/c1) / (√(v/c2) + ε)
        if (kind == ADAMW) wv = round(f64x2.mul(wv, vdecay));
        const m = round(f64x2.add(f64x2.mul(vb1, load2(s1 + at, count)), f64x2.mul(vb11, gv)));
        const v = round(f64x2.add(f64x2.mul(vb2, load2(s2 + at, count)), f64x2.mul(f64x2.mul(vb21, gv), gv)));
        store2(s1 + at, m, count);
        store2(s2 + at, v, count);
        wv = f64x2.sub(wv, f64x2.div(f64x2.mul(vlr, f64x2.div(m, vc1)), f64x2.add(f64x2.sqrt(f64x2.div(v, vc2)), veps)));
      }
    }
    store2(w + at, wv, count);
  }
  squares = sq;
  penalty = pen;
  return sq;
}
