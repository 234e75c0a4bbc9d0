/**
 * A differentiable function of two variables: what the optimizer race runs on (a test
 * function, a two-parameter model's exact loss, or a network's loss on a plane).
 */
export interface Surface2D {
  /** f(x, y). */
  value(x: number, y: number): number;
  /** (∂f/∂x, ∂f/∂y) at (x, y), written into `out`; returns f(x, y). */
  gradient(x: number, y: number, out: Float64Array): number;
}
