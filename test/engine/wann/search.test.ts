import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticDataset } from '../../../engine/data/synthetic';
import { prepareWannData } from '../../../engine/wann/prepare';
import { SHARED_WEIGHTS, WannGenerationStats, WannSearchResult, wannSearch } from '../../../engine/wann/search';

/** 300 noise-free points of a built-in set, standardized, all used by the search. */
function points(name: 'circle' | 'xor' | 'gauss') {
  return prepareWannData(syntheticDataset(name, { samples: 300, noise: 0, seed: 1 }), { testFraction: 0 }).train;
}

/** Runs a search to the end: every generation's stats and the result. */
function run(name: 'circle' | 'xor' | 'gauss', generations: number, population: number, seed: number): { stats: WannGenerationStats[]; result: WannSearchResult } {
  const search = wannSearch(points(name), { generations, population, seed });
  const stats: WannGenerationStats[] = [];
  for (;;) {
    const step = search.next();
    if (step.done) return { stats, result: step.value };
    stats.push(step.value);
  }
}

test('the search yields one generation at a time and can be stopped between generations', () => {
  const search = wannSearch(points('gauss'), { generations: 10, population: 16, seed: 3 });
  const first = search.next();
  assert.ok(!first.done && first.value.generation === 1 && first.value.evaluations === 16);
  const second = search.next();
  assert.ok(!second.done && second.value.generation === 2);
  assert.ok(second.value.champion.mean >= first.value.champion.mean, 'the champion never gets worse');
  search.return(undefined as never); // a driver's stop
  assert.ok(search.next().done);
});

test('same seed ⇒ same champion and same statistics; another seed ⇒ a different search', () => {
  const a = run('circle', 15, 32, 5), b = run('circle', 15, 32, 5), c = run('circle', 15, 32, 6);
  assert.deepEqual(b.result.champion.genome, a.result.champion.genome);
  assert.deepEqual(b.stats.map((s) => [s.meanPerformance, s.meanConnections]), a.stats.map((s) => [s.meanPerformance, s.meanConnections]));
  assert.notDeepEqual(c.stats.map((s) => s.meanPerformance), a.stats.map((s) => s.meanPerformance));
  assert.equal(a.result.generations, 15);
  assert.equal(a.stats.length, 15);
});

// Acceptance (issue 9): ≥ 90% correct at ≥ 4 of the 6 shared weights, budget 150 generations ×
// 256 networks (30,801 networks evaluated, each at the 6 weights; ~3–4 s each on one core of the
// 2-core test machine). Measured over seeds 1–10 at this budget:
// circle succeeds with 8, xor with 6 (at 300 generations: 9 and 8); seed 1 succeeds for both.
for (const name of ['circle', 'xor'] as const) {
  test(`${name}: the search finds a network ≥ 90% correct at ≥ 4 of the 6 shared weights (150 generations × 256, seed 1)`, () => {
    const { result } = run(name, 150, 256, 1);
    const acc = result.champion.accuracies;
    const good = acc.filter((a) => a >= 0.9).length;
    assert.ok(good >= 4, `${name}: accuracies ${acc.map((a, i) => `w=${SHARED_WEIGHTS[i]}: ${(100 * a).toFixed(1)}%`).join(', ')}`);
  });
}
