/*
 * The matmul kernels the layers call: the WebAssembly SIMD kernel where it is available and
 * the product is big enough to repay copying operands into its memory, the TypeScript
 * reference kernels (./matmul) otherwise. Both compute the same thing (to float32 rounding;
 * test/engine/kernels.test.ts checks it), with the same signatures.
 */
import * as reference from './matmul';
import { MatmulForm, WasmMatmul, wasmMatmul } from './wasm-matmul';
import { WasmInstance } from './wasm-module';

/**
 * Below this many multiply-adds (m·k·n) the reference kernel is used: a wasm call costs about
 * 0.1 µs of fixed overhead (copies, packing, the call itself), which the TypeScript kernel
 * beats on tiny products such as 10×8×1. Measured crossover on x64 V8: about 150–200.
 */
export const WASM_MIN_WORK = 256;

let wasm: WasmMatmul | null | undefined;
let preferWasm = true;

/** Turns the wasm kernels off (the reference kernels then do all the work) or back on. */
export function useWasmKernels(on: boolean): void {
  preferWasm = on;
}

/** Which kernels large products go to now: 'wasm-simd', or 'typescript' when off or unavailable. */
export function kernelName(): 'wasm-simd' | 'typescript' {
  return preferWasm && loaded() ? 'wasm-simd' : 'typescript';
}

/**
 * The wasm instance the layers' conv and pooling kernels run on (engine/nn/kernels/wasm-conv.ts),
 * or null when the wasm kernels are off or unavailable: then layers use the TypeScript loops.
 */
export function layerKernels(): WasmInstance | null {
  return preferWasm ? (loaded()?.w ?? null) : null;
}

/** Whether the wasm kernels are on and available (optimizers decide their path with it when made). */
export function wasmKernelsOn(): boolean {
  return kernelName() === 'wasm-simd';
}

function loaded(): WasmMatmul | null {
  if (wasm === undefined) wasm = wasmMatmul();
  return wasm;
}

function pick(m: number, k: number, n: number): WasmMatmul | null {
  return preferWasm && m * k * n >= WASM_MIN_WORK ? loaded() : null;
}

/** out[m×n] = A[m×k] · B[k×n] (plus out, when `accumulate`). */
export function matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, accumulate = false): void {
  const w = pick(m, k, n);
  if (w) w.run(MatmulForm.AB, a, b, out, m, k, n, accumulate);
  else reference.matmul(a, b, out, m, k, n, accumulate);
}

/** out[m×n] = Aᵀ · B, where A is [k×m] and B is [k×n] (plus out, when `accumulate`). */
export function matmulTransA(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, accumulate = false): void {
  const w = pick(m, k, n);
  if (w) w.run(MatmulForm.ATB, a, b, out, m, k, n, accumulate);
  else reference.matmulTransA(a, b, out, m, k, n, accumulate);
}

/** out[m×n] = A · Bᵀ, where A is [m×k] and B is [n×k] (plus out, when `accumulate`). */
export function matmulTransB(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, accumulate = false): void {
  const w = pick(m, k, n);
  if (w) w.run(MatmulForm.ABT, a, b, out, m, k, n, accumulate);
  else reference.matmulTransB(a, b, out, m, k, n, accumulate);
}
