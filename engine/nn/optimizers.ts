import { wasmKernelsOn } from './kernels';
import { WasmInstance, align16, newWasmInstance } from './kernels/wasm-module';
import { Param } from './layers/layer';
import type { OptimizerName } from '../catalogue';

export { OPTIMIZERS, OPTIMIZER_HELP, type OptimizerName } from '../catalogue';
import type { OptimizerSpec } from '../protocol/experiment';
export type { OptimizerSpec } from '../protocol/experiment';

/** PyTorch's documented defaults for each optimizer (torch.optim, 2.x). */
export const OPTIMIZER_DEFAULTS: Record<OptimizerName, Required<Omit<OptimizerSpec, 'kind'>>> = {
  sgd: { learningRate: 0.01, momentum: 0, rho: 0, beta1: 0, beta2: 0, epsilon: 0, weightDecay: 0 },
  momentum: { learningRate: 0.01, momentum: 0.9, rho: 0, beta1: 0, beta2: 0, epsilon: 0, weightDecay: 0 },
  nesterov: { learningRate: 0.01, momentum: 0.9, rho: 0, beta1: 0, beta2: 0, epsilon: 0, weightDecay: 0 },
  adagrad: { learningRate: 0.01, momentum: 0, rho: 0, beta1: 0, beta2: 0, epsilon: 1e-10, weightDecay: 0 },
  rmsprop: { learningRate: 0.01, momentum: 0, rho: 0.99, beta1: 0, beta2: 0, epsilon: 1e-8, weightDecay: 0 },
  adam: { learningRate: 0.001, momentum: 0, rho: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 },
  adamw: { learningRate: 0.001, momentum: 0, rho: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 },
};

/** Codes of the update rules in the wasm module (engine/nn/kernels/wasm/optimizer.ts). */
const WASM_KIND: Record<OptimizerName, number> = { sgd: 0, momentum: 1, nesterov: 2, adagrad: 3, rmsprop: 4, adam: 5, adamw: 6 };

/**
 * Params with fewer values than this are updated by the TypeScript loop: below it a wasm call
 * and its copies cost more than the loop (W1's 2-8-8-1 network has nothing larger).
 */
export const WASM_MIN_PARAM_VALUES = 256;

/** What `stepFused` does to each gradient before the update, in the trainer's order. */
export interface FusedStepOptions {
  /** L1/L2 penalty on weights (never biases): adds l1·sign(w) + l2·w to the gradient. */
  l1?: number;
  l2?: number;
  /** Clipping by value: each gradient value into [−clipValue, clipValue]. */
  clipValue?: number;
  /** Clipping by norm: every gradient value times this factor (after clipping by value). */
  gradScale?: number;
}

/** What `stepFused` measured on the way (one object per optimizer, overwritten by its next `stepFused`). */
export interface FusedStepResult {
  /** Σ g² of each param's gradient after the penalty, before clipping (the trainer's gradient norm²), in `params` order. */
  squares: Float64Array;
  /** l1·Σ|w| + (l2/2)·Σw² over the weights before the update (the penalty added to the loss). */
  penalty: number;
}

/** Where one param's copy lives in an optimizer's wasm memory: weights, gradient, two state arrays. */
interface WasmSlot {
  w: number;
  g: number;
  s1: number;
  s2: number;
}

/**
 * Updates params from their gradients. Each update rule is the one in PyTorch's torch.optim
 * documentation (2.x) for that algorithm with its default options (no dampening, not centred,
 * no amsgrad), so a step can be checked against PyTorch by hand or by code.
 */
export class Optimizer {
  readonly spec: Required<OptimizerSpec>;
  /** Number of updates applied so far (Adam's t). */
  private t = 0;
  private readonly state = new Map<Param, Float32Array[]>();
  /**
   * The wasm path (decided when the optimizer is made, from useWasmKernels): an instance of the
   * kernel module of this optimizer's own, whose memory keeps each large param's state between
   * steps, so a step copies in only weights and gradient and copies out the weights.
   */
  private readonly wantWasm: boolean;
  /** Made on the first param large enough to use it (W1's tiny network never makes one). */
  private wasmInstance: WasmInstance | null | undefined;
  private readonly slots = new Map<Param, WasmSlot>();
  private wasmEnd = 0;

  constructor(spec: OptimizerSpec) {
    const defined = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
    this.spec = { ...OPTIMIZER_DEFAULTS[spec.kind], ...defined, kind: spec.kind } as Required<OptimizerSpec>;
    this.wantWasm = wasmKernelsOn();
  }

  /** Which code updates large params: 'wasm-simd' (bit for bit the TypeScript loops) or 'typescript'. */
  get kernels(): 'wasm-simd' | 'typescript' {
    return this.wantWasm ? 'wasm-simd' : 'typescript';
  }

