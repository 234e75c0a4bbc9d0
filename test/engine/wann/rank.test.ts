import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dominates, paretoFronts, rankOrder } from '../../../engine/wann/rank';

test('dominance needs at least as good everywhere and better somewhere', () => {
  assert.ok(dominates([0.9, -3], [0.8, -3]));
  assert.ok(!dominates([0.9, -3], [0.9, -3]));
  assert.ok(!dominates([0.9, -5], [0.8, -3]));
});

test('fronts and order of a hand-worked population (mean accuracy, −connections)', () => {
  const scores = [
    [0.9, -10], // 0: front 0 (best mean)
    [0.7, -2],  // 1: front 0 (fewest connections)
    [0.8, -5],  // 2: front 0
    [0.8, -6],  // 3: dominated by 2 only → front 1
    [0.6, -7],  // 4: dominated by 1, 2, 3 → front 2
    [0.7, -2],  // 5: equal to 1, neither dominates → front 0, after 1 by index
  ];
  assert.deepEqual([...paretoFronts(scores)], [0, 0, 0, 1, 2, 0]);
  assert.deepEqual(rankOrder(scores), [0, 2, 1, 5, 3, 4]);
});
