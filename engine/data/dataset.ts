import type { Task } from '../protocol/experiment';
export type { Task } from '../protocol/experiment';
/**
 * A table ready for training: features as float32 rows, and the label of each row.
 * Every reader (synthetic generators, CSV, JSON, IDX, image folders) produces one of these.
 */
export interface Dataset {
  /** Where the rows came from: a file path or a synthetic set's name, for messages. */
  readonly source: string;
  readonly task: Task;
  /** Number of rows (examples). */
  readonly rows: number;
  /** Number of input values per row, after encoding (one-hot columns count one each). */
  readonly features: number;
  /** rows × features, row-major. */
  readonly x: Float32Array;
  /**
   * Labels. Classification: one class index (0 … classes-1) per row.
   * Regression: rows × targets values, row-major.
   */
  readonly y: Float32Array;
  /** Regression: values per row in `y` (usually 1). Classification: 1. */
  readonly targets: number;
  /** One name per feature column, in order (e.g. "x1", "petal_length", "color=red"). */
  readonly featureNames: readonly string[];
  /** The label column's name. */
  readonly labelName: string;
  /** Classification: the name of each class, indexed by class index. */
  readonly classNames?: readonly string[];
  /** For image data: height, width, channels of each row's pixels (row-major, channels last). */
  readonly imageShape?: readonly [number, number, number];
  /** For image data: what each stored pixel value was multiplied by on reading (1/255 for 8-bit). */
  readonly pixelScale?: number;
  /** Things the reader decided that the user should know (dropped columns, imputed values…). */
  readonly notes?: readonly string[];
}

/** Number of classes of a classification dataset (0 for regression). */
export function classCount(ds: Dataset): number {
  return ds.task === 'classification' ? (ds.classNames?.length ?? 0) : 0;
}

/** A new dataset holding the given rows of `ds`, in that order. */
export function selectRows(ds: Dataset, rows: ArrayLike<number>): Dataset {
  const f = ds.features;
  const t = ds.task === 'classification' ? 1 : ds.targets;
  const x = new Float32Array(rows.length * f);
  const y = new Float32Array(rows.length * t);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    x.set(ds.x.subarray(r * f, (r + 1) * f), i * f);
    y.set(ds.y.subarray(r * t, (r + 1) * t), i * t);
  }
  return { ...ds, rows: rows.length, x, y };
}
