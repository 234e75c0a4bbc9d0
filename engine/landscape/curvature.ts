import { Prng } from '../prng';
import { dot, norm } from './flat-params';
import { Objective, objectiveGradientFn, withWeightsRestored } from './objective';
import type { CurvatureOptions, CurvatureVerdict } from '../protocol/landscape';
export type { CurvatureOptions, CurvatureVerdict } from '../protocol/landscape';

/** A loss as a function of a parameter vector θ: writes ∇L(θ) into `grad` and returns L(θ). */
export type GradientFn = (theta: Float64Array, grad: Float64Array) => number;

/** The curvature of a loss at one point. */
export interface Curvature {
  loss: number;
  /** ‖∇L‖. */
  gradNorm: number;
  /** The largest and smallest eigenvalues of the Hessian ∇²L. */
  lambdaMax: number;
  lambdaMin: number;
  verdict: CurvatureVerdict;
  /** One sentence for the view, e.g. "saddle: negative curvature λ_min = −0.52 (λ_max = 3.1)". */
  message: string;
  /** Hessian-vector products computed (each costs two gradients). */
  hessianVectorProducts: number;
  /** Whether every power iteration met its tolerance within `maxIterations`. */
  converged: boolean;
}

/**
 * The extreme Hessian eigenvalues at θ by power iteration on Hessian-vector products, each a
 * central difference of gradients: Hv ≈ (∇L(θ+εv) − ∇L(θ−εv)) / 2ε (Pearlmutter 1994 gives the
 * exact product; the difference is within O(ε²) of it and needs no second backward pass).
 * Plain power iteration finds the eigenvalue of largest |λ|, which may be λ_min. So: (1) the
 * spectral radius ρ = max|λ| from ‖Hv‖; (2) λ_max from H + ρI, whose eigenvalues λ + ρ are all
 * ≥ 0, so the largest is λ_max + ρ; (3) λ_min from ρI − H, whose largest is ρ − λ_min.
 */
export function curvatureAt(fn: GradientFn, theta: Float64Array, options: CurvatureOptions = {}): Curvature {
  const eps = options.epsilon ?? 1e-3, maxIter = options.maxIterations ?? 200, tol = options.tolerance ?? 1e-6;
  const n = theta.length, rng = new Prng(options.seed ?? 1);
  const grad = new Float64Array(n);
  const loss = fn(theta, grad);
  const gradNorm = norm(grad);
  const plus = new Float64Array(n), minus = new Float64Array(n), gPlus = new Float64Array(n), gMinus = new Float64Array(n);
  let products = 0;
  const hessianTimes = (v: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      plus[i] = theta[i]! + eps * v[i]!;
      minus[i] = theta[i]! - eps * v[i]!;
    }
    fn(plus, gPlus);
    fn(minus, gMinus);
    for (let i = 0; i < n; i++) out[i] = (gPlus[i]! - gMinus[i]!) / (2 * eps);
    products++;
  };
  const radius = powerIteration(n, rng, maxIter, tol, hessianTimes, 'norm');
  const rho = radius.value;
  const top = powerIteration(n, rng, maxIter, tol, (v, out) => {
    hessianTimes(v, out);
    for (let i = 0; i < n; i++) out[i]! += rho * v[i]!;
  }, 'rayleigh');
  const bottom = powerIteration(n, rng, maxIter, tol, (v, out) => {
    hessianTimes(v, out);
    for (let i = 0; i < n; i++) out[i] = rho * v[i]! - out[i]!;
  }, 'rayleigh');
  // Rayleigh quotients approach from inside: λ_max from below, λ_min from above.
  const lambdaMax = top.value - rho, lambdaMin = rho - bottom.value;
  const { verdict, message } = classify(gradNorm, lambdaMax, lambdaMin, options);
  return {
    loss, gradNorm, lambdaMax, lambdaMin, verdict, message, hessianVectorProducts: products,
    converged: radius.converged && top.converged && bottom.converged,
  };
}

/**
 * The curvature of a model's objective at its current weights; the weights (and gradients) are
 * restored exactly afterwards. In float32 a gradient is exact to about 1e-7 relative, so the
 * finite difference is good to about 1e-7·‖g‖/ε: with ε = 1e-3, eigenvalues to ~1e-4.
 */
