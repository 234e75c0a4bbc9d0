import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Prng } from '../../../engine/prng';
import { WannGenome, compileGenome, firstHiddenId, minimalGenome, nodeCount } from '../../../engine/wann/genome';
import { addConnection, changeActivation, insertNode, mutate } from '../../../engine/wann/mutate';

/** Whether `g` has a cycle, by depth-first search with colours (independent of compileGenome). */
function hasCycle(g: WannGenome): boolean {
  const out: number[][] = Array.from({ length: nodeCount(g) }, () => []);
  for (const [a, b] of g.connections) out[a]!.push(b);
  const colour = new Uint8Array(nodeCount(g)); // 0 new, 1 on the path, 2 done
  const visit = (v: number): boolean => {
    colour[v] = 1;
    for (const t of out[v]!) if (colour[t] === 1 || (colour[t] === 0 && visit(t))) return true;
    colour[v] = 2;
    return false;
  };
  return out.some((_, v) => colour[v] === 0 && visit(v));
}

test('a thousand random mutations keep the network acyclic, duplicate-free, with inputs never targets and outputs never sources', () => {
  const rng = new Prng(11);
  let g = minimalGenome(3, 2, 0.5, () => rng.next());
  for (let i = 0; i < 1000; i++) {
    g = mutate(g, rng);
    assert.ok(!hasCycle(g), `cycle after mutation ${i}`);
    compileGenome(g); // and the topological sort agrees
    const keys = g.connections.map(([a, b]) => `${a}>${b}`);
    assert.equal(new Set(keys).size, keys.length, 'duplicate connection');
    for (const [a, b] of g.connections) {
      assert.ok(b > g.inputs, `connection into input or bias ${b}`);
      assert.ok(a <= g.inputs || a >= firstHiddenId(g), `connection out of output ${a}`);
    }
    for (let v = 0; v < firstHiddenId(g); v++) assert.equal(g.activations[v], 'linear');
  }
  assert.ok(nodeCount(g) > firstHiddenId(g) + 10, 'the network grew');
});

test('insertNode splits one connection into two through a new hidden node', () => {
  const rng = new Prng(2);
  const g: WannGenome = { inputs: 2, outputs: 1, activations: ['linear', 'linear', 'linear', 'linear'], connections: [[0, 3]] };
  const child = insertNode(g, rng);
  assert.equal(nodeCount(child), 5);
  assert.deepEqual(child.connections, [[0, 4], [4, 3]]);
  assert.deepEqual(g.connections, [[0, 3]], 'the parent is unchanged');
});

test('addConnection never closes a cycle and returns the genome itself when nothing can be added', () => {
  // 0 → 4 → 5 → 3: adding 5 → 4 would be a cycle; only the listed new edges are legal.
  const g: WannGenome = { inputs: 2, outputs: 1, activations: ['linear', 'linear', 'linear', 'linear', 'tanh', 'sin'], connections: [[0, 4], [4, 5], [5, 3]] };
  const rng = new Prng(5);
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const c = addConnection(g, rng);
    const [a, b] = c.connections.at(-1)!;
    seen.add(`${a}>${b}`);
  }
  assert.deepEqual([...seen].sort(), ['0>3', '0>5', '1>3', '1>4', '1>5', '2>3', '2>4', '2>5', '4>3'].sort());
  const full: WannGenome = { inputs: 1, outputs: 1, activations: ['linear', 'linear', 'linear'], connections: [[0, 2], [1, 2]] };
  assert.equal(addConnection(full, rng), full);
});

test('changeActivation changes exactly one hidden node to a different activation', () => {
  const g: WannGenome = { inputs: 1, outputs: 1, activations: ['linear', 'linear', 'linear', 'tanh', 'sin'], connections: [[0, 3], [3, 4], [4, 2]] };
  const rng = new Prng(9);
  for (let i = 0; i < 50; i++) {
    const c = changeActivation(g, rng);
    const changed = c.activations.map((a, k) => (a !== g.activations[k] ? k : -1)).filter((k) => k >= 0);
    assert.equal(changed.length, 1);
    assert.ok(changed[0]! >= 3);
    assert.deepEqual(c.connections, g.connections);
  }
});