  /** The wasm instance for a param of n values, or null when the TypeScript loop updates it. */
  private wasmFor(n: number): WasmInstance | null {
    if (!this.wantWasm || n < WASM_MIN_PARAM_VALUES) return null;
    if (this.wasmInstance === undefined) {
      this.wasmInstance = newWasmInstance();
      if (this.wasmInstance) this.wasmEnd = this.wasmInstance.base;
    }
    return this.wasmInstance;
  }

  get learningRate(): number {
    return this.spec.learningRate;
  }

  /** Changes the step size from the next update on, keeping the accumulated state. */
  set learningRate(lr: number) {
    this.spec.learningRate = lr;
  }

  get steps(): number {
    return this.t;
  }

  /** Applies one update to every param from its current gradient. */
  step(params: readonly Param[]): void {
    this.t++;
    for (const p of params) {
      const wasm = this.wasmFor(p.value.length);
      if (wasm) this.updateWasm(wasm, p, NO_EXTRAS);
      else this.update(p);
    }
  }

  /**
   * One update with the trainer's gradient preparation fused into the same pass per param:
   * the L1/L2 penalty, clipping by value, scaling (clipping by norm, with a factor the caller
   * computed from an earlier norm) and the gradient's Σ g². The same values, bit for bit, as
   * applyPenalty + the norms + clipGradients + step (engine/nn/regularization.ts) in that order;
   * the prepared gradients are left in each param's `grad`, as those functions leave them.
   */
  stepFused(params: readonly Param[], o: FusedStepOptions): FusedStepResult {
    this.t++;
    // The result and the per-param options are reused from step to step: a step makes no garbage.
    const result = this.fused;
    if (result.squares.length !== params.length) result.squares = new Float64Array(params.length);
    const squares = result.squares, extras = this.extras;
    let penalty = 0;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      extras.l1 = p.isBias ? 0 : o.l1 ?? 0;
      extras.l2 = p.isBias ? 0 : o.l2 ?? 0;
      extras.clipValue = o.clipValue ?? Infinity;
      extras.gradScale = o.gradScale ?? 1;
      const wasm = this.wasmFor(p.value.length);
      if (wasm) this.updateWasm(wasm, p, extras);
      else {
        prepareGradient(p, extras);
        this.update(p);
      }
      squares[i] = extras.squares;
      penalty += extras.penalty;
    }
    result.penalty = penalty;
    return result;
  }

  private readonly fused: FusedStepResult = { squares: new Float64Array(0), penalty: 0 };
  private readonly extras: Extras = { l1: 0, l2: 0, clipValue: Infinity, gradScale: 1, penalty: 0, squares: 0 };

  /** The update of `update`, in the wasm module: one fused pass over the param's copy in wasm memory. */
  /** Leaves Σ g² in `x.squares` and the penalty in `x.penalty` (unless x is NO_EXTRAS). */
  private updateWasm(wasm: WasmInstance, p: Param, x: Extras): void {
    const n = p.value.length;
    let slot = this.slots.get(p);
    if (!slot) {
      // State starts at zero, as the TypeScript path's new Float32Arrays do (fresh wasm memory is zeroed).
      const bytes = align16(n * 4), at = this.wasmEnd;
      slot = { w: at, g: at + bytes, s1: at + 2 * bytes, s2: at + 3 * bytes };
      this.wasmEnd = at + 4 * bytes;
      wasm.reserve(this.wasmEnd);
      this.slots.set(p, slot);
    }
    const { kind, learningRate: lr, momentum: mu, rho, beta1, beta2, epsilon: eps, weightDecay } = this.spec;
    const c1 = 1 - Math.pow(beta1, this.t), c2 = 1 - Math.pow(beta2, this.t);
    const decay = kind === 'adamw' && !p.isBias && weightDecay !== 0 ? 1 - lr * weightDecay : 1;
    wasm.put(p.value, slot.w);
    wasm.put(p.grad, slot.g);
    wasm.k.setHyper(lr, mu, rho, beta1, beta2, eps, c1, c2, decay, x.l1, x.l2, x.clipValue, x.gradScale);
    const squares = wasm.k.update(WASM_KIND[kind], n, slot.w, slot.g, slot.s1, slot.s2, this.t === 1 ? 1 : 0);
    wasm.get(slot.w, p.value, n);
    if (x !== NO_EXTRAS && (x.l1 !== 0 || x.l2 !== 0 || x.clipValue !== Infinity || x.gradScale !== 1)) wasm.get(slot.g, p.grad, n);
    if (x !== NO_EXTRAS) {
      x.penalty = wasm.k.lastPenalty();
      x.squares = squares;
    }
  }

  private buffers(p: Param, count: number): Float32Array[] {
    let s = this.state.get(p);
    if (!s) {
      s = Array.from({ length: count }, () => new Float32Array(p.value.length));
      this.state.set(p, s);
    }
    return s;
  }

  /** The readable reference update (and the path for small params and where wasm is off). */
  private update(p: Param): void {
    const { kind, learningRate: lr, momentum: mu, rho, beta1, beta2, epsilon: eps, weightDecay } = this.spec;
    const w = p.value, g = p.grad, n = w.length;
    switch (kind) {
      case 'sgd':
        for (let i = 0; i < n; i++) w[i]! -= lr * g[i]!;
        return;
      case 'momentum': {
        // b ← μ·b + g (b₁ = g); w ← w − η·b
        const [b] = this.buffers(p, 1) as [Float32Array];
        const first = this.t === 1;
        for (let i = 0; i < n; i++) {
          b[i] = first ? g[i]! : mu * b[i]! + g[i]!;
          w[i]! -= lr * b[i]!;
        }
        return;
      }
      case 'nesterov': {
        // b ← μ·b + g (b₁ = g); w ← w − η·(g + μ·b)
        const [b] = this.buffers(p, 1) as [Float32Array];
        const first = this.t === 1;
        for (let i = 0; i < n; i++) {
          b[i] = first ? g[i]! : mu * b[i]! + g[i]!;
          w[i]! -= lr * (g[i]! + mu * b[i]!);
        }
        return;
      }
      case 'adagrad': {
        // s ← s + g²; w ← w − η·g / (√s + ε)
        const [s] = this.buffers(p, 1) as [Float32Array];
        for (let i = 0; i < n; i++) {
          s[i]! += g[i]! * g[i]!;
          w[i]! -= (lr * g[i]!) / (Math.sqrt(s[i]!) + eps);
        }
        return;
      }
      case 'rmsprop': {
        // v ← α·v + (1 − α)·g²; w ← w − η·g / (√v + ε)
        const [v] = this.buffers(p, 1) as [Float32Array];
        for (let i = 0; i < n; i++) {
          v[i] = rho * v[i]! + (1 - rho) * g[i]! * g[i]!;
          w[i]! -= (lr * g[i]!) / (Math.sqrt(v[i]!) + eps);
        }
        return;
      }
      case 'adam':
      case 'adamw': {
        // AdamW first decays the weights: w ← w·(1 − η·λ) (Loshchilov & Hutter 2019); biases are not decayed.
        if (kind === 'adamw' && !p.isBias && weightDecay !== 0) {
          const decay = 1 - lr * weightDecay;
          for (let i = 0; i < n; i++) w[i]! *= decay;
        }
        // m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²;
        // w ← w − η·m̂ / (√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ): the bias correction.
        const [m, v] = this.buffers(p, 2) as [Float32Array, Float32Array];
        const c1 = 1 - Math.pow(beta1, this.t), c2 = 1 - Math.pow(beta2, this.t);
        for (let i = 0; i < n; i++) {
          const gi = g[i]!;
          m[i] = beta1 * m[i]! + (1 - beta1) * gi;
          v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
          w[i]! -= (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
        }
        return;
      }
    }
  }
}

