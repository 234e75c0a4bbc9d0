import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticDataset } from '../../../engine/data/synthetic';
import { WannEvaluator } from '../../../engine/wann/evaluate';
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

// Acceptance (issue 9), as the CLI and the panel report it: ≥ 90% correct on the HELD-OUT rows
// (a fifth of 300 points, never seen by the search) at ≥ 4 of the 6 shared weights, budget 150
// generations × 256 networks (30,801 networks evaluated, each at the 6 weights; ~4 CPU-s each).
// Measured over seeds 1–10 through the CLI (README): circle succeeds for 7 (seeds 1–3, 6–9), xor
// for 5 (seeds 2, 4, 5, 7, 9). Here: a seed that succeeds and one that fails for each set, so the
// test fails if the search gets worse and if the held-out scoring stops telling them apart.
const heldOut = (name: 'circle' | 'xor', seed: number) => {
  const { train, test: rows } = prepareWannData(syntheticDataset(name, { samples: 300, noise: 0, seed }), { seed });
  return new WannEvaluator(rows).sweep(runOn(train, seed).champion.compiled, SHARED_WEIGHTS);
};
function runOn(train: ReturnType<typeof points>, seed: number) {
  const search = wannSearch(train, { generations: 150, population: 256, seed });
  for (;;) {
    const step = search.next();
    if (step.done) return step.value;
  }
}
for (const [name, good, bad] of [['circle', 1, 4], ['xor', 2, 1]] as const) {
  test(`${name}: on held-out rows, seed ${good} finds a network ≥ 90% correct at ≥ 4 of the 6 shared weights, seed ${bad} does not (150 generations × 256)`, () => {
    const show = (acc: number[]) => acc.map((a, i) => `w=${SHARED_WEIGHTS[i]}: ${(100 * a).toFixed(1)}%`).join(', ');
    const ok = heldOut(name, good), fails = heldOut(name, bad);
    assert.ok(ok.filter((a) => a >= 0.9).length >= 4, `${name} seed ${good}: ${show(ok)}`);
    assert.ok(fails.filter((a) => a >= 0.9).length < 4, `${name} seed ${bad}: ${show(fails)}`);
  });
}
