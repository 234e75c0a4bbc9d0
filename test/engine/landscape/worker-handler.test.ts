import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../../engine/config-parse';
import { JobDriver, serveJobs } from '../../../engine/job-driver';
import type { JobReply } from '../../../engine/protocol/job';
import { landscapeJobs, trajectoryObserver } from '../../../engine/landscape/worker-handler';
import type { LandscapeWorkerEvent } from '../../../engine/protocol/landscape';
import { TrajectoryRecorder } from '../../../engine/landscape/trajectory-recorder';
import { race } from '../../../engine/landscape/race';
import { testFunction } from '../../../shared/test-functions';
import type { EngineEvent, EngineRequest, TrainerEvent } from '../../../engine/protocol/training';
import { TrainingSession, WorkerMessage } from '../../../engine/session';
import { WorkerHost } from '../../../extension/worker-host';
import { nodeWorker } from '../../../extension/worker-node';
import { until, workerBundle } from '../../extension/helpers';

/** A session serving the landscape jobs (every step reported), and everything it posted, in order. */
function session(sliceMs = 2) {
  const log: ({ kind: 'probe'; event: EngineEvent } | { kind: 'train'; event: TrainerEvent })[] = [];
  const messages: WorkerMessage[] = [];
  const trajectory = new TrajectoryRecorder();
  const s = new TrainingSession((m) => {
    messages.push(m);
    if (m.type === 'probe') log.push({ kind: 'probe', event: m.event });
    if (m.type === 'events') for (const e of m.events) log.push({ kind: 'train', event: e });
  }, { probes: [serveJobs(landscapeJobs(trajectory), new JobDriver({ sliceMs, progressMs: 0 })), trajectoryObserver(trajectory)] });
  /** The replies to job `id`. */
  const replies = (id: number) => log.flatMap((l) => (l.kind === 'probe' && 'id' in l.event && l.event.id === id ? [l.event as JobReply] : []));
  /** The answer's pieces (partials) and the answer itself, of job `id`. */
  const probes = (id: number): LandscapeWorkerEvent[] => replies(id).flatMap((r) => (r.type === 'result' ? [r.value] : r.type === 'progress' && r.partial ? [r.partial] : []) as LandscapeWorkerEvent[]);
  const steps = () => log.filter((l) => l.kind === 'train' && l.event.type === 'step').length;
  const ask = (req: EngineRequest) => void s.handle(req);
  return { s, log, messages, replies, probes, steps, ask };
}

/** A run long enough to be still training while the probes run. */
const longRun = (epochs = 100000) => parseConfig({ dataset: { synthetic: 'spiral', samples: 500 }, model: { hidden: [8, 8] }, training: { epochs, batchSize: 32 } });

async function startRun(t: ReturnType<typeof session>, epochs = 3): Promise<void> {
  await t.s.handle({ type: 'start', config: longRun() });
  await until(() => t.log.filter((l) => l.kind === 'train' && l.event.type === 'epoch').length >= epochs, 20000, `${epochs} epochs`);
}

test('a slice of the running model: progress per row, the grid, the recorded path — and training keeps stepping meanwhile', async () => {
  const t = session();
  await startRun(t);
  const before = t.log.length;
  t.ask({ type: 'landscape', id: 7, directions: 'random', resolution: 41, trajectory: true });
  await until(() => t.probes(7).some((e) => e.type === 'landscape'), 30000, 'slice');
  const progress = t.replies(7).filter((e) => e.type === 'progress');
  // A progress reply per row, then the result.
  assert.deepEqual(progress.map((e) => e.type === 'progress' && Math.round(e.fraction * 41)), Array.from({ length: 41 }, (_, i) => i + 1));
  assert.deepEqual(t.replies(7).map((r) => r.type).slice(-2), ['progress', 'result']);
  const slice = t.probes(7).at(-1)!;
  assert.ok(slice.type === 'landscape');
  assert.equal(slice.grid.values.length, 41 * 41);
  assert.equal(slice.grid.values[20 * 41 + 20], Math.fround(slice.centerLoss), 'the centre of the grid is the loss at the weights');
  assert.ok(slice.grid.values.every((v) => v !== null && v >= slice.grid.min.value));
  // The path: the start (step 0) and one point per epoch end, ending at the slice's weights (0, 0).
  const path = slice.trajectory!;
  assert.equal(path.steps[0], 0);
  assert.ok(path.steps.length >= 4, `${path.steps.length} points`);
  assert.equal(path.steps.at(-1), slice.step);
  assert.ok(Math.abs(path.alpha.at(-1)!) < 1e-9 && Math.abs(path.beta.at(-1)!) < 1e-9);
  // Training steps were posted between the first row and the finished slice: the slice did not block the run.
  const firstRow = t.log.findIndex((l, i) => i >= before && l.kind === 'probe' && l.event.type === 'progress');
  const done = t.log.findIndex((l) => l.kind === 'probe' && l.event.type === 'result');
  const interleaved = t.log.slice(firstRow, done).filter((l) => l.kind === 'train' && l.event.type === 'step').length;
  assert.ok(interleaved > 0, 'training steps arrived while the slice was computed');
  assert.equal(t.s.state, 'running');
  await t.s.handle({ type: 'stop' });
});

