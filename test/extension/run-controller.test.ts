import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { RunController } from '../../extension/run-controller';
import { listRuns, readMetrics } from '../../extension/run-store';
import { WorkerHost } from '../../extension/worker-host';
import type { ControlValues, ToWebview } from '../../webview/protocol';
import { until, workerBundle } from './helpers';

const controls: ControlValues = { init: 'glorot-uniform', optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 10, hidden: [8, 8], activation: 'tanh' };

async function withController(fn: (c: RunController, folder: string, sent: ToWebview[]) => Promise<void>, rate = 30) {
  const folder = await mkdtemp(join(tmpdir(), 'gl-runs-'));
  const c = new RunController(new WorkerHost(workerBundle()), controls, { runsFolder: () => folder, updatesPerSecond: () => rate, log: () => {} });
  const sent: ToWebview[] = [];
  c.onViewMessage((m) => sent.push(m));
  try {
    await fn(c, folder, sent);
  } finally {
    await c.dispose();
    await rm(folder, { recursive: true, force: true });
  }
}

/** Event-loop delay of this process with nothing to do: what the machine's load alone costs. */
async function idleDelayMs(ms: number): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  await new Promise((r) => setTimeout(r, ms));
  h.disable();
  return h.max / 1e6;
}

test('the extension host event loop stays under 50 ms of delay while a run trains', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'gl-runs-'));
  const host = new WorkerHost(workerBundle());
  // Listeners run in order: these two bracket the controller's own handling of each message.
  let t0 = 0, longestHandling = 0, messages = 0;
  host.onMessage(() => (t0 = performance.now()));
  const c = new RunController(host, controls, { runsFolder: () => folder, updatesPerSecond: () => 30, log: () => {} });
  host.onMessage(() => {
    messages++;
    longestHandling = Math.max(longestHandling, performance.now() - t0);
  });
  try {
    const idle = await idleDelayMs(1000);
    const h = monitorEventLoopDelay({ resolution: 5 });
    // Small batches make many steps: the most the host has to absorb (tens of thousands a second).
    await c.start(parseConfig({ dataset: { synthetic: 'spiral', samples: 4000 }, training: { epochs: 120, batchSize: 4 } }));
    h.enable();
    const start = Date.now();
    await until(() => c.current?.status === 'finished', 120000, 'finished');
    h.disable();
    await c.flushed();
    const max = h.max / 1e6, p99 = h.percentile(99) / 1e6;
    console.log(
      `# event-loop delay over ${Date.now() - start} ms of training (${c.current!.summary!.steps} steps, ${messages} messages): ` +
        `max ${max.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; idle max ${idle.toFixed(1)} ms; longest message handling ${longestHandling.toFixed(1)} ms`,
    );
    // What training itself costs the host: its handling of worker messages, well under 50 ms.
    assert.ok(longestHandling < 20, `handling one worker message took ${longestHandling} ms`);
    // What the loop saw, less what the machine's load alone causes (2 shared cores, other tests).
    assert.ok(p99 < 50, `p99 event-loop delay ${p99} ms`);
    assert.ok(max < 50 + idle, `max event-loop delay ${max} ms (idle ${idle} ms)`);
    assert.ok(c.current!.steps.length <= 2001, 'the snapshot stays bounded');
  } finally {
    await c.dispose();
    await rm(folder, { recursive: true, force: true });
  }
});

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

    const runs = await listRuns(folder);
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.id, run.runId);
    assert.equal(runs[0]!.status, 'finished');
    assert.equal(runs[0]!.name, 'circle test');
    const files = (await readdir(runs[0]!.dir)).sort();
    assert.deepEqual(files, ['config.json', 'metrics.jsonl', 'summary.json', 'weights.bin', 'weights.json']);
    const metrics = await readMetrics(runs[0]!.dir);
    assert.equal(metrics[0]!.type, 'started');
    assert.equal(metrics.at(-1)!.type, 'summary');
    const index = JSON.parse(await readFile(join(runs[0]!.dir, 'weights.json'), 'utf8'));
    const bin = await readFile(join(runs[0]!.dir, 'weights.bin'));
    const floats = index.params.reduce((n: number, p: { length: number }) => n + p.length, 0);
    assert.equal(bin.length, floats * 4);
  }, 10);
});

test('a diverged run says so and restarting it lowers the learning rate tenfold', async () => {
  await withController(async (c) => {
    await c.start(parseConfig({
      dataset: { synthetic: 'plane', samples: 200 }, features: { standardize: false }, model: { hidden: [16, 16], activation: 'relu' },
      optimizer: { kind: 'sgd', learningRate: 5 }, training: { epochs: 50, batchSize: 20 },
    }));
    await until(() => c.current?.status === 'diverged', 30000, 'diverged');
    assert.match(c.current!.message!, /diverged.*lower the learning rate/i);
    const diverged = c.current!.runId;
    assert.ok(c.restartWithLowerLearningRate());
    await until(() => c.current?.runId !== diverged && c.current?.started !== undefined, 30000, 'restart');
    assert.equal(c.current!.started!.config.optimizer.learningRate, 0.5);
  });
});

test('changing the init restarts the run; changing the optimizer continues it', async () => {
  await withController(async (c) => {
    await c.start(parseConfig({ dataset: 'circle', training: { epochs: 100000 } }));
    await until(() => (c.current?.steps.length ?? 0) > 5, 20000, 'steps');
    assert.equal(c.setOptimizer('rmsprop'), 'continued');
    assert.equal(c.setInit('he-normal'), 'restarted');
    await until(() => c.current?.started?.config.init.weights.kind === 'he-normal', 10000, 'restart with he-normal');
    c.control('stop');
    await until(() => c.current?.status === 'stopped', 10000, 'stopped');
    assert.equal(c.setInit('zeros'), 'next-run');
  });
});