export function modelCurvature(o: Objective, options: CurvatureOptions = {}): Curvature {
  return withWeightsRestored(o.model, (theta) => curvatureAt(objectiveGradientFn(o), theta, { tolerance: 1e-5, ...options }));
}

/** The thresholds `classify` applies, with their defaults; shown in the verdict's sentence. */
export function curvatureThresholds(options: CurvatureOptions = {}, scale = 0): { gradient: number; curvature: number; tau: number } {
  return {
    gradient: options.plateauGradient ?? 1e-4,
    curvature: options.plateauCurvature ?? 1e-3,
    tau: Math.max((options.negativeTolerance ?? 1e-4) * scale, options.flatCurvature ?? 1e-4),
  };
}

/**
 * Names the local shape from the gradient norm and the extreme curvatures. "Convex here" needs
 * λ_min clearly above 0: a zero-initialised ReLU network has every direction but the output bias's
 * flat (λ_min ≈ 0, gradient ≈ 0), and that is a plateau gradient descent cannot leave, not a bowl.
 */
export function classify(gradNorm: number, lambdaMax: number, lambdaMin: number, options: CurvatureOptions = {}): { verdict: CurvatureVerdict; message: string } {
  const scale = Math.max(Math.abs(lambdaMax), Math.abs(lambdaMin));
  const t = curvatureThresholds(options, scale);
  const show = (x: number): string => (x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(3) : x.toExponential(2)).replace('-', '−');
  const still = gradNorm <= t.gradient;
  if (still && scale <= t.curvature) {
    return { verdict: 'plateau', message: `plateau: gradient and curvature near 0 (gradient norm ${show(gradNorm)} ≤ ${show(t.gradient)}, every |λ| ≤ ${show(scale)} ≤ ${show(t.curvature)})` };
  }
  if (lambdaMin < -t.tau) {
    return { verdict: 'saddle', message: `saddle: negative curvature λ_min = ${show(lambdaMin)} < −${show(t.tau)} (λ_max = ${show(lambdaMax)}, gradient norm ${show(gradNorm)})` };
  }
  if (lambdaMin > t.tau) {
    return { verdict: 'convex', message: `convex here: every curvature positive, λ_min = ${show(lambdaMin)} > ${show(t.tau)}, λ_max = ${show(lambdaMax)} (gradient norm ${show(gradNorm)})` };
  }
  if (still) {
    return { verdict: 'plateau', message: `plateau: gradient near 0 (norm ${show(gradNorm)} ≤ ${show(t.gradient)}) and flat along some direction (λ_min = ${show(lambdaMin)}, within ±${show(t.tau)} of 0; λ_max = ${show(lambdaMax)}): gradient descent cannot move along the flat directions` };
  }
  return { verdict: 'flat', message: `flat across the slope: λ_min = ${show(lambdaMin)} is within ±${show(t.tau)} of 0 (λ_max = ${show(lambdaMax)}, gradient norm ${show(gradNorm)}): neither a bowl nor a saddle can be told here` };
}

/**
 * Power iteration v ← Av/‖Av‖ from a random start. `estimate` 'norm' returns ‖Av‖ (→ the
 * largest |λ|, even when λ and −λ tie); 'rayleigh' returns vᵀAv (→ the largest λ of a matrix
 * whose eigenvalues are all ≥ 0).
 */
function powerIteration(
  n: number, rng: Prng, maxIter: number, tol: number,
  apply: (v: Float64Array, out: Float64Array) => void, estimate: 'norm' | 'rayleigh',
): { value: number; converged: boolean } {
  let v = Float64Array.from({ length: n }, () => rng.normal());
  let w = new Float64Array(n);
  const start = norm(v);
  for (let i = 0; i < n; i++) v[i]! /= start;
  let value = NaN;
  for (let iter = 0; iter < maxIter; iter++) {
    apply(v, w);
    const len = norm(w);
    const next = estimate === 'norm' ? len : dot(v, w);
    if (len === 0) return { value: 0, converged: true };
    const settled = Math.abs(next - value) <= tol * Math.abs(next);
    value = next;
    for (let i = 0; i < n; i++) w[i]! /= len;
    [v, w] = [w, v];
    if (settled) return { value, converged: true };
  }
  return { value, converged: false };
}
