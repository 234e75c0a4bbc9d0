// @ts-nocheck — AssemblyScript entry (scripts/build-wasm.mjs): every kernel in one module, so they share one memory.
/*
 * The engine's WebAssembly SIMD kernels as one module: matmul, the convolution and pooling
 * loops, and the fused optimizer updates. One module means one memory, so the columns im2col
 * builds are multiplied where they lie, without a copy out and back in.
 */
export * from './matmul';
export * from './conv';
export * from './optimizer';
