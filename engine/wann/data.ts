import { Dataset, classCount } from '../data/dataset';
import { UserError } from '../errors';
import { Prng } from '../prng';

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

/** The rows `indices` of `data`, in that order. */
export function wannRows(data: WannData, indices: readonly number[]): WannData {
  return {
    ...data,
    rows: indices.length,
    columns: data.columns.map((col) => Float32Array.from(indices, (r) => col[r]!)),
    labels: Int32Array.from(indices, (r) => data.labels[r]!),
  };
}

/**
 * A stratified split of `data`'s rows: about `fraction` of each class to `held`, the rest to
 * `kept`, shuffled by `seed`. The tuned-weights step fits on `kept` and chooses on `held`.
 */
export function splitWannRows(data: WannData, fraction: number, seed: number): { kept: WannData; held: WannData } {
  const rng = new Prng(seed);
  const kept: number[] = [], held: number[] = [];
  for (let k = 0; k < data.classes; k++) {
    const rows: number[] = [];
    for (let r = 0; r < data.rows; r++) if (data.labels[r] === k) rows.push(r);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const n = Math.round(rows.length * fraction);
    for (let i = 0; i < rows.length; i++) (i < n ? held : kept).push(rows[i]!);
  }
  return { kept: wannRows(data, kept.sort((a, b) => a - b)), held: wannRows(data, held.sort((a, b) => a - b)) };
}
