/* Initializers draw from the distributions they name. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INIT_KINDS, InitSpec, initialize } from '../../engine/nn/init';
import { Prng } from '../../engine/prng';

function stats(a: Float32Array): { mean: number; variance: number; min: number; max: number } {
  let mean = 0;
  for (const v of a) mean += v;
  mean /= a.length;
  let variance = 0, min = Infinity, max = -Infinity;
  for (const v of a) {
    variance += (v - mean) ** 2;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { mean, variance: variance / a.length, min, max };
}

const fanIn = 200, fanOut = 300;
const cases: [InitSpec, number, number][] = [
  // spec, expected mean, expected variance
  [{ kind: 'zeros' }, 0, 0],
  [{ kind: 'constant', value: 0.7 }, 0.7, 0],
  [{ kind: 'uniform', min: -1, max: 3 }, 1, 16 / 12],
  [{ kind: 'normal', mean: 2, std: 0.5 }, 2, 0.25],
  [{ kind: 'glorot-uniform' }, 0, 2 / (fanIn + fanOut)],
  [{ kind: 'glorot-normal' }, 0, 2 / (fanIn + fanOut)],
  [{ kind: 'he-uniform' }, 0, 2 / fanIn],
  [{ kind: 'he-normal' }, 0, 2 / fanIn],
  [{ kind: 'lecun-uniform' }, 0, 1 / fanIn],
  [{ kind: 'lecun-normal' }, 0, 1 / fanIn],
];

for (const [spec, mean, variance] of cases) {
  test(`${spec.kind}: mean ${mean} and variance ${variance.toPrecision(3)} over 60,000 draws`, () => {
    const w = new Float32Array(fanIn * fanOut);
    initialize(w, fanIn, fanOut, spec, new Prng(1));
    const s = stats(w);
    assert.ok(Math.abs(s.mean - mean) < 0.01 + 0.02 * Math.sqrt(variance), `mean ${s.mean}`);
    assert.ok(Math.abs(s.variance - variance) <= 0.03 * variance + 1e-12, `variance ${s.variance}`);
    if (spec.kind === 'uniform') assert.ok(s.min >= -1 && s.max < 3);
  });
}

test('every initializer kind is covered here or by the orthogonal test', () => {
  assert.deepEqual(new Set([...cases.map(([s]) => s.kind), 'orthogonal']), new Set(INIT_KINDS));
});

for (const [rows, cols] of [[6, 4], [4, 6], [5, 5]] as const) {
  test(`orthogonal ${rows}×${cols}: the shorter side's vectors are orthonormal times the gain`, () => {
    const w = new Float32Array(rows * cols);
    initialize(w, rows, cols, { kind: 'orthogonal', gain: 2 }, new Prng(3));
    const byColumns = rows >= cols;
    const count = byColumns ? cols : rows, len = byColumns ? rows : cols;
    const at = (v: number, i: number) => (byColumns ? w[i * cols + v]! : w[v * cols + i]!);
    for (let a = 0; a < count; a++) for (let b = 0; b < count; b++) {
      let dot = 0;
      for (let i = 0; i < len; i++) dot += at(a, i) * at(b, i);
      assert.ok(Math.abs(dot - (a === b ? 4 : 0)) < 1e-5, `<v${a}, v${b}> = ${dot}`);
    }
  });
}

test('the same seed draws the same weights', () => {
  const a = new Float32Array(50), b = new Float32Array(50);
  initialize(a, 10, 5, { kind: 'he-normal' }, new Prng(9));
  initialize(b, 10, 5, { kind: 'he-normal' }, new Prng(9));
  assert.deepEqual(a, b);
});
