import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { RunController } from '../../extension/run-controller';
import { listRuns, readMetrics } from '../../extension/run-store';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import type { ControlValues, ToWebview } from '../../webview/protocol';
import { until, workerBundle } from './helpers';
import { nodeRunFiles } from '../../extension/run-files-node';

const controls: ControlValues = { init: 'glorot-uniform', optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 10, hidden: [8, 8], activation: 'tanh' };

async function withController(fn: (c: RunController, folder: string, sent: ToWebview[]) => Promise<void>, rate = 30) {
  const folder = await mkdtemp(join(tmpdir(), 'gl-runs-'));
  const c = new RunController(new WorkerHost(nodeWorker(workerBundle())), controls, { runsFolder: () => folder, runFiles: () => nodeRunFiles, updatesPerSecond: () => rate, log: () => {} });
  const sent: ToWebview[] = [];
  c.onViewMessage((m) => sent.push(m));
  try {
    await fn(c, folder, sent);
  } finally {
    await c.dispose();
    await rm(folder, { recursive: true, force: true });
  }
}


test('views get at most the update rate, a late view gets a replay, and the run is saved', async () => {
  await withController(async (c, folder, sent) => {
    const run = await c.start(parseConfig({ name: 'circle test', dataset: 'circle', training: { epochs: 30, batchSize: 4 } }));
    const t0 = Date.now();
    await until(() => c.current?.status === 'finished', 60000, 'finished');
    const seconds = (Date.now() - t0) / 1000;
    await c.flushed();
    const eventMessages = sent.filter((m) => m.type === 'events').length;
    assert.ok(eventMessages <= seconds * 10 + 5, `${eventMessages} event messages in ${seconds}s at 10/s`);
    const replay = c.replay();
    assert.equal(replay.type, 'snapshot');
    assert.ok(replay.type === 'snapshot' && replay.snapshot?.summary?.status === 'finished');
    assert.ok(replay.type === 'snapshot' && replay.snapshot!.epochs.length === 30);

    const runs = await listRuns(nodeRunFiles, folder);
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.id, run.runId);
    assert.equal(runs[0]!.status, 'finished');
    assert.equal(runs[0]!.name, 'circle test');
    const files = (await readdir(runs[0]!.dir)).sort();
    assert.deepEqual(files, ['config.json', 'metrics.jsonl', 'model.json', 'summary.json', 'weights.bin', 'weights.json']);
    const metrics = await readMetrics(nodeRunFiles, runs[0]!.dir);
    assert.equal(metrics[0]!.type, 'started');
    assert.equal(metrics.at(-1)!.type, 'summary');
    const index = JSON.parse(await readFile(join(runs[0]!.dir, 'weights.json'), 'utf8'));
    const bin = await readFile(join(runs[0]!.dir, 'weights.bin'));
    const floats = index.params.reduce((n: number, p: { length: number }) => n + p.length, 0);
    assert.equal(bin.length, floats * 4);
    // The model bundle describes the same weights, so predict and export can use the run.
    const model = JSON.parse(await readFile(join(runs[0]!.dir, 'model.json'), 'utf8'));
    assert.equal(model.format, 'gradient-lab-model');
    assert.deepEqual(model.weights.params, index.params);
    assert.deepEqual(model.output.classes, ['0', '1']);
    assert.deepEqual(model.transforms.map((t: { type: string }) => t.type), ['standardize']);
  }, 10);
});

test('a diverged run says so and restarting it lowers the learning rate tenfold (the rate its advice names)', async () => {
  await withController(async (c) => {
    await c.start(parseConfig({
      dataset: { synthetic: 'plane', samples: 200 }, features: { standardize: false }, model: { hidden: [16, 16], activation: 'relu' },
      optimizer: { kind: 'sgd', learningRate: 5 }, training: { epochs: 50, batchSize: 20 },
    }));
    await until(() => c.current?.status === 'diverged', 30000, 'diverged');
    assert.match(c.current!.message!, /diverged.*lower the learning rate/i);
    const advice = c.current!.message!;
    const diverged = c.current!.runId;
    assert.ok(c.restartWithLowerLearningRate());
    await until(() => c.current?.runId !== diverged && c.current?.started !== undefined, 30000, 'restart');
    assert.equal(c.current!.started!.config.optimizer.learningRate, 0.5);
    assert.match(advice, /from 5 to 0\.5\b/, 'the restart uses the rate the advice named');
  });
});

