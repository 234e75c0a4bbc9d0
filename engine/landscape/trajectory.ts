import { Direction } from './directions';
import { dot, norm } from './flat-params';
import { Prng } from '../prng';

/** A path's coordinates in a plane: point k is origin + alpha[k]·d1 + beta[k]·d2 + (a residual off the plane). */
export interface PlanePath {
  alpha: Float64Array;
  beta: Float64Array;
  /** Distance of each point from the plane (0 when the point lies in it). */
  residual: Float64Array;
}

/**
 * Least-squares coordinates of weight vectors in the plane origin + α·d1 + β·d2: the (α, β)
 * minimizing ‖θ − origin − α·d1 − β·d2‖, from the 2×2 normal equations (the directions need
 * not be orthogonal or of unit length, as random filter-normalized ones are not).
 */
export function projectOntoPlane(points: readonly Float64Array[], origin: Float64Array, d1: Direction, d2: Direction): PlanePath {
  const a11 = dot(d1, d1), a12 = dot(d1, d2), a22 = dot(d2, d2);
  const det = a11 * a22 - a12 * a12;
  if (!(det > 1e-12 * a11 * a22)) throw new RangeError('projectOntoPlane: the two directions are parallel (or zero), so they span no plane');
  const n = points.length;
  const alpha = new Float64Array(n), beta = new Float64Array(n), residual = new Float64Array(n);
  const diff = new Float64Array(origin.length);
  points.forEach((p, k) => {
    for (let i = 0; i < diff.length; i++) diff[i] = p[i]! - origin[i]!;
    const r1 = dot(d1, diff), r2 = dot(d2, diff);
    const a = (a22 * r1 - a12 * r2) / det, b = (a11 * r2 - a12 * r1) / det;
    alpha[k] = a;
    beta[k] = b;
    for (let i = 0; i < diff.length; i++) diff[i]! -= a * d1[i]! + b * d2[i]!;
    residual[k] = norm(diff);
  });
  return { alpha, beta, residual };
}

/** The plane that shows the most of a training path. */
export interface PcaPlane {
  /** Unit, orthogonal directions: the first two principal components of the path's points. */
  directions: [Direction, Direction];
  /** The share of the path's variance each direction explains (as Li et al. print on the axes). */
  explained: [number, number];
  /** The plane's origin: the path's last point (the trained weights), as in Li et al. §7. */
  origin: Float64Array;
}

/**
 * The first two PCA directions of a trajectory (Li et al. 2018, §7: random directions in a
 * huge space are nearly orthogonal to the path, so the path is shown in the plane of its own
 * largest variation). Computed through the n×n Gram matrix of the centred points (n = points,
 * far fewer than parameters) with power iteration and deflation.
 */
export function pcaDirections(points: readonly Float64Array[], seed = 1): PcaPlane {
  const n = points.length;
  if (n < 3) throw new RangeError(`pcaDirections: a path of ${n} point(s) has no plane; record at least 3 snapshots`);
  const size = points[0]!.length;
  const mean = new Float64Array(size);
  for (const p of points) for (let i = 0; i < size; i++) mean[i]! += p[i]! / n;
  const centred = points.map((p) => p.map((v, i) => v - mean[i]!));
  const gram = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = a; b < n; b++) gram[a * n + b] = gram[b * n + a] = dot(centred[a]!, centred[b]!);
  let trace = 0;
  for (let a = 0; a < n; a++) trace += gram[a * n + a]!;
  const rng = new Prng(seed);
  const [u1, l1] = topEigenvector(gram, n, [], rng);
  const [u2, l2] = topEigenvector(gram, n, [u1], rng);
  // A principal direction is Cᵀu/‖Cᵀu‖ for an eigenvector u of the Gram matrix C·Cᵀ.
  const direction = (u: Float64Array): Direction => {
    const d = new Float64Array(size);
    centred.forEach((c, k) => {
      const w = u[k]!;
      for (let i = 0; i < size; i++) d[i]! += w * c[i]!;
    });
    const len = norm(d);
    if (len > 0) for (let i = 0; i < size; i++) d[i]! /= len;
    return d;
  };
  const d1 = direction(u1), d2 = direction(u2);
  // Orthogonalize once more against rounding, so that projection onto (d1, d2) is well posed.
  const c = dot(d1, d2);
  for (let i = 0; i < size; i++) d2[i]! -= c * d1[i]!;
  const len2 = norm(d2);
  if (len2 > 0) for (let i = 0; i < size; i++) d2[i]! /= len2;
  return {
    directions: [d1, d2],
    explained: [trace > 0 ? l1 / trace : 0, trace > 0 ? l2 / trace : 0],
    origin: points[n - 1]!.slice(),
  };
}

/** The dominant eigenvector (and eigenvalue) of a symmetric PSD n×n matrix, orthogonal to `against`. */
function topEigenvector(m: Float64Array, n: number, against: Float64Array[], rng: Prng): [Float64Array, number] {
  let v = Float64Array.from({ length: n }, () => rng.normal());
  let lambda = 0;
  for (let iter = 0; iter < 1000; iter++) {
    for (const a of against) {
      const c = dot(a, v);
      for (let i = 0; i < n; i++) v[i]! -= c * a[i]!;
    }
    const len = norm(v);
    if (len === 0) return [v, 0];
    for (let i = 0; i < n; i++) v[i]! /= len;
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += m[i * n + j]! * v[j]!;
      w[i] = s;
    }
    const next = dot(v, w);
    const done = Math.abs(next - lambda) <= 1e-12 * Math.abs(next);
    lambda = next;
    v = w;
    if (done) break;
  }
  for (const a of against) {
    const c = dot(a, v);
    for (let i = 0; i < n; i++) v[i]! -= c * a[i]!;
  }
  const len = norm(v);
  if (len > 0) for (let i = 0; i < n; i++) v[i]! /= len;
  return [v, Math.max(0, lambda)];
}
