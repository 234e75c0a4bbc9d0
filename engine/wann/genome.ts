import { WannActivation } from './activations';
import type { WannNodeKind } from '../protocol/wann';
export type { WannNodeKind } from '../protocol/wann';

/**
 * A weight-agnostic network: nodes with an activation each and feed-forward connections that
 * carry no weight of their own (one shared weight w multiplies every connection). Node ids are
 * fixed by position: 0 … inputs−1 are the features, `inputs` is the bias (constant 1, weighted by
 * w like any input), the next `outputs` ids are the outputs, and hidden nodes follow in the order
 * they were added. Plain arrays, so a genome is JSON-safe and can be drawn or stored as is.
 */
export interface WannGenome {
  /** Number of feature inputs (the bias node comes after them). */
  readonly inputs: number;
  /** Number of output nodes: 1 for two classes (sign), else one per class (argmax). */
  readonly outputs: number;
  /** One activation per node; inputs and bias are 'linear' and never applied. */
  readonly activations: readonly WannActivation[];
  /** Each connection as [from, to]; no duplicates, no cycles. */
  readonly connections: readonly (readonly [number, number])[];
}

/** The id of the bias node. */
export function biasId(g: WannGenome): number {
  return g.inputs;
}

/** The id of the first output node. */
export function firstOutputId(g: WannGenome): number {
  return g.inputs + 1;
}

/** The id of the first hidden node (hidden nodes take every id from here up). */
export function firstHiddenId(g: WannGenome): number {
  return g.inputs + 1 + g.outputs;
}

/** The kind of node `id` of `g`. */
export function nodeKind(g: WannGenome, id: number): WannNodeKind {
  if (id < g.inputs) return 'input';
  if (id === g.inputs) return 'bias';
  return id < firstHiddenId(g) ? 'output' : 'hidden';
}

/** Number of nodes of `g`, inputs and bias included. */
export function nodeCount(g: WannGenome): number {
  return g.activations.length;
}

/**
 * A genome with no hidden nodes, ready to evaluate: the topological order of the computed nodes
 * and each node's incoming connections, found once per genome rather than once per evaluation.
 */
export interface CompiledGenome {
  readonly genome: WannGenome;
  /** Hidden and output node ids in an order where every node comes after all its sources. */
  readonly order: Int32Array;
  /** Incoming connections of node i are entries inStart[i] … inStart[i+1]−1 of `inFrom`/`inConn`. */
  readonly inStart: Int32Array;
  /** Source node of each incoming entry. */
  readonly inFrom: Int32Array;
  /** Index in `genome.connections` of each incoming entry (for per-connection weights). */
  readonly inConn: Int32Array;
}

/**
 * Compiles `g` (Kahn's algorithm, lowest id first so the order is reproducible). Throws if the
 * connections have a cycle, which the mutations never make: it would be a bug.
 */
export function compileGenome(g: WannGenome): CompiledGenome {
  const n = nodeCount(g), m = g.connections.length;
  const inStart = new Int32Array(n + 1);
  const outDegree = new Int32Array(n);
  for (const [from, to] of g.connections) {
    inStart[to + 1]!++;
    outDegree[from]!++;
  }
  for (let i = 0; i < n; i++) inStart[i + 1]! += inStart[i]!;
  const inFrom = new Int32Array(m), inConn = new Int32Array(m);
  const fill = inStart.slice(0, n);
  const outStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) outStart[i + 1] = outStart[i]! + outDegree[i]!;
  const outTo = new Int32Array(m);
  const outFill = outStart.slice(0, n);
  g.connections.forEach(([from, to], c) => {
    const k = fill[to]!++;
    inFrom[k] = from;
    inConn[k] = c;
    outTo[outFill[from]!++] = to;
  });
  // Kahn's algorithm over all nodes; a sorted ready list keeps the order independent of input order.
  const pending = new Int32Array(n);
  for (let i = 0; i < n; i++) pending[i] = inStart[i + 1]! - inStart[i]!;
  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (pending[i] === 0) ready.push(i);
  const order: number[] = [];
  let seen = 0;
  while (ready.length) {
    ready.sort((a, b) => b - a);
    const v = ready.pop()!;
    seen++;
    if (v > g.inputs) order.push(v);
    for (let k = outStart[v]!; k < outStart[v + 1]!; k++) {
      const t = outTo[k]!;
      if (--pending[t]! === 0) ready.push(t);
    }
  }
  if (seen !== n) throw new Error(`the genome has a cycle (${n - seen} nodes unreachable in topological order)`);
  return { genome: g, order: Int32Array.from(order), inStart, inFrom, inConn };
}

/**
 * A genome with no hidden nodes where each (feature or bias, output) pair is connected with
 * probability `rate` — the paper's sparse minimal start — and at least one pair always is.
 */
export function minimalGenome(inputs: number, outputs: number, rate: number, random: () => number): WannGenome {
  const activations: WannActivation[] = Array.from({ length: inputs + 1 + outputs }, () => 'linear');
  const connections: [number, number][] = [];
  for (let o = 0; o < outputs; o++) {
    for (let i = 0; i <= inputs; i++) if (random() < rate) connections.push([i, inputs + 1 + o]);
  }
  if (connections.length === 0) {
    connections.push([Math.floor(random() * (inputs + 1)), inputs + 1 + Math.floor(random() * outputs)]);
  }
  return { inputs, outputs, activations, connections };
}

/** A genome where every feature and the bias connect to `hidden` nodes of one activation, which connect to every output. */
export function fullyConnectedGenome(inputs: number, outputs: number, hidden: number, act: WannActivation): WannGenome {
  const activations: WannActivation[] = Array.from({ length: inputs + 1 + outputs + hidden }, (_, i) => (i >= inputs + 1 + outputs ? act : 'linear'));
  const connections: [number, number][] = [];
  const h0 = inputs + 1 + outputs;
  for (let h = 0; h < hidden; h++) for (let i = 0; i <= inputs; i++) connections.push([i, h0 + h]);
  for (let o = 0; o < outputs; o++) {
    if (hidden === 0) for (let i = 0; i <= inputs; i++) connections.push([i, inputs + 1 + o]);
    for (let h = 0; h < hidden; h++) connections.push([h0 + h, inputs + 1 + o]);
  }
  return { inputs, outputs, activations, connections };
}

/** Number of outputs a genome needs for `classes` classes: one (its sign) for two, else one per class. */
export function outputsFor(classes: number): number {
  return classes <= 2 ? 1 : classes;
}
