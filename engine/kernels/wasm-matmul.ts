/*
 * The host side of the WebAssembly SIMD matmul (source: engine/kernels/wasm/matmul.ts).
 * Operands are copied into the module's memory per call and the result copied out: weights
 * change every step, and a copy (a memcpy) costs a few percent of the multiply for the sizes
 * where this kernel is used, far less than teaching every layer to live in wasm memory.
 */
import { MATMUL_WASM_BASE64 } from './wasm/matmul-wasm.generated';

/** Which product: A·B, Aᵀ·B or A·Bᵀ (the codes of the wasm module). */
export const MatmulForm = { AB: 0, ATB: 1, ABT: 2 } as const;
export type MatmulForm = (typeof MatmulForm)[keyof typeof MatmulForm];

// The engine compiles against ES2022 without the DOM library, which is where TypeScript declares
// WebAssembly; these are the few members used here (present in Node, browsers and workers).
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
} | undefined;

interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  packedBytes(k: number, n: number): number;
  matmul(form: number, a: number, b: number, out: number, m: number, k: number, n: number, accumulate: number, pack: number): void;
}

const PAGE = 65536;
const align16 = (n: number): number => (n + 15) & ~15;

/** One instance of the kernel module and the float32 view of its memory. */
export class WasmMatmul {
  private view: Float32Array;
  private readonly base: number;

  constructor(private readonly k: KernelExports) {
    this.base = k.heapBase();
    this.view = new Float32Array(k.memory.buffer);
  }

  /**
   * out[m×n] (+)= the product `form` of a and b, with the shapes of the reference kernels:
   * AB: a [m×k], b [k×n]; ATB: a [k×m], b [k×n]; ABT: a [m×k], b [n×k].
   */
  run(form: MatmulForm, a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, accumulate: boolean): void {
    const aLen = m * k, bLen = k * n, outLen = m * n;
    const aAt = this.base, bAt = align16(aAt + aLen * 4), outAt = align16(bAt + bLen * 4), packAt = align16(outAt + outLen * 4);
    this.reserve(packAt + this.k.packedBytes(k, n));
    const v = this.view;
    v.set(a.length === aLen ? a : a.subarray(0, aLen), aAt >> 2);
    v.set(b.length === bLen ? b : b.subarray(0, bLen), bAt >> 2);
    if (accumulate) v.set(out.subarray(0, outLen), outAt >> 2);
    this.k.matmul(form, aAt, bAt, outAt, m, k, n, accumulate ? 1 : 0, packAt);
    out.set(v.subarray(outAt >> 2, (outAt >> 2) + outLen));
  }

  /** Grows the memory to at least `bytes` (growing detaches the old view, so it is made anew). */
  private reserve(bytes: number): void {
    const memory = this.k.memory;
    if (memory.buffer.byteLength >= bytes) return;
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    this.view = new Float32Array(memory.buffer);
  }
}

let instance: WasmMatmul | null | undefined;

/**
 * The kernel, instantiated on first use; null where WebAssembly or its SIMD extension is not
 * available (then callers use the TypeScript kernels). Compiled synchronously: the module is
 * about 2 KB, well under the size browsers allow to compile synchronously.
 */
export function wasmMatmul(): WasmMatmul | null {
  if (instance !== undefined) return instance;
  instance = null;
  try {
    if (typeof WebAssembly === 'undefined') return null;
    const bytes = decodeBase64(MATMUL_WASM_BASE64);
    // validate() is false where SIMD is unsupported, since the module uses v128.
    if (!WebAssembly.validate(bytes)) return null;
    const module = new WebAssembly.Module(bytes);
    // The module imports nothing (no runtime, no asserts).
    instance = new WasmMatmul(new WebAssembly.Instance(module, {}).exports as KernelExports);
  } catch {
    instance = null;
  }
  return instance;
}

/** Base64 to bytes with `atob`, which Node, browsers and web workers all have. */
function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
