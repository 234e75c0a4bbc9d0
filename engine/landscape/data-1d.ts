import { Dataset, Task } from '../data/dataset';
import { UserError } from '../errors';
import { Prng } from '../prng';

/** How to generate a built-in one-feature set. */
export interface OneFeatureOptions {
  /** Number of points (default 100). */
  samples?: number;
  /**
   * Classification: the standard deviation of each class around its centre (±1; default 0.8,
   * so the classes overlap and cross-entropy has a finite minimum). Regression: the standard
   * deviation of the noise added to the line (default 0.5).
   */
  noise?: number;
  /** Seed of the generator (default 1). */
  seed?: number;
}

/** The line the regression set follows: y = SLOPE·x + INTERCEPT (plus noise), so its MSE minimum is near (w, b) = (1.5, 0.5). */
export const ONE_FEATURE_LINE = { slope: 1.5, intercept: 0.5 } as const;

/**
 * A built-in one-feature dataset for exact surfaces. Classification: two Gaussian classes
 * centred at x = −1 (class 0) and x = +1 (class 1), alternating. Regression: x uniform in
 * [−2, 2] and y on `ONE_FEATURE_LINE` plus Gaussian noise.
 */
export function oneFeatureDataset(task: Task, options: OneFeatureOptions = {}): Dataset {
  const n = options.samples ?? 100;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`samples: ${n} must be a whole number ≥ 1`);
  const noise = options.noise ?? (task === 'classification' ? 0.8 : 0.5);
  const rng = new Prng(options.seed ?? 1);
  const x = new Float32Array(n), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (task === 'classification') {
      const label = i % 2;
      x[i] = (label ? 1 : -1) + noise * rng.normal();
      y[i] = label;
    } else {
      x[i] = rng.uniform(-2, 2);
      y[i] = ONE_FEATURE_LINE.slope * x[i]! + ONE_FEATURE_LINE.intercept + noise * rng.normal();
    }
  }
  return {
    source: `1-D ${task}`, task, rows: n, features: 1, x, y, targets: 1,
    featureNames: ['x'], labelName: 'y',
    ...(task === 'classification' ? { classNames: ['0', '1'] } : {}),
  };
}

/** One feature column and the label of a dataset, as double arrays: what an exact surface is computed on. */
export interface OneFeatureData {
  readonly x: Float64Array;
  /** Regression: the target. Classification: the class, 0 or 1. */
  readonly y: Float64Array;
  /** Whether `y` holds classes (0/1) rather than numbers. */
  readonly classes: boolean;
  /** For messages and titles: "<source>, feature <name>". */
  readonly description: string;
}

/**
 * Takes feature `feature` (0-based) of `ds` and its label. A classification set must have
 * exactly two classes, since the two-parameter model has one output.
 */
export function oneFeatureOf(ds: Dataset, feature = 0): OneFeatureData {
  if (!Number.isInteger(feature) || feature < 0 || feature >= ds.features) {
    throw new UserError(`${ds.source} has ${ds.features} feature column(s) (${ds.featureNames.join(', ')}); feature ${feature + 1} does not exist. ` +
      'A surface of w and b uses one feature: pick one by its number, from 1 to ' + ds.features + '.');
  }
  if (ds.task === 'regression' && ds.targets !== 1) {
    throw new UserError(`${ds.source} has ${ds.targets} regression targets; a surface of w and b needs one. Pick a dataset with a single label column.`);
  }
  const classes = ds.task === 'classification';
  if (classes && (ds.classNames?.length ?? 0) !== 2) {
    throw new UserError(`${ds.source} has ${ds.classNames?.length ?? 0} classes; a logistic model with one weight and one bias separates two. ` +
      'Pick a two-class dataset, or a regression set with the loss "mse".');
  }
  const x = new Float64Array(ds.rows), y = new Float64Array(ds.rows);
  for (let r = 0; r < ds.rows; r++) {
    x[r] = ds.x[r * ds.features + feature]!;
    y[r] = ds.y[r]!;
  }
  return { x, y, classes, description: `${ds.source}, feature ${ds.featureNames[feature] ?? feature + 1}` };
}