test('cancel stops a slice at its next row with a cancelled reply; the run goes on', async () => {
  const t = session();
  await startRun(t, 1);
  t.ask({ type: 'landscape', id: 3, directions: 'random', resolution: 301 });
  await until(() => t.replies(3).some((e) => e.type === 'progress'), 20000, 'first row');
  t.ask({ type: 'cancel', id: 3 });
  await until(() => t.replies(3).some((e) => e.type === 'cancelled'), 20000, 'cancelled');
  const rows = t.replies(3).filter((e) => e.type === 'progress').length;
  assert.ok(rows < 301, `stopped after ${rows} of 301 rows`);
  assert.ok(!t.replies(3).some((e) => e.type === 'result'));
  const steps = t.steps();
  await until(() => t.steps() > steps + 10, 20000, 'more steps');
  assert.equal(t.s.state, 'running');
  await t.s.handle({ type: 'stop' });
});

test('PCA directions: the plane of the recorded path, which covers the grid and ends at the centre', async () => {
  const t = session();
  await startRun(t, 4);
  await t.s.handle({ type: 'pause' });
  await t.s.handle({ type: 'landscape', id: 9, directions: 'pca', resolution: 21 });
  const slice = t.probes(9).at(-1)!;
  assert.ok(slice.type === 'landscape' && slice.explained && slice.trajectory);
  assert.ok(slice.explained[0] >= slice.explained[1] && slice.explained[0] + slice.explained[1] <= 1 + 1e-9);
  const half = slice.grid.xAxis.at(-1)!;
  for (const v of [...slice.trajectory.alpha, ...slice.trajectory.beta]) assert.ok(Math.abs(v) <= half, `${v} inside ±${half}`);
  assert.ok(Math.abs(slice.trajectory.alpha.at(-1)!) < 1e-9);
  await t.s.handle({ type: 'stop' });
});

test('curvature, exact surfaces and the convexity comparison answer with their ids', async () => {
  const t = session();
  await startRun(t, 1);
  await t.s.handle({ type: 'pause' });
  await t.s.handle({ type: 'curvature', id: 1, options: { maxIterations: 50 } });
  const c = t.probes(1)[0]!;
  assert.ok(c.type === 'curvature' && ['convex', 'saddle', 'plateau', 'flat'].includes(c.verdict) && c.lambdaMax >= c.lambdaMin);
  await t.s.handle({ type: 'surface', id: 2, loss: 'binary-cross-entropy', data: { builtIn: 'classification' }, resolution: 31 });
  await t.s.handle({ type: 'surface', id: 4, loss: 'mse-on-sigmoid', data: { builtIn: 'classification' }, resolution: 31 });
  const ce = t.probes(2)[0]!, mse = t.probes(4)[0]!;
  assert.ok(ce.type === 'surface' && mse.type === 'surface');
  assert.equal(ce.convexity.violations, 0);
  assert.ok(mse.convexity.violations > 0);
  // The run's own data: spiral's first feature, after the run's split.
  await t.s.handle({ type: 'convexity', id: 5, data: { feature: 0 }, resolution: 21, steps: 50 });
  const cmp = t.probes(5)[0]!;
  assert.ok(cmp.type === 'convexity');
  assert.match(cmp.description, /spiral/);
  assert.deepEqual(cmp.panels.map((p) => p.loss), ['mse-on-sigmoid', 'binary-cross-entropy']);
  assert.ok(cmp.panels.every((p) => p.path.w.length === 51 && p.path.w[0] === -4 && p.path.b[0] === 4));
  await t.s.handle({ type: 'stop' });
});

