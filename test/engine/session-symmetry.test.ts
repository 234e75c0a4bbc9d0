/**
 * The worker session's symmetry controls: a paused start that a driver paces step by step,
 * "break symmetry" on a live run, the on-demand symmetry probe, and refusals that leave the
 * run untouched.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { symmetryProbeHandler } from '../../engine/probes/symmetry-handler';
import type { SymmetryEvent, TrainerEvent } from '../../engine/protocol/training';
import { TrainingSession, type WorkerMessage } from '../../engine/session';

function until(done: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const check = () => (done() ? resolve() : Date.now() > end ? reject(new Error('timed out')) : setTimeout(check, 5));
    check();
  });
}

const events = (ms: WorkerMessage[]): TrainerEvent[] => ms.flatMap((m) => (m.type === 'events' ? m.events : []));
const symmetry = (ms: WorkerMessage[]) => events(ms).filter((e): e is SymmetryEvent => e.type === 'symmetry');
const probes = (ms: WorkerMessage[]) => ms.flatMap((m) => (m.type === 'probe' ? [m.event] : []));

/** A constant-init run: every hidden layer stays at one distinct neuron until noise is added. */
const constantRun = parseConfig({
  dataset: { synthetic: 'circle', samples: 200 }, model: { hidden: [6, 4], activation: 'tanh' },
  init: 'constant:0.5', training: { epochs: 50, batchSize: 20 },
});

test('a paused start waits for steps; break symmetry on it separates the neurons at once', async () => {
  const messages: WorkerMessage[] = [];
  const session = new TrainingSession((m) => messages.push(m));
  await session.handle({ type: 'start', config: constantRun, probes: { symmetryEvery: 1 }, paused: true });
  await until(() => session.state === 'paused');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(events(messages).filter((e) => e.type === 'step').length, 0, 'no step before the driver asks');
  for (let i = 0; i < 3; i++) await session.handle({ type: 'step' });
  assert.equal(events(messages).filter((e) => e.type === 'step').length, 3);
  assert.ok(symmetry(messages).every((e) => e.layers.every((l) => l.distinctNeurons === 1)), 'constant init: one neuron per layer');

  await session.handle({ type: 'breakSymmetry', scale: 0.1 });
  const broken = symmetry(messages).at(-1)!;
  assert.deepEqual(broken.layers.map((l) => l.distinctNeurons), [6, 4]);
  assert.ok(broken.layers.every((l) => l.maxDifference > 1e-3));
  assert.equal(session.state, 'paused', 'breaking symmetry does not resume the run');

  // Trained on, the neurons stay apart (and keep the same count).
  await session.handle({ type: 'resume' });
  await until(() => session.state === 'done');
  const last = symmetry(messages).at(-1)!;
  assert.deepEqual(last.layers.map((l) => l.distinctNeurons), [6, 4]);
  const summary = events(messages).find((e) => e.type === 'summary');
  assert.ok(summary && summary.type === 'summary' && summary.status === 'finished');
});

test('refused break-symmetry requests answer on the probe channel and leave the run as it was', async () => {
  const messages: WorkerMessage[] = [];
  const session = new TrainingSession((m) => messages.push(m));
  await session.handle({ type: 'start', config: constantRun, probes: { symmetryEvery: 5 }, paused: true });
  await until(() => session.state === 'paused');
  for (const scale of [0, -1, 11, Number.NaN, '0.1' as unknown as number]) await session.handle({ type: 'breakSymmetry', scale });
  assert.equal(probes(messages).length, 5);
  assert.ok(probes(messages).every((e) => e.type === 'error' && /noise scale/.test(e.message)));
  assert.equal(events(messages).filter((e) => e.type === 'error').length, 0, 'the run saw no error');
  assert.equal(session.state, 'paused');

  await session.handle({ type: 'resume' });
  await until(() => session.state === 'done');
  await session.handle({ type: 'breakSymmetry', scale: 0.1 });
  const refusal = probes(messages).at(-1)!;
  assert.ok(refusal.type === 'error' && /the run has ended/.test(refusal.message));
  const summary = events(messages).filter((e) => e.type === 'summary' || e.type === 'error');
  assert.deepEqual(summary.map((e) => e.type), ['summary'], 'a finished run stays finished');
});

test('the symmetry probe measures the current run on request, and says so when there is none', async () => {
  const messages: WorkerMessage[] = [];
  const session = new TrainingSession((m) => messages.push(m), { probes: [symmetryProbeHandler] });
  await session.handle({ type: 'symmetryProbe' });
  const none = probes(messages)[0]!;
  assert.ok(none.type === 'error' && /no run/.test(none.message));
  await session.handle({ type: 'start', config: { ...constantRun, init: { ...constantRun.init, weights: { kind: 'he-normal' } } } });
  await until(() => session.state === 'done');
  assert.equal(symmetry(messages).length, 0, 'a run started without probes sends no symmetry events');
  await session.handle({ type: 'symmetryProbe' });
  const answer = probes(messages).at(-1)!;
  assert.equal(answer.type, 'symmetry');
  assert.ok(answer.type === 'symmetry' && answer.layers.length === 2 && answer.layers[0]!.distinctNeurons === 6);
  assert.equal(answer.type === 'symmetry' && answer.step, 50 * 8, '160 training rows in batches of 20, 50 epochs');
});
