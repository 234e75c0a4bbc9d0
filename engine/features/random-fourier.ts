import { Prng } from '../prng';

/**
 * Random Fourier features (Rahimi & Recht 2007): z(x) = √(2/D)·cos(Wx + b) with W ~ N(0, 2γ)
 * and b ~ U(0, 2π), so z(x)·z(y) ≈ exp(−γ‖x − y‖²), the RBF kernel. A linear SVM on z is a
 * stand-in for a kernel SVM that trains with the same optimizers.
 */
export interface RandomFourier {
  /** D × n. */
  w: Float32Array;
  b: Float32Array;
  inputs: number;
  outputs: number;
}

/** Draws the D random frequencies and phases for n inputs. */
export function drawRandomFourier(inputs: number, outputs: number, gamma: number, rng: Prng): RandomFourier {
  const std = Math.sqrt(2 * gamma);
  return {
    w: Float32Array.from({ length: outputs * inputs }, () => std * rng.normal()),
    b: Float32Array.from({ length: outputs }, () => rng.uniform(0, 2 * Math.PI)),
    inputs,
    outputs,
  };
}

/** rows × D features z(x). */
export function applyRandomFourier(rf: RandomFourier, x: Float32Array, rows: number): Float32Array {
  const { inputs: n, outputs: d } = rf;
  const scale = Math.sqrt(2 / d);
  const out = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) for (let k = 0; k < d; k++) {
    let s = rf.b[k]!;
    for (let j = 0; j < n; j++) s += rf.w[k * n + j]! * x[r * n + j]!;
    out[r * d + k] = scale * Math.cos(s);
  }
  return out;
}
