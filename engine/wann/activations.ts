import type { WannActivation } from '../catalogue';

export { WANN_ACTIVATIONS, WANN_ACTIVATION_HELP, isWannActivation, type WannActivation } from '../catalogue';
/**
 * The node activations of weight-agnostic networks (Gaier & Ha 2019, §3: "linear, step, sin,
 * cosine, Gaussian, tanh, sigmoid, absolute value, invert (i.e. negative linear), ReLU").
 * Each is applied to a whole node's batch at once, so the search pays one switch per node and
 * not one per sample.
 */

/** A node's batch: single precision in the search, double in weight training (for clean gradients). */
export type Vec = Float32Array | Float64Array;

/**
 * Writes y = f(scale·x) for the first n values. `scale` is the shared weight: a node's input is
 * w·Σ(incoming values), so the search sums first and multiplies once.
 */
export function activate(kind: WannActivation, x: Vec, scale: number, y: Vec, n: number): void {
  const s = scale;
  switch (kind) {
    case 'linear': for (let i = 0; i < n; i++) y[i] = s * x[i]!; return;
    case 'step': for (let i = 0; i < n; i++) y[i] = s * x[i]! > 0 ? 1 : 0; return;
    // sin(πx), cos(πx): a period of 2 matches the ±2 range of the shared weights, as in the paper's code.
    case 'sin': for (let i = 0; i < n; i++) y[i] = Math.sin(Math.PI * s * x[i]!); return;
    case 'cosine': for (let i = 0; i < n; i++) y[i] = Math.cos(Math.PI * s * x[i]!); return;
    case 'gaussian': for (let i = 0; i < n; i++) { const v = s * x[i]!; y[i] = Math.exp(-0.5 * v * v); } return;
    case 'tanh': for (let i = 0; i < n; i++) y[i] = Math.tanh(s * x[i]!); return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = s * x[i]!;
        // Two branches keep exp from overflowing for large |v|.
        if (v >= 0) y[i] = 1 / (1 + Math.exp(-v));
        else { const e = Math.exp(v); y[i] = e / (1 + e); }
      }
      return;
    case 'inverse': for (let i = 0; i < n; i++) y[i] = -s * x[i]!; return;
    case 'abs': for (let i = 0; i < n; i++) y[i] = Math.abs(s * x[i]!); return;
    case 'relu': for (let i = 0; i < n; i++) { const v = s * x[i]!; y[i] = v > 0 ? v : 0; } return;
  }
}

/**
 * Writes dz = dy · f'(z) for the first n values, given the pre-activation z and output y of the
 * forward pass. Step has derivative 0 almost everywhere, so gradient descent cannot move what
 * flows only through step nodes: that is the honest surrogate, not a bug.
 */
export function activationGrad(kind: WannActivation, z: Vec, y: Vec, dy: Vec, dz: Vec, n: number): void {
  switch (kind) {
    case 'linear': for (let i = 0; i < n; i++) dz[i] = dy[i]!; return;
    case 'step': for (let i = 0; i < n; i++) dz[i] = 0; return;
    case 'sin': for (let i = 0; i < n; i++) dz[i] = dy[i]! * Math.PI * Math.cos(Math.PI * z[i]!); return;
    case 'cosine': for (let i = 0; i < n; i++) dz[i] = -dy[i]! * Math.PI * Math.sin(Math.PI * z[i]!); return;
    case 'gaussian': for (let i = 0; i < n; i++) dz[i] = -dy[i]! * z[i]! * y[i]!; return;
    case 'tanh': for (let i = 0; i < n; i++) { const t = y[i]!; dz[i] = dy[i]! * (1 - t * t); } return;
    case 'sigmoid': for (let i = 0; i < n; i++) { const p = y[i]!; dz[i] = dy[i]! * p * (1 - p); } return;
    case 'inverse': for (let i = 0; i < n; i++) dz[i] = -dy[i]!; return;
    case 'abs': for (let i = 0; i < n; i++) { const v = z[i]!; dz[i] = v > 0 ? dy[i]! : v < 0 ? -dy[i]! : 0; } return;
    case 'relu': for (let i = 0; i < n; i++) dz[i] = z[i]! > 0 ? dy[i]! : 0; return;
  }
}
