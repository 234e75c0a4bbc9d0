import { ACTIVATIONS, type ActivationName } from '../catalogue';

export { ACTIVATIONS, type ActivationName } from '../catalogue';

/** Slope of leaky ReLU for negative inputs (the common default, as in PyTorch). */
export const LEAKY_SLOPE = 0.01;

/**
 * An activation as two loops over arrays: `forward` writes y = f(x); `backward` writes
 * dx = dy · f'(x), given the x and y of the forward pass (each uses whichever is cheaper).
 */
export interface Activation {
  readonly name: ActivationName;
  forward(x: Float32Array, y: Float32Array, n: number): void;
  backward(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array, n: number): void;
}

/** The logistic function, written to stay finite for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

// tanh as x·P(x²)/Q(x²), a rational fit of degree 4/4 in x² made for this engine (weighted
// least squares iterated towards minimax, against 30-digit tanh on [0, 9]). Its relative error is
// ≤ 6.1e-8 (≤ 1 float32 ulp; 95% of float32 results equal Math.tanh's), and it costs a quarter
// of Math.tanh, which dominated small networks' steps. Beyond |x| = 9, tanh rounds to ±1 in float32.
const TP0 = 0.9999999943947018, TP1 = 0.1339424612731692, TP2 = 0.0035112352176403247, TP3 = 2.0864498041848426e-5, TP4 = 1.3704827633853611e-8;
const TQ1 = 0.4672756799829526, TQ2 = 0.025936648516097335, TQ3 = 0.0003311133561893745, TQ4 = 7.920662340073215e-7;

/** The hyperbolic tangent, to float32 accuracy. */
export function tanh(x: number): number {
  if (x > 9) return 1;
  if (x < -9) return -1;
  const s = x * x;
  return (x * (TP0 + s * (TP1 + s * (TP2 + s * (TP3 + s * TP4))))) / (1 + s * (TQ1 + s * (TQ2 + s * (TQ3 + s * TQ4))));
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

// GELU with the tanh approximation (Hendrycks & Gimpel 2016, eq. in §2; PyTorch's
// approximate='tanh'): JavaScript has no erf, and the approximation differs by < 1e-3.
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

const table: Record<ActivationName, Activation> = {
  linear: {
    name: 'linear',
    forward: (x, y, n) => y.set(n === x.length ? x : x.subarray(0, n)),
    backward: (_x, _y, dy, dx, n) => dx.set(n === dy.length ? dy : dy.subarray(0, n)),
  },
  relu: {
    name: 'relu',
    forward(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v > 0 ? v : 0; } },
    // ReLU'(0) is taken as 0, as PyTorch and TensorFlow do: an all-zero layer gets no gradient.
    backward(x, _y, dy, dx, n) { for (let i = 0; i < n; i++) dx[i] = x[i]! > 0 ? dy[i]! : 0; },
  },
  'leaky-relu': {
    name: 'leaky-relu',
    forward(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v > 0 ? v : LEAKY_SLOPE * v; } },
    backward(x, _y, dy, dx, n) { for (let i = 0; i < n; i++) dx[i] = x[i]! > 0 ? dy[i]! : LEAKY_SLOPE * dy[i]!; },
  },
  tanh: {
    name: 'tanh',
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = tanh(x[i]!); },
    backward(_x, y, dy, dx, n) { for (let i = 0; i < n; i++) { const t = y[i]!; dx[i] = dy[i]! * (1 - t * t); } },
  },
  sigmoid: {
    name: 'sigmoid',
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = sigmoid(x[i]!); },
    backward(_x, y, dy, dx, n) { for (let i = 0; i < n; i++) { const s = y[i]!; dx[i] = dy[i]! * s * (1 - s); } },
  },
  sin: {
    name: 'sin',
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = Math.sin(x[i]!); },
    backward(x, _y, dy, dx, n) { for (let i = 0; i < n; i++) dx[i] = dy[i]! * Math.cos(x[i]!); },
  },
  gelu: {
    name: 'gelu',
    forward(x, y, n) {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        y[i] = 0.5 * v * (1 + tanh(GELU_C * (v + GELU_A * v * v * v)));
      }
    },
    backward(x, _y, dy, dx, n) {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        const t = tanh(GELU_C * (v + GELU_A * v * v * v));
        const dt = (1 - t * t) * GELU_C * (1 + 3 * GELU_A * v * v);
        dx[i] = dy[i]! * (0.5 * (1 + t) + 0.5 * v * dt);
      }
    },
  },
  softplus: {
    name: 'softplus',
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = softplus(x[i]!); },
    backward(x, _y, dy, dx, n) { for (let i = 0; i < n; i++) dx[i] = dy[i]! * sigmoid(x[i]!); },
  },
};

/** The activation of that name. */
export function activation(name: ActivationName): Activation {
  return table[name];
}

/** Whether `name` is an activation the engine knows. */
export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === 'string' && (ACTIVATIONS as readonly string[]).includes(name);
}
