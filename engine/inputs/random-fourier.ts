import { matmulTransB } from '../nn/kernels/matmul';
import { MatmulForm, wasmMatmul } from '../nn/kernels/wasm-matmul';
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

/** Rows per matrix product: bounds the scratch memory of the wasm kernel on large sets. */
const CHUNK_ROWS = 512;

/** rows × D features z(x): X·Wᵀ as one matrix product per chunk of rows (wasm where it runs), then cos. */
export function applyRandomFourier(rf: RandomFourier, x: Float32Array, rows: number): Float32Array {
  const { inputs: n, outputs: d } = rf;
  const scale = Math.sqrt(2 / d);
  const out = new Float32Array(rows * d);
  const kernel = wasmMatmul();
  for (let r0 = 0; r0 < rows; r0 += CHUNK_ROWS) {
    const m = Math.min(CHUNK_ROWS, rows - r0);
    const a = x.subarray(r0 * n, (r0 + m) * n), o = out.subarray(r0 * d, (r0 + m) * d);
    if (kernel) kernel.run(MatmulForm.ABT, a, rf.w, o, m, n, d, false);
    else matmulTransB(a, rf.w, o, m, n, d);
  }
  for (let r = 0; r < rows; r++) for (let k = 0; k < d; k++) out[r * d + k] = scale * Math.cos(out[r * d + k]! + rf.b[k]!);
  return out;
}
