import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { ProbeHandler } from '../../engine/probe-handler';
import { TrainingSession, WorkerMessage } from '../../engine/session';

function until(_messages: WorkerMessage[], done: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const check = () => (done() ? resolve() : Date.now() > end ? reject(new Error('timed out')) : setTimeout(check, 5));
    check();
  });
}

test('requests that are not training control go to the probe handler for their type, with the current run', async () => {
  const seen: string[] = [];
  const handler: ProbeHandler = {
    types: ['countParams'],
    handle(_req, ctx) {
      seen.push('countParams');
      ctx.post({ type: 'error', message: `params ${ctx.trainer?.model.parameterCount}, rows ${ctx.data?.train.rows}`, userError: false });
    },
  };
  const messages: WorkerMessage[] = [];
  const session = new TrainingSession((m) => messages.push(m), { probes: [handler] });
  const config = parseConfig({ dataset: { synthetic: 'xor', samples: 100 }, training: { epochs: 2 } });
  await session.handle({ type: 'start', config, probes: { symmetryEvery: 4 } });
  await until(messages, () => session.state === 'done');
  await session.handle({ type: 'countParams' } as never);
  assert.deepEqual(seen, ['countParams']);
  const probe = messages.find((m) => m.type === 'probe');
  assert.ok(probe && probe.type === 'probe' && probe.event.type === 'error');
  assert.equal(probe.event.type === 'error' && probe.event.message, 'params 105, rows 80');
  const symmetry = messages.flatMap((m) => (m.type === 'events' ? m.events : [])).filter((e) => e.type === 'symmetry');
  assert.deepEqual(symmetry.map((e) => e.step), [0, 4]); // 3 steps per epoch × 2 epochs = 6 steps
});

test('an unknown request type becomes an error event, and the session keeps working', async () => {
  const messages: WorkerMessage[] = [];
  const session = new TrainingSession((m) => messages.push(m));
  await session.handle({ type: 'frobnicate' } as never);
  const errors = messages.flatMap((m) => (m.type === 'events' ? m.events : [])).filter((e) => e.type === 'error');
  assert.equal(errors.length, 1);
  await session.handle({ type: 'start', config: parseConfig({ dataset: { synthetic: 'gauss', samples: 50 }, training: { epochs: 1 } }) });
  await until(messages, () => session.state === 'done');
});
