import { Param } from './layers/layer';

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** An optimizer and its hyper-parameters; omitted ones take the defaults of `OPTIMIZER_DEFAULTS`. */
export interface OptimizerSpec {
  kind: OptimizerName;
  learningRate: number;
  /** Momentum and Nesterov: the momentum factor μ. */
  momentum?: number;
  /** RMSprop: the smoothing constant α of the squared-gradient average. */
  rho?: number;
  /** Adam, AdamW: decay rates of the first and second moment estimates. */
  beta1?: number;
  beta2?: number;
  /** Added to the denominator of adaptive methods for numerical stability. */
  epsilon?: number;
  /** AdamW: decoupled weight decay λ (weights only). */
  weightDecay?: number;
}

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

/** One line per optimizer, for pickers and help text. */
export const OPTIMIZER_HELP: Record<OptimizerName, string> = {
  sgd: 'plain gradient descent: w ← w − η·g',
  momentum: 'heavy ball: a velocity that accumulates past gradients rolls through plateaus and ravines',
  nesterov: 'momentum that looks ahead: corrects the velocity with the gradient where it is about to land',
  adagrad: 'per-weight step sizes that shrink with the sum of squared gradients — good for sparse features',
  rmsprop: 'per-weight step sizes from a moving average of squared gradients — escapes plateaus',
  adam: 'momentum plus RMSprop with bias correction — the usual default',
  adamw: 'Adam with weight decay applied to the weights directly rather than through the gradient',
};

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

  constructor(spec: OptimizerSpec) {
    const defined = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
    this.spec = { ...OPTIMIZER_DEFAULTS[spec.kind], ...defined, kind: spec.kind } as Required<OptimizerSpec>;
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
    for (const p of params) this.update(p);
  }

  private buffers(p: Param, count: number): Float32Array[] {
    let s = this.state.get(p);
    if (!s) {
      s = Array.from({ length: count }, () => new Float32Array(p.value.length));
      this.state.set(p, s);
    }
    return s;
  }

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
