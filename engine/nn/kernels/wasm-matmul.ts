/*
 * The host side of the WebAssembly SIMD matmul (source: engine/nn/kernels/wasm/matmul.ts).
 * Operands are copied into the shared instance's memory per call and the result copied out:
 * weights change every step, and a copy (a memcpy) costs a few percent of the multiply for the
 * sizes where this kernel is used, far less than teaching every layer to live in wasm memory.
 */
import { WasmInstance, align16, sharedWasm } from './wasm-module';

/** Which product: A·B, Aᵀ·B or A·Bᵀ (the codes of the wasm module). */
export const MatmulForm = { AB: 0, ATB: 1, ABT: 2 } as const;
export type MatmulForm = (typeof MatmulForm)[keyof typeof MatmulForm];

/** The matmul of one wasm instance. */
export class WasmMatmul {
  constructor(readonly w: WasmInstance) {}

  /**
   * out[m×n] (+)= the product `form` of a and b, with the shapes of the reference kernels:
   * AB: a [m×k], b [k×n]; ATB: a [k×m], b [k×n]; ABT: a [m×k], b [n×k].
   */
  run(form: MatmulForm, a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, accumulate: boolean): void {
    const w = this.w;
    const aLen = m * k, bLen = k * n, outLen = m * n;
    // Offsets computed in place rather than with a Layout: no object per call.
    const aAt = w.base, bAt = align16(aAt + aLen * 4), outAt = align16(bAt + bLen * 4), packAt = align16(outAt + outLen * 4);
    w.reserve(packAt + w.k.packedBytes(k, n));
    w.put(a, aAt, aLen);
    w.put(b, bAt, bLen);
    if (accumulate) w.put(out, outAt, outLen);
    w.k.matmul(form, aAt, bAt, outAt, m, k, n, accumulate ? 1 : 0, packAt);
    w.get(outAt, out, outLen);
  }
}

let instance: WasmMatmul | null | undefined;

/** The kernel on the shared instance; null where WebAssembly or its SIMD extension is not available. */
export function wasmMatmul(): WasmMatmul | null {
  if (instance === undefined) {
    const w = sharedWasm();
    instance = w ? new WasmMatmul(w) : null;
  }
  return instance;
}
