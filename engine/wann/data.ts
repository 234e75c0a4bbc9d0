import { Dataset, classCount } from '../data/dataset';
import { UserError } from '../errors';

/**
 * A classification set laid out for genome evaluation: one Float32Array per feature (a column),
 * so an input node's batch is a column used in place, never copied.
 */
export interface WannData {
  readonly rows: number;
  readonly features: number;
  readonly classes: number;
  /** features columns of `rows` values each. */
  readonly columns: readonly Float32Array[];
  /** The class index of each row. */
  readonly labels: Int32Array;
  readonly featureNames: readonly string[];
  readonly classNames: readonly string[];
}

/** `ds` as columns; throws a UserError unless it is a classification set with at least two classes. */
export function wannData(ds: Dataset): WannData {
  const classes = classCount(ds);
  if (ds.task !== 'classification' || classes < 2) {
    throw new UserError(
      `${ds.source}: weight-agnostic search needs a classification dataset with at least two classes, but this one is ` +
        `${ds.task === 'classification' ? `classification with ${classes} class` : 'regression'}. Choose a labelled set such as circle, xor or samples/digits (or pass --task classification).`,
    );
  }
  const f = ds.features, rows = ds.rows;
  const columns = Array.from({ length: f }, () => new Float32Array(rows));
  for (let r = 0; r < rows; r++) for (let j = 0; j < f; j++) columns[j]![r] = ds.x[r * f + j]!;
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) labels[r] = ds.y[r]!;
  return { rows, features: f, classes, columns, labels, featureNames: ds.featureNames, classNames: ds.classNames ?? [] };
}
