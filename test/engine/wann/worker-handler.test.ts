import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticDataset } from '../../../engine/data/synthetic';
import { ProbeContext } from '../../../engine/probe-handler';
import { EngineEvent } from '../../../engine/protocol/training';
import { TrainingSession, WorkerMessage } from '../../../engine/session';
import { WannEvaluator } from '../../../engine/wann/evaluate';
import { compileGenome } from '../../../engine/wann/genome';
import { prepareWannData } from '../../../engine/wann/prepare';
import { WannChampionEvent, WannTableEvent } from '../../../engine/protocol/wann';
import { wannSearch } from '../../../engine/wann/search';
import { WannWorkerHandler } from '../../../engine/wann/worker-handler';
import { JobDriver } from '../../../engine/job-driver';

/** A handler with a context that records what it posts. */
function harness(sliceMs = 5) {
  const events: EngineEvent[] = [];
  const ctx: ProbeContext = { trainer: undefined, data: undefined, post: (e) => events.push(e) };
  const handler = new WannWorkerHandler({ driver: new JobDriver({ sliceMs }) });
  return { events, handler, send: (req: { type: string; [k: string]: unknown }) => handler.handle(req, ctx) };
}

async function until(check: () => boolean, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const types = (events: EngineEvent[]) => events.map((e) => e.type);

test('a search in the worker reports started, every generation, champions, then sweep and table; the champion is the direct search\'s', async () => {
  const h = harness();
  await h.send({ type: 'wann-start', dataset: { synthetic: 'circle', samples: 200 }, generations: 12, population: 32, seed: 3 });
  await until(() => h.handler.state === 'done', 'the search to end');
  const t = types(h.events);
  assert.deepEqual(t.slice(0, 3), ['wann-state', 'wann-started', 'wann-state']);
  assert.deepEqual(t.slice(-4), ['wann-state', 'wann-sweep', 'wann-table', 'wann-state']);
  assert.deepEqual(h.events.filter((e) => e.type === 'wann-state').map((e) => e.type === 'wann-state' && e.state), ['loading', 'running', 'finishing', 'done']);
  const gens = h.events.flatMap((e) => (e.type === 'wann-generation' ? [e.generation] : []));
  assert.deepEqual(gens, Array.from({ length: 12 }, (_, i) => i + 1));
  const champions = h.events.filter((e): e is WannChampionEvent => e.type === 'wann-champion');
  assert.ok(champions.length >= 1 && champions[0]!.generation === 1, 'the first generation always has a champion');
  // The same seed in-process gives the same last champion: the worker adds no randomness.
  const { train } = prepareWannData(syntheticDataset('circle', { samples: 200, seed: 3 }), { seed: 3 });
  const direct = wannSearch(train, { generations: 12, population: 32, seed: 3 });
  let r = direct.next();
  while (!r.done) r = direct.next();
  assert.deepEqual(champions.at(-1)!.genome.connections, r.value.champion.genome.connections.map(([a, b]) => [a, b]));
  assert.deepEqual(champions.at(-1)!.accuracies, [...r.value.champion.accuracies]);
  const table = h.events.find((e): e is WannTableEvent => e.type === 'wann-table')!;
  assert.equal(table.status, 'finished');
  assert.equal(table.generations, 12);
  assert.equal(table.rows.length, 5);
  assert.match(table.rows[0]!.label, /random shared weight/);
  assert.ok(table.rows.every((row) => row.accuracy >= 0 && row.accuracy <= 1));
});

test('pause holds the search between generations, resume continues it, stop ends it early with a "stopped" table', async () => {
  const h = harness(1);
  await h.send({ type: 'wann-start', dataset: { synthetic: 'xor', samples: 200 }, generations: 100_000, population: 16, seed: 1 });
  await until(() => h.events.some((e) => e.type === 'wann-generation'), 'a first generation');
  await h.send({ type: 'wann-pause' });
  assert.equal(h.handler.state, 'paused');
  const held = h.events.length;
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(h.events.length, held, 'nothing is posted while paused');
  await h.send({ type: 'wann-resume' });
  await until(() => h.events.filter((e) => e.type === 'wann-generation').length > 5, 'more generations after resume');
  await h.send({ type: 'wann-stop' });
  assert.equal(h.handler.state, 'done');
  const table = h.events.find((e): e is WannTableEvent => e.type === 'wann-table')!;
  assert.equal(table.status, 'stopped');
  const last = h.events.filter((e) => e.type === 'wann-generation').at(-1)!;
  assert.equal(table.generations, last.type === 'wann-generation' && last.generation);
  assert.ok(table.generations < 100_000);
  const after = h.events.length;
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(h.events.length, after, 'no generation runs after a stop');
});

test('wann-evaluate re-evaluates the current champion at any shared weight, on search and held-out rows', async () => {
  const h = harness();
  await h.send({ type: 'wann-start', dataset: { synthetic: 'circle', samples: 200 }, generations: 5, population: 16, seed: 2 });
  await until(() => h.handler.state === 'done', 'the search to end');
  await h.send({ type: 'wann-evaluate', weight: 0.75 });
  const ev = h.events.at(-1)!;
  assert.equal(ev.type, 'wann-evaluation');
  const champion = h.events.filter((e): e is WannChampionEvent => e.type === 'wann-champion').at(-1)!;
  const { train, test: heldOut } = prepareWannData(syntheticDataset('circle', { samples: 200, seed: 2 }), { seed: 2 });
  const c = compileGenome(champion.genome);
  assert.deepEqual(ev, {
    type: 'wann-evaluation', weight: 0.75, generation: champion.generation,
    searchAccuracy: new WannEvaluator(train).accuracy(c, 0.75), heldOutAccuracy: new WannEvaluator(heldOut).accuracy(c, 0.75),
  });
  // At a search weight, the search-row accuracy is the champion's own number.
  await h.send({ type: 'wann-evaluate', weight: -2 });
  const atSearchWeight = h.events.at(-1)!;
  assert.equal(atSearchWeight.type === 'wann-evaluation' && atSearchWeight.searchAccuracy, champion.accuracies[0]);
});

test('bad requests become error events, not exceptions, and a bad start leaves the handler idle', async () => {
  const h = harness();
  await h.send({ type: 'wann-evaluate', weight: 1 });
  await h.send({ type: 'wann-start', dataset: { synthetic: 'nonesuch' } });
  await h.send({ type: 'wann-start', dataset: { synthetic: 'circle' }, generations: 0 });
  await h.send({ type: 'wann-start', dataset: { synthetic: 'plane' } });
  await h.send({ type: 'wann-start', dataset: { name: '/no/such/file.csv' } });
  const errors = h.events.filter((e) => e.type === 'error').map((e) => (e.type === 'error' ? e.message : ''));
  assert.equal(errors.length, 5);
  assert.match(errors[0]!, /no champion yet/);
  assert.match(errors[1]!, /no built-in set "nonesuch"/);
  assert.match(errors[2]!, /generations must be a whole number from 1/);
  assert.match(errors[3]!, /needs a classification dataset/);
  assert.match(errors[4]!, /cannot read files/);
  assert.equal(h.handler.state, 'idle');
  await h.send({ type: 'wann-start', dataset: { synthetic: 'circle', samples: 100 }, generations: 2, population: 8 });
  await h.send({ type: 'wann-evaluate', weight: Number.NaN });
  assert.match((h.events.at(-1) as { message: string }).message, /shared weight must be a number/);
});

test('a training session routes the wann requests to the handler; its events travel as probe messages', async () => {
  const messages: WorkerMessage[] = [];
  const handler = new WannWorkerHandler();
  const session = new TrainingSession((m) => messages.push(m), { probes: [handler] });
  await session.handle({ type: 'wann-start', dataset: { synthetic: 'xor', samples: 100 }, generations: 3, population: 8 });
  await until(() => handler.state === 'done', 'the search to end');
  const probes = messages.flatMap((m) => (m.type === 'probe' ? [m.event.type] : []));
  assert.ok(probes.includes('wann-table'));
  assert.equal(messages.filter((m) => m.type !== 'probe').length, 0, 'the training session itself stays out of it');
  assert.equal(session.state, 'idle');
});
