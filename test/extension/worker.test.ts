import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import type { TrainerEvent } from '../../engine/protocol/training';
import type { WorkerMessage } from '../../engine/session';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import { until, workerBundle } from './helpers';

function collect(host: WorkerHost) {
  const events: TrainerEvent[] = [];
  const states: string[] = [];
  const batches: number[] = [];
  let weights: Extract<WorkerMessage, { type: 'weights' }> | undefined;
  host.onMessage((m) => {
    if (m.type === 'events') {
      events.push(...m.events);
      batches.push(m.events.length);
    } else if (m.type === 'state') states.push(m.state);
    else if (m.type === 'weights') weights = m;
  });
  return { events, states, batches, weights: () => weights, epochs: () => events.filter((e) => e.type === 'epoch').length };
}

const spiral = (extra: object = {}) => parseConfig({ dataset: 'circle', training: { epochs: 20, batchSize: 16 }, ...extra });

test('a worker trains a run to its summary, with step events batched and weights at the end', async () => {
  const host = new WorkerHost(nodeWorker(workerBundle()));
  const c = collect(host);
  host.post({ type: 'start', config: spiral() });
  await until(() => c.events.some((e) => e.type === 'summary'), 30000, 'summary');
  await until(() => c.weights() !== undefined, 5000, 'weights');
  await host.kill();
  const steps = c.events.filter((e) => e.type === 'step');
  assert.equal(c.events[0]!.type, 'started');
  const summary = c.events.at(-1)!;
  assert.ok(summary.type === 'summary' && summary.status === 'finished');
  // circle: 400 training rows / 16 = 25 steps an epoch, 20 epochs.
  assert.equal(summary.steps, 500);
  // Steps may be thinned for the views when a batch holds many, never more than were taken.
  assert.ok(steps.length > 0 && steps.length <= 500, `${steps.length} steps`);
  assert.ok(c.batches.length < summary.steps / 3, `steps come in batches (${c.batches.length} messages for ${summary.steps} steps)`);
  assert.equal(c.epochs(), 20);
  assert.deepEqual(c.states.slice(0, 2), ['loading', 'running']);
  assert.equal(c.states.at(-1), 'done');
  assert.ok(c.weights()!.params.every((p) => p.values instanceof Float32Array && p.values.length > 0));
});

test('pause, step, setLearningRate, setOptimizer and stop act on the running run', async () => {
  const host = new WorkerHost(nodeWorker(workerBundle()));
  const c = collect(host);
  host.post({ type: 'start', config: spiral({ training: { epochs: 5000, batchSize: 8 } }) });
  await until(() => c.events.some((e) => e.type === 'step'), 20000, 'first step');
  host.post({ type: 'pause' });
  await until(() => c.states.includes('paused'), 5000, 'paused');
  await new Promise((r) => setTimeout(r, 100));
  const before = c.events.filter((e) => e.type === 'step').length;
  host.post({ type: 'step' });
  await until(() => c.events.filter((e) => e.type === 'step').length === before + 1, 5000, 'one step');
  host.post({ type: 'setLearningRate', learningRate: 0.123 });
  host.post({ type: 'setOptimizer', optimizer: { kind: 'momentum', learningRate: 0.05 } });
  host.post({ type: 'step' });
  await until(() => c.events.filter((e) => e.type === 'step').length === before + 2, 5000, 'second step');
  const last = c.events.filter((e) => e.type === 'step').at(-1)!;
  assert.equal(last.type === 'step' && last.learningRate, 0.05);
  host.post({ type: 'stop' });
  await until(() => c.events.some((e) => e.type === 'summary'), 5000, 'summary');
  const s = c.events.at(-1)!;
  assert.equal(s.type === 'summary' && s.status, 'stopped');
  await host.kill();
});

test('setInit restarts the run and a bad request becomes an error event, not a dead worker', async () => {
  const host = new WorkerHost(nodeWorker(workerBundle()));
  const c = collect(host);
  host.post({ type: 'start', config: spiral({ training: { epochs: 5000 } }) });
  await until(() => c.events.some((e) => e.type === 'step'), 20000, 'first step');
  host.post({ type: 'setInit', weights: { kind: 'zeros' } });
  await until(() => c.events.filter((e) => e.type === 'started').length === 2, 5000, 'second started');
  const started = c.events.filter((e) => e.type === 'started').at(-1)!;
  assert.equal(started.type === 'started' && started.config.init.weights.kind, 'zeros');
  host.post({ type: 'setLearningRate', learningRate: -1 });
  await until(() => c.events.some((e) => e.type === 'error'), 5000, 'error');
  const err = c.events.find((e) => e.type === 'error')!;
  assert.ok(err.type === 'error' && err.userError && /learning rate/.test(err.message));
  host.post({ type: 'start', config: spiral({ training: { epochs: 1 } }) });
  await until(() => c.events.filter((e) => e.type === 'summary').length >= 1, 20000, 'a summary after the error');
  await host.kill();
});

test('a killed worker is reported as unexpected and the next request starts a new one', async () => {
  const host = new WorkerHost(nodeWorker(workerBundle()));
  const exits: { unexpected: boolean; reason: string }[] = [];
  host.onExit((e) => exits.push(e));
  const c = collect(host);
  host.post({ type: 'start', config: spiral({ training: { epochs: 5000 } }) });
  await until(() => c.events.some((e) => e.type === 'step'), 20000, 'first step');
  // What an out-of-memory kill looks like from outside: the thread just ends.
  (host as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
  await until(() => exits.length === 1, 5000, 'exit');
  assert.equal(exits[0]!.unexpected, true);
  assert.equal(host.running, false);
  host.post({ type: 'start', config: spiral({ training: { epochs: 1 } }) });
  await until(() => c.events.some((e) => e.type === 'summary'), 20000, 'summary from the new worker');
  assert.equal(host.started, 2);
  await host.kill();
  assert.equal(exits.length, 2);
  assert.equal(exits[1]!.unexpected, false);
});
