import { Prng } from '../prng';
import { WANN_ACTIVATIONS, WannActivation } from './activations';
import { WannGenome, firstHiddenId, firstOutputId, nodeCount } from './genome';

/** The three mutations of the paper (§3): split a connection with a new node, connect two nodes, change a hidden node's activation. */
export type WannMutation = 'insertNode' | 'addConnection' | 'changeActivation';

/** How often each mutation is chosen (relative weights; they need not sum to 1). */
export type MutationRates = Record<WannMutation, number>;

/** Default mutation mix: activation changes are cheapest to try, so they come most often. */
export const DEFAULT_MUTATION_RATES: MutationRates = { insertNode: 0.25, addConnection: 0.25, changeActivation: 0.5 };

/** A random activation other than `current` (any of the ten when `current` is undefined). */
function otherActivation(rng: Prng, current?: WannActivation): WannActivation {
  const choices = WANN_ACTIVATIONS.filter((a) => a !== current);
  return choices[rng.int(choices.length)]!;
}

/**
 * Replaces connection `from → to` by `from → new → to`, the new hidden node getting a random
 * activation. The path keeps its direction, so the network stays feed-forward.
 */
export function insertNode(g: WannGenome, rng: Prng): WannGenome {
  if (g.connections.length === 0) return addConnection(g, rng);
  const c = rng.int(g.connections.length);
  const [from, to] = g.connections[c]!;
  const id = nodeCount(g);
  const connections = g.connections.filter((_, i) => i !== c);
  connections.push([from, id], [id, to]);
  return { ...g, activations: [...g.activations, otherActivation(rng)], connections };
}

/**
 * The nodes reachable from `start` along connections (start included): a new connection
 * `a → start` would close a cycle exactly when `a` is among them.
 */
function descendants(g: WannGenome, start: number, out: number[][]): Uint8Array {
  const seen = new Uint8Array(nodeCount(g));
  const stack = [start];
  seen[start] = 1;
  while (stack.length) {
    const v = stack.pop()!;
    for (const t of out[v]!) if (!seen[t]) { seen[t] = 1; stack.push(t); }
  }
  return seen;
}

/**
 * Adds one connection chosen uniformly among those that are new and keep the network acyclic:
 * from a feature, the bias or a hidden node, to a hidden or output node (outputs are sinks).
 * Returns `g` itself when every such connection already exists.
 */
export function addConnection(g: WannGenome, rng: Prng): WannGenome {
  const n = nodeCount(g), hidden0 = firstHiddenId(g), out0 = firstOutputId(g);
  const out: number[][] = Array.from({ length: n }, () => []);
  const exists = new Set<number>();
  for (const [a, b] of g.connections) { out[a]!.push(b); exists.add(a * n + b); }
  const candidates: number[] = [];
  for (let to = out0; to < n; to++) {
    // Outputs have no outgoing connections, so only a hidden target can be reached back from.
    const below = to >= hidden0 ? descendants(g, to, out) : undefined;
    for (let from = 0; from < n; from++) {
      if (from >= out0 && from < hidden0) continue;
      if (below?.[from] || exists.has(from * n + to)) continue;
      candidates.push(from * n + to);
    }
  }
  if (candidates.length === 0) return g;
  const pick = candidates[rng.int(candidates.length)]!;
  return { ...g, connections: [...g.connections, [Math.floor(pick / n), pick % n]] };
}

/** Gives a random hidden node a different activation; with no hidden node yet, inserts one instead. */
export function changeActivation(g: WannGenome, rng: Prng): WannGenome {
  const hidden0 = firstHiddenId(g), n = nodeCount(g);
  if (n === hidden0) return insertNode(g, rng);
  const id = hidden0 + rng.int(n - hidden0);
  const activations = g.activations.slice();
  activations[id] = otherActivation(rng, activations[id]);
  return { ...g, activations };
}

/** One mutation of `g`, chosen by `rates`: the child differs from its parent by exactly one change (when one is possible). */
export function mutate(g: WannGenome, rng: Prng, rates: MutationRates = DEFAULT_MUTATION_RATES): WannGenome {
  const total = rates.insertNode + rates.addConnection + rates.changeActivation;
  const u = rng.next() * total;
  if (u < rates.insertNode) return insertNode(g, rng);
  if (u < rates.insertNode + rates.addConnection) {
    const child = addConnection(g, rng);
    return child === g ? insertNode(g, rng) : child;
  }
  return changeActivation(g, rng);
}
