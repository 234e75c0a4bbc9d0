/*
 * Loading the engine's WebAssembly SIMD module (source: engine/nn/kernels/wasm/kernels.ts, bytes
 * embedded by scripts/build-wasm.mjs) and laying out operands in its memory. The module is
 * compiled once; the layers share one instance (its memory is their one workspace, reused by
 * every call and grown only to the largest call), and each optimizer gets an instance of its
 * own, whose memory keeps that optimizer's state between steps.
 */
import { KERNELS_WASM_BASE64 } from './wasm/kernels-wasm.generated';

// The engine compiles against ES2022 without the DOM library, which is where TypeScript declares
// WebAssembly; these are the few members used here (present in Node, browsers and workers).
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
} | undefined;

/** The module's exports (pointers are byte offsets into `memory`; booleans are 0/1). */
export interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  packedBytes(k: number, n: number): number;
  matmul(form: number, a: number, b: number, out: number, m: number, k: number, n: number, accumulate: number, pack: number): void;
  im2col(input: number, images: number, inH: number, inW: number, c: number, kH: number, kW: number, stride: number, padTop: number, padLeft: number, outH: number, outW: number, cols: number): void;
  col2im(cols: number, images: number, inH: number, inW: number, c: number, kH: number, kW: number, stride: number, padTop: number, padLeft: number, outH: number, outW: number, out: number): void;
  broadcastRows(v: number, out: number, rows: number, cols: number): void;
  sumRows(a: number, out: number, rows: number, cols: number, accumulate: number): void;
  maxPoolForward(x: number, first: number, images: number, inH: number, inW: number, c: number, kH: number, kW: number, stride: number, outH: number, outW: number, y: number, winner: number): void;
  maxPoolBackward(dy: number, winner: number, outputs: number, offset: number, dx: number, count: number): void;
  avgPoolForward(x: number, images: number, inH: number, inW: number, c: number, kH: number, kW: number, stride: number, outH: number, outW: number, y: number, scale: number): void;
  avgPoolBackward(dy: number, images: number, inH: number, inW: number, c: number, kH: number, kW: number, stride: number, outH: number, outW: number, dx: number, scale: number): void;
  reluForward(x: number, y: number, n: number): void;
  reluBackward(x: number, dy: number, dx: number, n: number): void;
  setHyper(lr: number, mu: number, rho: number, beta1: number, beta2: number, eps: number, c1: number, c2: number, decay: number, l1: number, l2: number, clipValue: number, scale: number): void;
  update(kind: number, n: number, w: number, g: number, s1: number, s2: number, first: number): number;
  lastSquares(): number;
  lastPenalty(): number;
}

const PAGE = 65536;
/** Up to this many floats, copies in and out of wasm memory are plain loops (no view objects). */
const SHORT_COPY = 256;

/** n rounded up to a multiple of 16 (SIMD loads like aligned operands). */
export const align16 = (n: number): number => (n + 15) & ~15;

/** One instance of the module with float32 and int32 views of its memory, remade when it grows. */
export class WasmInstance {
  f32: Float32Array;
  i32: Int32Array;
  /** First byte free for operands. */
  readonly base: number;

  constructor(readonly k: KernelExports) {
    this.base = align16(k.heapBase());
    this.f32 = new Float32Array(k.memory.buffer);
    this.i32 = new Int32Array(k.memory.buffer);
  }

  /** Grows the memory to at least `bytes` (growing detaches the old views, so they are made anew). */
  reserve(bytes: number): void {
    const memory = this.k.memory;
    if (memory.buffer.byteLength >= bytes) return;
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    this.f32 = new Float32Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }

  /** Bytes of memory the instance holds now. */
  get bytes(): number {
    return this.k.memory.buffer.byteLength;
  }

  /**
   * Copies the first n values of `src` to byte offset `at`. Short runs are copied by a loop:
   * `subarray` makes a view object per call, which was most of a small network's per-step garbage.
   */
  put(src: Float32Array, at: number, n = src.length): void {
    const f = this.f32, i0 = at >> 2;
    if (n === src.length) f.set(src, i0);
    else if (n <= SHORT_COPY) for (let i = 0; i < n; i++) f[i0 + i] = src[i]!;
    else f.set(src.subarray(0, n), i0);
  }

  /** Copies n values from byte offset `at` into `dst` (from index `offset`); short runs by a loop, as `put`. */
  get(at: number, dst: Float32Array, n = dst.length, offset = 0): void {
    const f = this.f32, i0 = at >> 2;
    if (n <= SHORT_COPY) for (let i = 0; i < n; i++) dst[offset + i] = f[i0 + i]!;
    else dst.set(f.subarray(i0, i0 + n), offset);
  }
}

/**
 * Lays out operands one after another from `start`, each 16-byte aligned: `take(bytes)` returns
 * the offset of the next one; `end` is the first byte after them all.
 */
export class Layout {
  end: number;
  constructor(start: number) {
    this.end = align16(start);
  }
  take(bytes: number): number {
    const at = this.end;
    this.end = align16(at + bytes);
    return at;
  }
  floats(n: number): number {
    return this.take(n * 4);
  }
}

let compiled: object | null | undefined;
let shared: WasmInstance | null | undefined;

/**
 * The compiled module, or null where WebAssembly or its SIMD extension is not available (then
 * callers use the TypeScript kernels). Compiled synchronously: the module is a few KB, well under
 * the size browsers allow to compile synchronously.
 */
function compiledModule(): object | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly === 'undefined') return null;
    const bytes = decodeBase64(KERNELS_WASM_BASE64);
    // validate() is false where SIMD is unsupported, since the module uses v128.
    if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** A new instance (its own memory), or null where the module cannot run. */
export function newWasmInstance(): WasmInstance | null {
  const module = compiledModule();
  if (!module || typeof WebAssembly === 'undefined') return null;
  try {
    // The module imports nothing (no runtime, no asserts).
    return new WasmInstance(new WebAssembly.Instance(module, {}).exports as KernelExports);
  } catch {
    return null;
  }
}

/** The instance the layers share (their one workspace), made on first use; null without wasm SIMD. */
export function sharedWasm(): WasmInstance | null {
  if (shared === undefined) shared = newWasmInstance();
  return shared;
}

/** Base64 to bytes with `atob`, which Node, browsers and web workers all have. */
function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
