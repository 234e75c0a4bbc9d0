/**
 * The one thinning rule (shared/thinning.ts) and where it applies: which records it keeps, the
 * symmetry timeline under a flood of steps (issue 12: only the loss line was left), and the
 * worker's events (thinned steps posted and logged, the latest step always posted).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StepEvent, SymmetryEvent, TrainerEvent } from '../../engine/protocol/training';
import { TrainingSession, type WorkerMessage } from '../../engine/session';
import { DENSE_RECORDS, keepRecord, recordsKept } from '../../shared/thinning';
import { foldEvent, newRun } from '../../shared/symmetry-state';

test('the rule keeps the first 256 records, then 128 per doubling, the same records whoever applies it', () => {
  for (let n = 1; n <= DENSE_RECORDS; n++) assert.ok(keepRecord(n));
  assert.ok(!keepRecord(257) && keepRecord(258) && !keepRecord(514) && keepRecord(516));
  // Counted one by one, and by the closed form the README quotes.
  for (const n of [1, 256, 257, 1000, 20_000, 320_000]) {
    let kept = 0;
    for (let i = 1; i <= n; i++) if (keepRecord(i)) kept++;
    assert.equal(recordsKept(n), kept, `records kept of ${n}`);
  }
  assert.equal(recordsKept(512), 256 + 128);
  assert.ok(recordsKept(20_000) > 1000 && recordsKept(20_000) < 1100, `${recordsKept(20_000)} of 20,000`);
  assert.ok(recordsKept(1_000_000) > 1700 && recordsKept(1_000_000) < 1850, `${recordsKept(1_000_000)} of a million`);
});

test('the symmetry timeline keeps its distinct and rank points however many steps come between them', () => {
  const run = newRun('r', 'r', 'current', 'he-normal');
  // A full-speed run probed now and then: thousands of steps between two measurements.
  let step = 0;
  for (let probe = 0; probe < 400; probe++) {
    for (let i = 0; i < 2500; i++) {
      step++;
      foldEvent(run, { type: 'step', step, epoch: 1, loss: 1 / step, gradNorm: 1, learningRate: 0.1 } satisfies StepEvent);
    }
    const e: SymmetryEvent = { type: 'symmetry', step, epoch: 1, layers: [{ layer: 'dense1', units: 8, distinctNeurons: 8, effectiveRank: 3 }] as unknown as SymmetryEvent['layers'] };
    foldEvent(run, e);
  }
  assert.equal(run.probes, 400);
  assert.equal(run.points.length, recordsKept(400) + (keepRecord(400) ? 0 : 1));
  assert.ok(run.points.length > 300, `${run.points.length} timeline points: lines, not a dot`);
  assert.equal(run.points.at(-1)!.step, step, 'the latest measurement is on the timeline');
  assert.equal(run.losses.length, recordsKept(step));
});

test('the worker posts the kept steps and the latest, logs the kept ones, and acknowledges every control', async () => {
  const messages: WorkerMessage[] = [];
  const session = new TrainingSession((m) => messages.push(m));
  const config = { name: 't', dataset: { synthetic: 'circle', samples: 200 }, training: { epochs: 200, batchSize: 8 }, model: { hidden: [4] } };
  await session.handle({ type: 'start', config: config as never, ack: 1 });
  const ack = (id: number) => messages.find((m) => m.type === 'ack' && m.id === id);
  const started = ack(1);
  assert.equal(started?.type === 'ack' && started.state, 'running');
  // Let it train past where the rule starts thinning.
  const posted = () => messages.flatMap((m) => (m.type === 'events' ? m.events : [])).filter((e) => e.type === 'step').length;
  while (!messages.some((m) => m.type === 'events' && m.events.some((e) => e.type === 'step' && e.step > 1000))) await new Promise((r) => setTimeout(r, 5));
  assert.ok(posted() < 700, `${posted()} steps posted of more than 1,000`);
  await session.handle({ type: 'pause', ack: 2 });
  const paused = ack(2);
  assert.ok(paused?.type === 'ack' && paused.state === 'paused' && !paused.refused);
  // What was posted up to the pause ends with the step the ack reports.
  const events = messages.flatMap((m) => (m.type === 'events' ? m.events : []));
  const steps = events.filter((e): e is StepEvent => e.type === 'step');
  assert.equal(steps.at(-1)!.step, paused.type === 'ack' ? paused.step : -1);
  for (const m of messages) {
    if (m.type !== 'events') continue;
    const batch = m.events.filter((e): e is StepEvent => e.type === 'step');
    assert.ok(batch.slice(0, -1).every((e) => keepRecord(e.step)), 'only kept steps, besides the latest of each batch');
  }
  await session.handle({ type: 'step', ack: 3 });
  const stepped = ack(3);
  assert.ok(stepped?.type === 'ack' && stepped.step === (paused.type === 'ack' ? paused.step + 1 : -1) && !stepped.refused);
  const last = messages.filter((m) => m.type === 'events').at(-1);
  assert.ok(last?.type === 'events' && last.events.some((e) => e.type === 'step' && e.step === stepped.step), 'the stepped step is posted even if the rule drops it');
  await session.handle({ type: 'stop', ack: 4 });
  const summary = messages.flatMap((m) => (m.type === 'events' ? m.events : [])).find((e): e is Extract<TrainerEvent, { type: 'summary' }> => e.type === 'summary');
  assert.equal(summary?.status, 'stopped');
  await session.handle({ type: 'step', ack: 5 });
  const refused = ack(5);
  assert.ok(refused?.type === 'ack' && /paused run; the run is done/.test(refused.refused ?? ''), 'a step on an ended run is refused, with why');
  const logged = messages.flatMap((m) => (m.type === 'events' ? m.jsonl.split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []));
  assert.ok(logged.filter((e) => e.type === 'step').every((e) => keepRecord(e.step)), 'metrics.jsonl gets only kept steps');
});
