/** A dense, row-major float32 tensor: `data` holds the values, `shape` their dimensions. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Number of values a tensor of this shape holds. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A new tensor of `shape`, zero-filled or wrapping `data` (which must have the right size). */
export function tensor(shape: readonly number[], data?: Float32Array): Tensor {
  const size = sizeOf(shape);
  if (data && data.length !== size) {
    throw new RangeError(`tensor data has ${data.length} values, shape [${shape.join(', ')}] needs ${size}`);
  }
  return { shape: [...shape], data: data ?? new Float32Array(size) };
}

/** Rows of a tensor seen as a matrix: the first dimension (the batch). */
export function rowsOf(t: Tensor): number {
  return t.shape[0] ?? 1;
}

/** Columns of a tensor seen as a matrix: everything after the first dimension. */
export function colsOf(t: Tensor): number {
  return t.shape.length === 0 ? 1 : t.data.length / (t.shape[0] || 1);
}

/**
 * Output buffers keyed by batch size, so a layer allocates once per distinct batch size
 * (usually two: the full batch and the last, shorter one) and never again per step.
 */
export class BufferCache {
  private readonly byRows = new Map<number, Tensor>();
  constructor(private readonly rowShape: readonly number[]) {}

  get(rows: number): Tensor {
    let t = this.byRows.get(rows);
    if (!t) {
      t = tensor([rows, ...this.rowShape]);
      this.byRows.set(rows, t);
    }
    return t;
  }
}
