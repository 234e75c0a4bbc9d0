import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SYNTHETIC_SETS, syntheticDataset } from '../../engine/data/synthetic';

for (const name of SYNTHETIC_SETS) {
  test(`${name}: 2 features, the asked number of rows, finite values, reproducible by seed`, () => {
    const ds = syntheticDataset(name, { samples: 301, noise: 0.1, seed: 3 });
    assert.equal(ds.rows, 301);
    assert.equal(ds.features, 2);
    assert.equal(ds.x.length, 602);
    assert.equal(ds.y.length, 301);
    for (const v of ds.x) assert.ok(Number.isFinite(v));
    if (ds.task === 'classification') {
      const ones = ds.y.reduce((n, v) => n + v, 0);
      for (const v of ds.y) assert.ok(v === 0 || v === 1);
      assert.ok(ones > 100 && ones < 200, `${ones} of 301 in class 1`);
    }
    assert.deepEqual(syntheticDataset(name, { samples: 301, noise: 0.1, seed: 3 }).x, ds.x);
  });
}

test('circle without noise: class 1 exactly inside radius 2.5', () => {
  const ds = syntheticDataset('circle', { samples: 400 });
  for (let i = 0; i < ds.rows; i++) assert.equal(ds.y[i], Math.hypot(ds.x[2 * i]!, ds.x[2 * i + 1]!) < 2.5 ? 1 : 0);
});

test('xor without noise: class 1 where x1·x2 ≥ 0', () => {
  const ds = syntheticDataset('xor', { samples: 400 });
  for (let i = 0; i < ds.rows; i++) assert.equal(ds.y[i], ds.x[2 * i]! * ds.x[2 * i + 1]! >= 0 ? 1 : 0);
});
