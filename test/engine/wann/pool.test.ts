/*
 * The WANN search over a pool of worker threads (engine/node/wann-pool.ts, worker-pool.ts):
 * the same generations and champion as the in-thread search for a seed, with any number of
 * workers, since each generation's results are gathered in order. Uses the bundled pool worker
 * (dist/wann-pool-worker.js; built when missing).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticDataset } from '../../../engine/data/synthetic';
import { wannSearchPooled } from '../../../engine/node/wann-pool';
import { prepareWannData } from '../../../engine/wann/prepare';
import { WannGenerationStats, wannSearch } from '../../../engine/wann/search';
import { workerBundle } from '../../extension/helpers';

/** What a generation reports, without its timing. */
const facts = (s: WannGenerationStats) => [s.generation, s.meanPerformance, s.bestMeanPerformance, s.bestPerformance, s.meanConnections, s.evaluations, s.championImproved, JSON.stringify(s.champion.genome), s.champion.accuracies.join()];

test('the pooled WANN search gives the in-thread search\'s generations and champion, with 1, 2 or 3 workers', async () => {
  workerBundle();
  const { train } = prepareWannData(syntheticDataset('xor', { samples: 300, seed: 3 }), { seed: 3 });
  const options = { generations: 12, population: 40, seed: 3 };
  const inThread: unknown[] = [];
  const s = wannSearch(train, options);
  let result;
  for (;;) {
    const r = s.next();
    if (r.done) { result = r.value; break; }
    inThread.push(facts(r.value));
  }
  for (const workers of [1, 2, 3]) {
    const pooled: unknown[] = [];
    const p = wannSearchPooled(train, { ...options, workers });
    let end;
    for (;;) {
      const r = await p.next();
      if (r.done) { end = r.value; break; }
      assert.ok(r.value.evaluationsPerSecond > 0);
      pooled.push(facts(r.value));
    }
    assert.deepEqual(pooled, inThread, `${workers} workers`);
    assert.deepEqual([end.evaluations, end.generations, JSON.stringify(end.champion.genome)], [result.evaluations, result.generations, JSON.stringify(result.champion.genome)]);
  }
});

test('a pooled search stopped early ends its workers (the generator returns cleanly)', async () => {
  workerBundle();
  const { train } = prepareWannData(syntheticDataset('circle', { samples: 200, seed: 1 }), { seed: 1 });
  const p = wannSearchPooled(train, { generations: 50, population: 20, seed: 1, workers: 2 });
  const first = await p.next();
  assert.equal(first.done, false);
  const ended = await p.return(undefined as never);
  assert.equal(ended.done, true);
});
