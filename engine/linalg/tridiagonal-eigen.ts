/**
 * Eigenvalues of a real symmetric matrix in O(n³) once rather than per sweep: Householder
 * reflections reduce it to a tridiagonal matrix with the same eigenvalues, then the implicit
 * QL iteration with Wilkinson-like shifts deflates that one eigenvalue at a time (Golub & Van
 * Loan, "Matrix Computations", §8.3). About ten times faster than cyclic Jacobi at n = 64 —
 * what a symmetry probe needs for a layer's effective rank at every probe — and accurate to
 * working precision relative to the matrix's norm (Jacobi, in symmetric-eigen.ts, stays the
 * reference and the source of eigenvectors).
 */

/** The eigenvalues of the symmetric n × n `matrix` (row-major; not modified), largest first. */
export function tridiagonalEigenvalues(matrix: Float64Array, n: number): Float64Array {
  const { diagonal, offDiagonal } = tridiagonalize(matrix, n);
  qlDeflate(diagonal, offDiagonal);
  return diagonal.sort().reverse();
}

/**
 * Householder reduction: for each column k, the reflection H = I − 2vvᵀ that zeroes the
 * column below its sub-diagonal, applied on both sides of the trailing block as
 * A ← A − v wᵀ − w vᵀ with w = 2(Av − (vᵀAv) v).
 */
function tridiagonalize(matrix: Float64Array, n: number): { diagonal: Float64Array; offDiagonal: Float64Array } {
  const a = Float64Array.from(matrix.subarray(0, n * n));
  const offDiagonal = new Float64Array(n); // offDiagonal[i] couples i and i + 1; the last stays 0
  const v = new Float64Array(n), w = new Float64Array(n);
  for (let k = 0; k < n - 1; k++) {
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += a[i * n + k]! * a[i * n + k]!;
    const x0 = a[(k + 1) * n + k]!;
    const alpha = x0 > 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    offDiagonal[k] = alpha;
    // Nothing below the sub-diagonal: the column is already tridiagonal.
    if (k === n - 2 || norm2 - x0 * x0 === 0) {
      offDiagonal[k] = x0;
      continue;
    }
    // v = (x − αe₁) / ‖x − αe₁‖, where ‖x − αe₁‖² = 2(‖x‖² − αx₀).
    const scale = 1 / Math.sqrt(2 * (norm2 - alpha * x0));
    for (let i = k + 1; i < n; i++) v[i] = a[i * n + k]! * scale;
    v[k + 1] = (x0 - alpha) * scale;
    let vav = 0;
    for (let i = k + 1; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += a[i * n + j]! * v[j]!;
      w[i] = s;
      vav += v[i]! * s;
    }
    for (let i = k + 1; i < n; i++) w[i] = 2 * (w[i]! - vav * v[i]!);
    for (let i = k + 1; i < n; i++) for (let j = k + 1; j < n; j++) a[i * n + j]! -= v[i]! * w[j]! + w[i]! * v[j]!;
  }
  const diagonal = Float64Array.from({ length: n }, (_, i) => a[i * n + i]!);
  return { diagonal, offDiagonal };
}

/**
 * Implicit QL on the tridiagonal (d, e): for each l, shifted QL sweeps over the unreduced block
 * l..m (e[m] negligible) drive e[l] to 0, leaving d[l] an eigenvalue. In place.
 */
function qlDeflate(d: Float64Array, e: Float64Array): void {
  const n = d.length;
  for (let l = 0; l < n; l++) {
    for (let iteration = 0; ; iteration++) {
      let m = l;
      while (m < n - 1 && Math.abs(e[m]!) > Number.EPSILON * (Math.abs(d[m]!) + Math.abs(d[m + 1]!))) m++;
      if (m === l) break;
      if (iteration === 100) throw new Error(`eigenvalues: no convergence after 100 QL iterations (n = ${n})`);
      // The shift: the eigenvalue of the leading 2 × 2 block closer to d[l].
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i]!, b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // An exact zero split the block: undo the pending shift and start again.
          d[i + 1]! -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (i >= l) continue;
      d[l]! -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}