test('a race streams frames that add up to the engine\'s own race, step for step', async () => {
  const t = session();
  const racers = [
    { label: 'sgd', optimizer: { kind: 'sgd' as const, learningRate: 0.001 } },
    { label: 'adam', optimizer: { kind: 'adam' as const, learningRate: 0.05 } },
  ];
  await t.s.handle({ type: 'race', id: 11, surface: 'rosenbrock', racers, steps: 1000, start: [-1.5, 2], frameEvery: 64 });
  const frames = t.probes(11);
  assert.ok(frames.length >= 16 && frames.every((f) => f.type === 'race'));
  const joined = racers.map(() => ({ xs: [] as number[], ys: [] as number[] }));
  let next = 0;
  for (const f of frames) {
    assert.ok(f.type === 'race');
    assert.equal(f.from, next, 'frames follow each other without gaps');
    f.racers.forEach((r, i) => {
      joined[i]!.xs.push(...r.xs);
      joined[i]!.ys.push(...r.ys);
    });
    next = f.step + 1;
    assert.equal(f.done, f === frames.at(-1));
  }
  const expected = race(testFunction('rosenbrock'), racers, [-1.5, 2], 1000);
  expected.forEach((p, i) => {
    assert.deepEqual(joined[i]!.xs, p.xs);
    assert.deepEqual(joined[i]!.ys, p.ys);
  });
  const adam = joined[1]!;
  assert.ok(Math.hypot(adam.xs.at(-1)! - 1, adam.ys.at(-1)! - 1) < 0.05, 'Adam reaches (1, 1)');
});

test('a race on the model\'s own slice runs while training, and can be cancelled', async () => {
  const t = session();
  await startRun(t, 1);
  t.ask({ type: 'race', id: 12, surface: { slice: { seed: 2 } }, racers: [{ label: 'momentum', optimizer: { kind: 'momentum', learningRate: 0.01 } }], steps: 1_000_000, frameEvery: 5 });
  await until(() => t.probes(12).length >= 3, 20000, 'frames');
  const first = t.probes(12)[0]!;
  assert.ok(first.type === 'race' && first.racers[0]!.xs[0] === 0 && first.racers[0]!.ys[0] === 0);
  t.ask({ type: 'cancel', id: 12 });
  await until(() => t.replies(12).some((e) => e.type === 'cancelled'), 20000, 'cancelled');
  assert.equal(t.s.state, 'running');
  await t.s.handle({ type: 'stop' });
});

test('what cannot be answered becomes a failed reply for that id, and the run is not harmed', async () => {
  const t = session();
  await t.s.handle({ type: 'landscape', id: 20, directions: 'random' });
  await t.s.handle({ type: 'surface', id: 21, loss: 'mse', data: { feature: 0 } });
  await t.s.handle({ type: 'surface', id: 22, loss: 'mse-on-sigmoid', data: { builtIn: 'regression' } });
  await t.s.handle({ type: 'surface', id: 23, loss: 'mse', data: { builtIn: 'regression' }, resolution: 5000 });
  await t.s.handle({ type: 'race', id: 24, surface: 'bowl', racers: [{ label: 'x', optimizer: { kind: 'sgd', learningRate: -1 } }], steps: 10 });
  for (const [id, pattern] of [[20, /needs a run/], [21, /needs a run/], [22, /two classes/], [23, /resolution/], [24, /learning rate/]] as const) {
    const e = t.replies(id)[0];
    assert.ok(e?.type === 'failed' && e.userError, `id ${id}: ${JSON.stringify(e)}`);
    assert.match(e.message, pattern);
  }
  // A failed probe is no training error: a run started afterwards trains as usual.
  assert.ok(!t.messages.some((m) => m.type === 'events' && m.events.some((e) => e.type === 'error')));
  await t.s.handle({ type: 'start', config: longRun(2) });
  await until(() => t.s.state === 'done', 20000, 'run done');
  await t.s.handle({ type: 'landscape', id: 25, directions: 'pca', resolution: 11 });
  // Two epochs give three points (start + 2 epoch ends): enough for a PCA plane.
  assert.equal(t.replies(25).at(-1)?.type, 'result');
  assert.equal(t.probes(25).at(-1)?.type, 'landscape');
});

test('the worker bundle answers landscape requests with job replies', async () => {
  const host = new WorkerHost(nodeWorker(workerBundle()));
  const got: EngineEvent[] = [];
  host.onMessage((m) => m.type === 'probe' && got.push(m.event));
  host.post({ type: 'surface', id: 31, loss: 'hinge', data: { builtIn: 'classification' }, resolution: 11 });
  await until(() => got.length > 0, 20000, 'surface');
  await host.kill();
  const r = got[0]!;
  assert.ok(r.type === 'result' && r.id === 31, JSON.stringify(r));
  const e = r.value as LandscapeWorkerEvent;
  assert.ok(e.type === 'surface' && e.id === 31 && e.convexity.violations === 0 && e.grid.values.length === 121);
});
