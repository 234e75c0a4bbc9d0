import { Range } from './grid';
import { Surface2D } from './surface-2d';
import { TEST_FUNCTION_NAMES, type TestFunctionName } from '../engine/catalogue';

export { TEST_FUNCTION_NAMES, type TestFunctionName } from '../engine/catalogue';

/** A classic two-variable function for racing optimizers, with what is known about it. */
export interface TestFunction extends Surface2D {
  readonly name: TestFunctionName;
  /** The formula, for the view's title. */
  readonly formula: string;
  /** What it shows about optimizers. */
  readonly help: string;
  /** Its global minima (empty when f is unbounded below). */
  readonly minima: readonly (readonly [number, number])[];
  /** Its saddle points (critical points that are neither minima nor maxima). */
  readonly saddles: readonly (readonly [number, number])[];
  /** A box that shows the interesting part. */
  readonly view: { readonly x: Range; readonly y: Range };
  /** A start point that makes a good race. */
  readonly start: readonly [number, number];
}

/** Builds the Surface2D methods from one function that returns f and ∂f/∂x, ∂f/∂y. */
function surface(f: (x: number, y: number) => [number, number, number]): Surface2D {
  return {
    value: (x, y) => f(x, y)[0],
    gradient(x, y, out) {
      const [v, gx, gy] = f(x, y);
      out[0] = gx;
      out[1] = gy;
      return v;
    },
  };
}

const table: Record<TestFunctionName, TestFunction> = {
  rosenbrock: {
    name: 'rosenbrock',
    formula: '(1 − x)² + 100·(y − x²)²',
    help: 'a long, curved, flat-bottomed valley (Rosenbrock 1960): easy to reach, slow to follow to the minimum at (1, 1)',
    minima: [[1, 1]], saddles: [],
    view: { x: [-2, 2], y: [-1, 3] }, start: [-1.5, 2],
    ...surface((x, y) => {
      const a = 1 - x, b = y - x * x;
      return [a * a + 100 * b * b, -2 * a - 400 * x * b, 200 * b];
    }),
  },
  beale: {
    name: 'beale',
    formula: '(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
    help: 'flat plateaus and sharp ridges around a narrow valley; minimum at (3, 0.5)',
    minima: [[3, 0.5]], saddles: [],
    view: { x: [-4.5, 4.5], y: [-4.5, 4.5] }, start: [1, 1.5],
    ...surface((x, y) => {
      const a = 1.5 - x + x * y, b = 2.25 - x + x * y * y, c = 2.625 - x + x * y * y * y;
      return [
        a * a + b * b + c * c,
        2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1),
        2 * a * x + 4 * b * x * y + 6 * c * x * y * y,
      ];
    }),
  },
  himmelblau: {
    name: 'himmelblau',
    formula: '(x² + y − 11)² + (x + y² − 7)²',
    help: 'four equal minima (value 0): which one an optimizer reaches depends on its path',
    // (3, 2) exactly; the other three are roots of a quartic, given to 6 decimals.
    minima: [[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]],
    saddles: [[0.086678, 2.884255], [-3.073026, -0.081353], [3.385154, 0.073852], [-0.127961, -1.953715]],
    view: { x: [-5, 5], y: [-5, 5] }, start: [0, 0],
    ...surface((x, y) => {
      const a = x * x + y - 11, b = x + y * y - 7;
      return [a * a + b * b, 4 * x * a + 2 * b, 2 * a + 4 * y * b];
    }),
  },
  'monkey-saddle': {
    name: 'monkey-saddle',
    formula: 'x³ − 3xy²',
    help: 'three valleys meet at a flat saddle (gradient and curvature both 0 at the origin): a plateau to escape',
    minima: [], saddles: [[0, 0]],
    view: { x: [-1.5, 1.5], y: [-1.5, 1.5] }, start: [1, 0.05],
    ...surface((x, y) => [x * x * x - 3 * x * y * y, 3 * x * x - 3 * y * y, -6 * x * y]),
  },
  saddle: {
    name: 'saddle',
    formula: 'x² − y²',
    help: 'up along x, down along y: started near the ridge y = 0, plain SGD lingers; momentum and adaptive steps escape sooner',
    minima: [], saddles: [[0, 0]],
    view: { x: [-2, 2], y: [-2, 2] }, start: [1.5, 0.001],
    ...surface((x, y) => [x * x - y * y, 2 * x, -2 * y]),
  },
  bowl: {
    name: 'bowl',
    formula: '(x² + 10·y²) / 2',
    help: 'a convex quadratic, ten times steeper along y than x: every method converges; plain SGD zig-zags',
    minima: [[0, 0]], saddles: [],
    view: { x: [-5, 5], y: [-5, 5] }, start: [-4, 2],
    ...surface((x, y) => [(x * x + 10 * y * y) / 2, x, 10 * y]),
  },
};

/** The test function of that name. */
export function testFunction(name: TestFunctionName): TestFunction {
  return table[name];
}

/** Whether `name` is a test function's name. */
export function isTestFunctionName(name: unknown): name is TestFunctionName {
  return typeof name === 'string' && (TEST_FUNCTION_NAMES as readonly string[]).includes(name);
}
