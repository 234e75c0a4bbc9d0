/**
 * The extension's job client against real workers: an in-process TrainingSession serving the
 * landscape jobs (as engine/node/worker.ts does), and the worker bundle itself.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serveJobs } from '../../engine/job-driver';
import type { ProgressReply } from '../../engine/protocol/job';
import type { RaceEvent, SurfaceEvent } from '../../engine/protocol/landscape';
import { TrajectoryRecorder } from '../../engine/landscape/trajectory-recorder';
import { landscapeJobs } from '../../engine/landscape/worker-handler';
import type { EngineEvent, EngineRequest } from '../../engine/protocol/training';
import { TrainingSession } from '../../engine/session';
import { JobClient, JobEnded, workerTarget, type JobTarget } from '../../extension/job-client';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import { until, workerBundle } from './helpers';

/** A session in this thread as a job target, with every request it was sent. */
function sessionTarget(): JobTarget & { sent: EngineRequest[]; listeners: number } {
  const listeners = new Set<(e: EngineEvent) => void>();
  const sent: EngineRequest[] = [];
  const session = new TrainingSession((m) => m.type === 'probe' && listeners.forEach((l) => l(m.event)), { probes: [serveJobs(landscapeJobs(new TrajectoryRecorder()))] });
  return {
    sent,
    get listeners() {
      return listeners.size;
    },
    post: (req) => {
      sent.push(req);
      void session.handle(req);
    },
    listen: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

const racers = [{ label: 'adam', optimizer: { kind: 'adam' as const, learningRate: 0.05 } }];

test('two clients on one worker: each gets its own answers, progress with partial frames, and failures as JobEnded', async () => {
  const target = sessionTarget();
  const a = new JobClient(), b = new JobClient();
  const frames: ProgressReply[] = [];
  const raced = a.request<RaceEvent>(target, { type: 'race', surface: 'bowl', racers, steps: 500, frameEvery: 100 }, (p) => frames.push(p));
  const noRun = b.request(target, { type: 'curvature' });
  await assert.rejects(noRun, (e: unknown) => e instanceof JobEnded && !e.cancelled && e.userError && /needs a run/.test(e.message));
  const last = await raced;
  assert.ok(last.done && last.step === 500, JSON.stringify(last).slice(0, 200));
  const partial = frames.filter((f) => f.partial).map((f) => (f.partial as RaceEvent).step);
  assert.deepEqual(partial, [100, 200, 300, 400], 'a frame every 100 steps, the last one the result');
  const ids = target.sent.map((r) => (r as { id: number }).id);
  assert.equal(new Set(ids).size, 2, 'ids are unique across clients');
  assert.deepEqual(a.pending, []);
  assert.deepEqual(b.pending, []);
});

test('cancelAll ends a running job as cancelled; dispose cancels what runs and stops listening', async () => {
  const target = sessionTarget();
  const client = new JobClient();
  let progressed = 0;
  const long = client.request(target, { type: 'race', surface: 'bowl', racers, steps: 1_000_000, frameEvery: 5 }, () => progressed++);
  await until(() => progressed > 0, 20000, 'progress');
  client.cancelAll();
  await assert.rejects(long, (e: unknown) => e instanceof JobEnded && e.cancelled);
  const other = client.request(target, { type: 'race', surface: 'bowl', racers, steps: 1_000_000, frameEvery: 5 });
  void other.catch(() => undefined);
  const id = (target.sent.at(-1) as { id: number }).id;
  client.dispose();
  assert.deepEqual(target.sent.at(-1), { type: 'cancel', id });
  assert.equal(target.listeners, 0);
});

test('the worker bundle answers through a panel worker target', async () => {
  const host = new WorkerHost(nodeWorker(workerBundle()));
  const client = new JobClient();
  try {
    const e = await client.request<SurfaceEvent>(workerTarget(host), { type: 'surface', loss: 'hinge', data: { builtIn: 'classification' }, resolution: 11 });
    assert.ok(e.type === 'surface' && e.convexity.violations === 0 && e.grid.values.length === 121);
  } finally {
    client.dispose();
    await host.kill();
  }
});
