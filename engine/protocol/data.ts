/**
 * Datasets on the wire: how to read one, what the reader decided, and the inspector's summary.
 * A leaf: it imports only other protocol files.
 */
import type { CancelSignal } from './job';
import type { Task } from './experiment';

/** What to do with rows that have a missing value: drop them, or fill in a column's mean / mode. */
export type MissingPolicy = 'drop' | 'mean' | 'mode';

/** How to read a dataset file. Every field is optional; the reader infers what is not given. */
export interface DatasetOptions {
  /** Label column, by name (or 1-based column number as a string). Default: a column named label/target/class/y/…, else the last. */
  label?: string;
  /** Force the task; default: classification for text or few distinct integers, else regression. */
  task?: Task;
  /** Missing-value policy (default 'drop'). */
  missing?: MissingPolicy;
  /** Date-like columns: left out with a note ('ignore', the default) or turned into days since 1970-01-01 ('number'). */
  dates?: 'ignore' | 'number';
  /** Field delimiter of delimited text (one character, or 'tab'); default: sniffed. */
  delimiter?: string;
  /** Whether the first row is a header; default: detected. */
  header?: boolean;
  /** Decimal comma (`1,5`) in semicolon-delimited files; default: detected. */
  decimalComma?: boolean;
  /** Image shape [height, width, channels] for pixel CSVs and image folders (resize target). */
  imageShape?: readonly [number, number, number];
  /** Refuse datasets whose float arrays would exceed this many bytes (default 512 MB). */
  maxBytes?: number;
  /**
   * Text columns with more distinct values than this are not one-hot encoded (default 50); a
   * label may have up to the larger of this and 200 classes.
   */
  maxCategories?: number;
  /** Classes with fewer rows than this get a warning note (default 5). */
  minClassRows?: number;
  /** A single field longer than this many bytes is refused (default 1 MiB). */
  maxFieldBytes?: number;
  /** Cancels a parse in progress; the parse rejects with a `ParseCancelled`. */
  signal?: CancelSignal;
}

/** One column as the summary shows it. */
export interface ColumnSummary {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly role: 'feature' | 'label' | 'ignored';
  readonly missing: number;
  readonly distinct?: number;
  readonly range?: readonly [number, number];
  readonly mean?: number;
  /** Most frequent values first, with counts (text columns). */
  readonly categories?: readonly { readonly value: string; readonly count: number }[];
  /** Why an ignored column is ignored. */
  readonly reason?: string;
}

/** What `gradient-lab inspect` and the UI's "Inspect dataset" show. */
export interface DatasetSummary {
  readonly source: string;
  readonly rows: number;
  /** Rows in the file, when rows were dropped for missing values. */
  readonly fileRows?: number;
  readonly features: number;
  readonly task: Task;
  readonly label: string;
  readonly imageShape?: readonly [number, number, number];
  readonly columns: readonly ColumnSummary[];
  /** Classification: rows per class, in class order. */
  readonly classes?: readonly { readonly name: string; readonly count: number; readonly share: number }[];
  /** Regression: the label's range and mean. */
  readonly labelRange?: readonly [number, number];
  readonly labelMean?: number;
  readonly notes: readonly string[];
  /** What was decided (label, rows dropped, columns ignored): the same object a run's 'started' event carries. */
  readonly decisions: DataDecisions;
}

/**
 * What the reader decided about a dataset, in one object: what is predicted, from which
 * columns, which rows and columns were left out and why. The CLI prints it, `--json` carries it
 * in the `started` event, and the training panel and side view show `decisionsLine` of it.
 * Always `rowsUsed + Σ rowsDropped.count = rowsInFile`.
 */
export interface DataDecisions {
  readonly source: string;
  readonly label: string;
  readonly task: Task;
  /** Classification: the class names in class order; regression: empty. */
  readonly classes: readonly string[];
  /** Input names after encoding (one-hot columns give one name per value, e.g. "Island=Dream"). */
  readonly features: readonly string[];
  /** The file's columns used as inputs (before encoding). */
  readonly featureColumns: readonly string[];
  readonly rowsInFile: number;
  readonly rowsUsed: number;
  readonly rowsDropped: readonly { readonly reason: string; readonly count: number }[];
  /** Columns not used as inputs, with a short reason ("identifier", "dates", …) and the full one. */
  readonly ignoredColumns: readonly { readonly name: string; readonly reason: string; readonly detail: string }[];
  /** The reader's warnings (text in a numeric column read as missing, tiny classes…). */
  readonly warnings: readonly string[];
}

export interface InspectDatasetRequest {
  type: 'inspectDataset';
  /** The file's location: a path the worker reads, or a URI it asks the extension host for (engine/data/files.ts). */
  path: string;
  /** Reading options without the cancel signal (a request crosses a thread; cancelling ends the worker). */
  options: Omit<DatasetOptions, 'signal'>;
}

export interface DatasetSummaryEvent {
  type: 'datasetSummary';
  summary: DatasetSummary;
}

/** What a column holds, as far as training is concerned. */
export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'date' | 'identifier' | 'text' | 'empty';