/** A param's gradient preparation for `stepFused` (zeros and Infinity: none), and the penalty it measured. */
interface Extras {
  l1: number;
  l2: number;
  clipValue: number;
  gradScale: number;
  /** Out: the penalty of the param's weights (set by the preparation). */
  penalty: number;
  /**
   * Out: the gradient's Σ g² (set by the preparation, in TypeScript or wasm). A field, not a return value:
   * a double returned from a call that is not inlined is boxed, 16 bytes per param per step.
   */
  squares: number;
}

const NO_EXTRAS: Extras = { l1: 0, l2: 0, clipValue: Infinity, gradScale: 1, penalty: 0, squares: 0 };

/**
 * The TypeScript reference of the gradient preparation fused into the wasm update, written as
 * applyPenalty, sumOfSquares and clipGradients compute it for one param.
 */
function prepareGradient(p: Param, x: Extras): void {
  const w = p.value, g = p.grad, n = g.length, { l1, l2, clipValue: c, gradScale } = x;
  let penalty = 0, squares = 0;
  if (l1 !== 0 || l2 !== 0) {
    for (let i = 0; i < n; i++) {
      const wi = w[i]!;
      penalty += l1 * Math.abs(wi) + 0.5 * l2 * wi * wi;
      g[i]! += l1 * Math.sign(wi) + l2 * wi;
    }
  }
  for (let i = 0; i < n; i++) squares += g[i]! * g[i]!;
  if (c !== Infinity) for (let i = 0; i < n; i++) g[i] = Math.min(c, Math.max(-c, g[i]!));
  if (gradScale !== 1) for (let i = 0; i < n; i++) g[i]! *= gradScale;
  x.penalty = penalty;
  x.squares = squares;
}
