import { Dense } from '../nn/layers/dense';
import { Param } from '../nn/layers/layer';
import { Sequential } from '../nn/model';

/**
 * A model's parameters seen as one vector θ: every param's values concatenated in
 * `model.params` order (the order of `model.snapshot()`), in double precision so that
 * directions, projections and finite differences do their arithmetic without float32 rounding.
 */

/** Number of values in θ. */
export function parameterCount(params: readonly Param[]): number {
  let n = 0;
  for (const p of params) n += p.value.length;
  return n;
}

/** θ now, as a new double vector. */
export function readFlat(params: readonly Param[]): Float64Array {
  const out = new Float64Array(parameterCount(params));
  let o = 0;
  for (const p of params) {
    out.set(p.value, o);
    o += p.value.length;
  }
  return out;
}

/** Flattens a `snapshot()` (one array per param) into θ. */
export function flattenSnapshot(snapshot: readonly Float32Array[]): Float64Array {
  let n = 0;
  for (const a of snapshot) n += a.length;
  const out = new Float64Array(n);
  let o = 0;
  for (const a of snapshot) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

/** Sets the params to origin + a·d1 + b·d2 (d1, d2 optional), rounded to float32 as the model stores them. */
export function writeFlat(params: readonly Param[], origin: Float64Array, a = 0, d1?: Float64Array, b = 0, d2?: Float64Array): void {
  let o = 0;
  for (const p of params) {
    const v = p.value;
    for (let i = 0; i < v.length; i++, o++) {
      let x = origin[o]!;
      if (d1 && a !== 0) x += a * d1[o]!;
      if (d2 && b !== 0) x += b * d2[o]!;
      v[i] = x;
    }
  }
}

/** The gradients of the params, as a double vector written into `out`. */
export function readFlatGrad(params: readonly Param[], out: Float64Array): void {
  let o = 0;
  for (const p of params) {
    out.set(p.grad, o);
    o += p.grad.length;
  }
}

/** Where one param sits in θ, and what it is: a dense layer's weight matrix, a bias, or something else. */
export interface ParamSlot {
  param: Param;
  offset: number;
  /** For a dense weight matrix: [inputs, units] (column j is neuron j's incoming weights). */
  dense?: { inputs: number; units: number };
}

/** The slots of θ, in order. */
export function paramSlots(model: Sequential): ParamSlot[] {
  const denseOf = new Map<Param, Dense>();
  for (const d of model.dense) denseOf.set(d.weights, d);
  let offset = 0;
  return model.params.map((param) => {
    const d = denseOf.get(param);
    const slot: ParamSlot = d ? { param, offset, dense: { inputs: d.inputSize, units: d.outputSize } } : { param, offset };
    offset += param.value.length;
    return slot;
  });
}

/** Σ a[i]·b[i] in double. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** The Euclidean norm of a double vector. */
export function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}