test('a divergence blamed on the initialization restarts from glorot-uniform weights, keeping the rest', async () => {
  await withController(async (c) => {
    await c.start(parseConfig({ dataset: { synthetic: 'spiral' }, init: 'normal:0:1e30', optimizer: { kind: 'adam', learningRate: 0.01 }, training: { epochs: 20 } }));
    await until(() => c.current?.status === 'diverged', 30000, 'diverged');
    assert.equal(c.current!.divergedCause, 'initialization');
    assert.match(c.current!.message!, /start from smaller weights/);
    const diverged = c.current!.runId;
    assert.ok(c.restartWithSmallerInit());
    await until(() => c.current?.runId !== diverged && c.current?.started !== undefined, 30000, 'restart');
    assert.equal(c.current!.started!.config.init.weights.kind, 'glorot-uniform');
    assert.equal(c.current!.started!.config.optimizer.learningRate, 0.01, 'the learning rate was not the cause: unchanged');
    assert.equal(c.controls.init, 'glorot-uniform', 'the controls show what the new run uses');
  });
});

test('changing the init restarts the run; changing the optimizer continues it', async () => {
  await withController(async (c) => {
    await c.start(parseConfig({ dataset: 'circle', training: { epochs: 100000 } }));
    await until(() => (c.current?.steps.length ?? 0) > 5, 20000, 'steps');
    // The controls show what the worker acknowledged, not what was asked before it answered.
    const lr = c.controls.learningRate;
    assert.equal(c.setLearningRate(lr * 2), 'continued');
    assert.equal(c.controls.learningRate, lr, 'not yet acknowledged: the controls still show the rate the run uses');
    await until(() => c.controls.learningRate === lr * 2, 10000, 'the acknowledged rate');
    assert.equal(c.setOptimizer('rmsprop'), 'continued');
    assert.notEqual(c.controls.optimizer, 'rmsprop');
    await until(() => c.controls.optimizer === 'rmsprop', 10000, 'the acknowledged optimizer');
    assert.equal(c.setInit('he-normal'), 'restarted');
    await until(() => c.current?.started?.config.init.weights.kind === 'he-normal', 10000, 'restart with he-normal');
    await until(() => c.controls.init === 'he-normal', 10000, 'the acknowledged init');
    c.control('stop');
    await until(() => c.current?.status === 'stopped', 10000, 'stopped');
    assert.equal(c.setInit('zeros'), 'next-run');
  });
});

test('a control the worker does not acknowledge within 2 s says so in the run and to views; the ack clears it', async () => {
  // A real worker that reads requests and never answers (a worker stuck in a long computation).
  const dir = await mkdtemp(join(tmpdir(), 'gl-mute-'));
  const script = join(dir, 'mute-worker.js');
  await writeFile(script, "require('node:worker_threads').parentPort.on('message', () => {});\n");
  const host = new WorkerHost(nodeWorker(script));
  const c = new RunController(host, controls, { runsFolder: () => undefined, runFiles: () => nodeRunFiles, updatesPerSecond: () => 30, log: () => {} });
  const sent: ToWebview[] = [];
  c.onViewMessage((m) => sent.push(m));
  try {
    await c.start(parseConfig({ name: 'mute', dataset: 'circle' }));
    let settled = false;
    const pause = c.control('pause').then(() => (settled = true));
    await until(() => sent.some((m) => m.type === 'notice' && m.notice !== null), 10_000, 'the notice');
    assert.match(c.current!.notice ?? '', /^Pause: sent 2 s ago, not yet acknowledged by the training worker — it is queued, not lost\.$/);
    assert.equal(settled, false, 'the control is still waiting, not dropped');
    // The worker ends: the control settles (unacknowledged), so nothing waits for ever.
    await c.dispose();
    await pause;
  } finally {
    await c.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});
