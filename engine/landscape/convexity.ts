import { Grid2D } from '../../shared/grid';
import type { ConvexityViolation, ConvexityCheck } from '../protocol/landscape';
export type { ConvexityViolation, ConvexityCheck } from '../protocol/landscape';

const STEPS: readonly (readonly [number, number])[] = [[1, 0], [0, 1], [1, 1], [1, -1]];

/**
 * Midpoint convexity on the grid: a convex function satisfies f(p) ≤ (f(p−d) + f(p+d))/2 for
 * every grid point p and step d (along each axis and both diagonals). Pairs that break it by more
 * than `absTol + relTol·|f(p)|` are counted; the defaults cover float32 rounding of the values
 * (2⁻²⁴ relative each). The converse does not hold (a grid cannot prove convexity), but one
 * violation proves the function is not convex.
 */
export function checkConvexity(grid: Grid2D, absTol = 1e-6, relTol = 1e-6): ConvexityCheck {
  const cols = grid.xAxis.length, rows = grid.yAxis.length, v = grid.values;
  let violations = 0, checked = 0;
  let worst: ConvexityViolation | undefined;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const mid = v[r * cols + c]!;
      for (const [dx, dy] of STEPS) {
        const c0 = c - dx, r0 = r - dy, c1 = c + dx, r1 = r + dy;
        if (c0 < 0 || c1 >= cols || r0 < 0 || r1 >= rows || r0 >= rows || r1 < 0) continue;
        const a = v[r0 * cols + c0]!, b = v[r1 * cols + c1]!;
        if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(mid)) continue;
        checked++;
        const excess = mid - (a + b) / 2;
        if (excess > absTol + relTol * Math.abs(mid)) {
          violations++;
          if (!worst || excess > worst.excess) worst = { x: grid.xAxis[c]!, y: grid.yAxis[r]!, step: [dx, dy], excess };
        }
      }
    }
  }
  return worst ? { violations, checked, worst } : { violations, checked };
}
