/**
 * run({ reuseStepEvents }): one step event object rewritten per step (no garbage per step), the
 * same numbers as fresh events; the worker session, which runs that way, copies what it keeps.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import type { StepEvent, TrainerEvent } from '../../engine/protocol/training';
import { TrainingSession, type WorkerMessage } from '../../engine/session';
import { keepRecord } from '../../shared/thinning';
import { trainerFor } from './helpers';

const raw = { dataset: { synthetic: 'spiral', samples: 300 }, model: { hidden: [8, 8], activation: 'tanh' }, optimizer: 'sgd', training: { epochs: 6, batchSize: 10 } };

test('reused step events: one object, and field for field the numbers of fresh events', () => {
  const fresh = [...trainerFor(raw).run()].filter((e): e is StepEvent => e.type === 'step');
  const seen = new Set<TrainerEvent>();
  const copies: StepEvent[] = [];
  for (const e of trainerFor(raw).run({ reuseStepEvents: true })) {
    if (e.type !== 'step') continue;
    seen.add(e);
    copies.push({ ...e });
  }
  assert.equal(seen.size, 1, 'every step event is the same object');
  assert.equal(copies.length, fresh.length);
  assert.deepEqual(copies, fresh);
  assert.ok(fresh.every((e) => e.accuracy !== undefined), 'classification: the reused object carries the accuracy too');
});

test('the session posts copies: every posted step is its own object with its own step number, the thinned ones plus each batch\'s latest', async () => {
  const messages: WorkerMessage[] = [];
  const session = new TrainingSession((m) => messages.push(m));
  await session.handle({ type: 'start', config: parseConfig(raw) });
  const end = Date.now() + 60_000;
  while (session.state !== 'done' && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  assert.equal(session.state, 'done');
  const batches = messages.flatMap((m) => (m.type === 'events' ? [m.events] : []));
  const steps = batches.flat().filter((e): e is StepEvent => e.type === 'step');
  assert.equal(new Set(steps).size, steps.length, 'no two posted steps are the same object');
  const numbers = steps.map((e) => e.step);
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'in order, each once');
  assert.equal(new Set(numbers).size, numbers.length);
  // Each posted step is kept by the thinning rule or is its batch's last step.
  for (const batch of batches) {
    const inBatch = batch.filter((e): e is StepEvent => e.type === 'step');
    inBatch.forEach((e, i) => assert.ok(keepRecord(e.step) || i === inBatch.length - 1, `step ${e.step} posted without a reason`));
  }
  // The run's last step (240 training rows: 24 steps per epoch, 6 epochs) is posted with its own numbers.
  assert.equal(numbers.at(-1), 6 * 24);
  // Posted losses equal a fresh run's at the same steps.
  const fresh = new Map([...trainerFor(raw).run()].flatMap((e) => (e.type === 'step' ? [[e.step, e.loss] as const] : [])));
  for (const e of steps) assert.equal(e.loss, fresh.get(e.step), `step ${e.step}`);
});
