import { tridiagonalEigenvalues } from './tridiagonal-eigen';

/**
 * Eigenvalues of a real symmetric matrix by the cyclic Jacobi method (Golub & Van Loan,
 * "Matrix Computations", §8.5): rotations zero the off-diagonal entries one pair at a time until
 * they are negligible. O(n³) per sweep and a handful of sweeps: fine for the n ≤ a few hundred
 * of a layer's neurons, and accurate to working precision, small eigenvalues included.
 */
export function symmetricEigenvalues(matrix: Float64Array, n: number, maxSweeps = 50): Float64Array {
  return symmetricEigen(matrix, n, false, maxSweeps).values;
}

/** Eigenvalues (largest first) and, when asked, unit eigenvectors: `vectors` row i is the vector of `values[i]`. */
export interface Eigen {
  values: Float64Array;
  /** n × n, row-major, one eigenvector per row (empty when not asked for). */
  vectors: Float64Array;
}

/** Eigen-decomposition of a symmetric n × n matrix by cyclic Jacobi rotations; see above. */
export function symmetricEigen(matrix: Float64Array, n: number, withVectors = true, maxSweeps = 50): Eigen {
  const a = Float64Array.from(matrix.subarray(0, n * n));
  // v accumulates the rotations: its columns become the eigenvectors.
  const v = withVectors ? new Float64Array(n * n) : new Float64Array(0);
  if (withVectors) for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0, total = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const x = a[i * n + j]! * a[i * n + j]!;
      total += x;
      if (i !== j) off += x;
    }
    if (off <= 1e-30 * Math.max(total, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const app = a[p * n + p]!, aqq = a[q * n + q]!;
        // The rotation angle θ with tan 2θ = 2a_pq / (a_qq − a_pp); t = tan θ, the smaller root.
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!, akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!, aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        if (withVectors) {
          for (let k = 0; k < n; k++) {
            const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
          }
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y]! - a[x * n + x]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(withVectors ? n * n : 0);
  if (withVectors) order.forEach((col, row) => { for (let k = 0; k < n; k++) vectors[row * n + k] = v[k * n + col]!; });
  return { values, vectors };
}

/** Singular values of a [rows × cols] matrix, largest first: √ of the eigenvalues of its Gram matrix. */
export function singularValues(m: Float32Array, rows: number, cols: number): Float64Array {
  // The Gram matrix on the shorter side has the same non-zero eigenvalues and is cheaper.
  const byCols = cols <= rows;
  const n = byCols ? cols : rows, len = byCols ? rows : cols;
  const at = (v: number, i: number): number => (byCols ? m[i * cols + v]! : m[v * cols + i]!);
  const gram = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = a; b < n; b++) {
    let s = 0;
    for (let i = 0; i < len; i++) s += at(a, i) * at(b, i);
    gram[a * n + b] = s;
    gram[b * n + a] = s;
  }
  return tridiagonalEigenvalues(gram, n).map((l) => Math.sqrt(Math.max(0, l)));
}
