import { activate } from './activations';
import { CompiledGenome, nodeCount } from './genome';
import { WannData } from './data';

/**
 * The class each row predicts from the output batches: for one output, class 1 where it is
 * positive (the sign); for several, the largest (the first of equals, so NaN or ties are stable).
 */
export function classify(outputs: readonly ArrayLike<number>[], rows: number, into: Int32Array): Int32Array {
  if (outputs.length === 1) {
    const o = outputs[0]!;
    for (let r = 0; r < rows; r++) into[r] = o[r]! > 0 ? 1 : 0;
    return into;
  }
  for (let r = 0; r < rows; r++) {
    let best = outputs[0]![r]!, arg = 0;
    for (let k = 1; k < outputs.length; k++) {
      const v = outputs[k]![r]!;
      if (v > best) { best = v; arg = k; }
    }
    into[r] = arg;
  }
  return into;
}

/** Share of rows whose predicted class equals the label. */
export function accuracyOf(predicted: Int32Array, labels: Int32Array, rows: number): number {
  let right = 0;
  for (let r = 0; r < rows; r++) if (predicted[r] === labels[r]) right++;
  return rows > 0 ? right / rows : 0;
}

/**
 * Evaluates genomes on one dataset with one shared weight, a whole node's batch at a time: a
 * node's value is f(w · Σ incoming values). Buffers are owned here and reused across genomes,
 * so the search allocates nothing per evaluation.
 */
export class WannEvaluator {
  private readonly ones: Float32Array;
  private readonly pool: Float32Array[] = [];
  private readonly sum: Float32Array;
  private readonly values: Float32Array[] = [];
  private readonly predicted: Int32Array;

  constructor(readonly data: WannData) {
    this.ones = new Float32Array(data.rows).fill(1);
    this.sum = new Float32Array(data.rows);
    this.predicted = new Int32Array(data.rows);
  }

  /** The output nodes' batches at shared weight `w`: views into this evaluator's buffers, valid until its next call. */
  outputs(c: CompiledGenome, w: number): Float32Array[] {
    const g = c.genome, rows = this.data.rows, n = nodeCount(g);
    const values = this.values;
    values.length = n;
    for (let i = 0; i < g.inputs; i++) values[i] = this.data.columns[i]!;
    values[g.inputs] = this.ones;
    while (this.pool.length < n) this.pool.push(new Float32Array(rows));
    const sum = this.sum;
    for (let k = 0; k < c.order.length; k++) {
      const v = c.order[k]!;
      const start = c.inStart[v]!, end = c.inStart[v + 1]!;
      // Sum the sources first and apply w once: one multiply per row instead of one per connection.
      if (start === end) sum.fill(0);
      else sum.set(values[c.inFrom[start]!]!);
      for (let e = start + 1; e < end; e++) {
        const src = values[c.inFrom[e]!]!;
        for (let r = 0; r < rows; r++) sum[r]! += src[r]!;
      }
      const out = this.pool[v]!;
      activate(g.activations[v]!, sum, w, out, rows);
      values[v] = out;
    }
    const first = g.inputs + 1;
    return Array.from({ length: g.outputs }, (_, o) => values[first + o]!);
  }

  /** Predicted class of every row at shared weight `w` (a view, valid until the next call). */
  predict(c: CompiledGenome, w: number): Int32Array {
    return classify(this.outputs(c, w), this.data.rows, this.predicted);
  }

  /** Share of rows classified correctly at shared weight `w`. */
  accuracy(c: CompiledGenome, w: number): number {
    return accuracyOf(this.predict(c, w), this.data.labels, this.data.rows);
  }

  /** Accuracy at each of `weights`. */
  sweep(c: CompiledGenome, weights: readonly number[]): number[] {
    return weights.map((w) => this.accuracy(c, w));
  }
}
