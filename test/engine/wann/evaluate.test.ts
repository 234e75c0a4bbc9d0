import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Prng } from '../../../engine/prng';
import { WANN_ACTIVATIONS, activate, activationGrad } from '../../../engine/wann/activations';
import { WannData } from '../../../engine/wann/data';
import { WannEvaluator, classify } from '../../../engine/wann/evaluate';
import { WannGenome, compileGenome, fullyConnectedGenome, minimalGenome } from '../../../engine/wann/genome';

/** Two features, rows given as [x1, x2, label]. */
function data(rows: [number, number, number][], classes = 2): WannData {
  return {
    rows: rows.length, features: 2, classes,
    columns: [Float32Array.from(rows.map((r) => r[0])), Float32Array.from(rows.map((r) => r[1]))],
    labels: Int32Array.from(rows.map((r) => r[2])),
    featureNames: ['x1', 'x2'], classNames: Array.from({ length: classes }, (_, i) => String(i)),
  };
}

const close = (a: number, b: number, tol = 1e-6): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

test('each activation at a few points, by its formula', () => {
  const x = Float64Array.from([-1.5, -0.5, 0, 0.25, 2]);
  const expect: Record<string, (v: number) => number> = {
    linear: (v) => v, step: (v) => (v > 0 ? 1 : 0), sin: (v) => Math.sin(Math.PI * v), gaussian: (v) => Math.exp(-v * v / 2),
    tanh: Math.tanh, sigmoid: (v) => 1 / (1 + Math.exp(-v)), inverse: (v) => -v, abs: Math.abs, relu: (v) => Math.max(0, v), cosine: (v) => Math.cos(Math.PI * v),
  };
  for (const kind of WANN_ACTIVATIONS) {
    const y = new Float64Array(5);
    activate(kind, x, 2, y, 5);
    x.forEach((v, i) => close(y[i]!, expect[kind]!(2 * v), 1e-12));
  }
});

test('each activation derivative matches a central difference', () => {
  const z = Float64Array.from([-1.3, -0.4, 0.3, 0.9, 1.7]);
  for (const kind of WANN_ACTIVATIONS) {
    const y = new Float64Array(5), dz = new Float64Array(5);
    activate(kind, z, 1, y, 5);
    activationGrad(kind, z, y, new Float64Array(5).fill(1), dz, 5);
    const h = 1e-6;
    z.forEach((v, i) => {
      const up = new Float64Array(1), down = new Float64Array(1);
      activate(kind, Float64Array.of(v + h), 1, up, 1);
      activate(kind, Float64Array.of(v - h), 1, down, 1);
      close(dz[i]!, (up[0]! - down[0]!) / (2 * h), 1e-5);
    });
  }
});

// x1 → h(tanh) → out, x2 → out, bias → h: out = w·(tanh(w·(x1 + 1)) + x2)
const small: WannGenome = {
  inputs: 2, outputs: 1,
  activations: ['linear', 'linear', 'linear', 'linear', 'tanh'],
  connections: [[0, 4], [2, 4], [4, 3], [1, 3]],
};

test('a small genome evaluates to the hand-computed value at several shared weights', () => {
  const d = data([[0.5, -1, 0], [-2, 0.25, 1], [1, 1, 1]]);
  const ev = new WannEvaluator(d);
  const c = compileGenome(small);
  for (const w of [-2, -0.5, 1, 2]) {
    const out = ev.outputs(c, w)[0]!;
    for (let r = 0; r < d.rows; r++) {
      const x1 = d.columns[0]![r]!, x2 = d.columns[1]![r]!;
      close(out[r]!, w * (Math.tanh(w * (x1 + 1)) + x2), 1e-5);
    }
  }
});

test('topological order puts every node after its sources, whatever the connection order', () => {
  const shuffled: WannGenome = { ...small, connections: [[4, 3], [1, 3], [2, 4], [0, 4]] };
  const c = compileGenome(shuffled);
  assert.deepEqual([...c.order], [4, 3]);
  assert.deepEqual([...compileGenome(small).order], [4, 3]);
});

test('a cycle is refused when compiling', () => {
  const cyclic: WannGenome = { inputs: 1, outputs: 1, activations: ['linear', 'linear', 'linear', 'tanh', 'tanh'], connections: [[0, 3], [3, 4], [4, 3], [4, 2]] };
  assert.throws(() => compileGenome(cyclic), /cycle/);
});

test('one output classifies by sign, several by argmax (first of equals), and accuracy counts matches', () => {
  assert.deepEqual([...classify([Float32Array.of(-1, 0, 2)], 3, new Int32Array(3))], [0, 0, 1]);
  const outs = [Float32Array.of(1, 5, 2), Float32Array.of(3, 5, 0), Float32Array.of(2, 1, 2)];
  assert.deepEqual([...classify(outs, 3, new Int32Array(3))], [1, 0, 0]);
  // out = w·x1 at w = 1 is right on rows 0 and 2; at w = −1 only on row 1.
  const d = data([[1, 0, 1], [2, 0, 0], [-1, 0, 0]]);
  const g: WannGenome = { inputs: 2, outputs: 1, activations: ['linear', 'linear', 'linear', 'linear'], connections: [[0, 3]] };
  const ev = new WannEvaluator(d);
  assert.deepEqual(ev.sweep(compileGenome(g), [1, -1]), [2 / 3, 1 / 3]);
});

test('an output with no incoming connection outputs f(0)', () => {
  const d = data([[1, 2, 0]], 3);
  const g: WannGenome = { inputs: 2, outputs: 3, activations: ['linear', 'linear', 'linear', 'linear', 'linear', 'linear'], connections: [[0, 3]] };
  const out = new WannEvaluator(d).outputs(compileGenome(g), 1.5);
  assert.deepEqual(out.map((o) => o[0]), [1.5, 0, 0]);
});

test('minimal genomes connect only inputs and bias to outputs, at least once; fully connected has every edge', () => {
  const g = minimalGenome(4, 3, 0.5, () => 0.99); // every draw misses the 0.5 rate

  assert.equal(g.connections.length, 1);
  const rng = new Prng(3);
  const sparse = minimalGenome(4, 3, 0.3, () => rng.next());
  for (const [a, b] of sparse.connections) assert.ok(a <= 4 && b >= 5 && b < 8);
  assert.equal(minimalGenome(4, 3, 1, () => rng.next()).connections.length, 15);
  const fc = fullyConnectedGenome(2, 1, 3, 'tanh');
  assert.equal(fc.connections.length, 3 * 3 + 3);
  assert.deepEqual(fc.activations.slice(4), ['tanh', 'tanh', 'tanh']);
});
