/**
 * A run is never overwritten, with the real worker and real folders: Reset and a new
 * initialization each start a new run folder, and the run they cut short keeps its own,
 * recorded as stopped with the metrics it reached; a finished run reset keeps "finished".
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { pastRunMessage } from '../../extension/past-run';
import { RunController } from '../../extension/run-controller';
import { listRuns, readMetrics } from '../../extension/run-store';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import type { ControlValues } from '../../webview/protocol';
import { until, workerBundle } from './helpers';
import { nodeRunFiles } from '../../extension/run-files-node';

const controls: ControlValues = { init: 'glorot-uniform', optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 10, hidden: [8, 8], activation: 'tanh' };

async function withController(fn: (c: RunController, folder: string) => Promise<void>): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'gl-history-'));
  const c = new RunController(new WorkerHost(nodeWorker(workerBundle())), controls, { runsFolder: () => folder, runFiles: () => nodeRunFiles, updatesPerSecond: () => 30, log: (m) => process.env.GL_DEBUG && console.log(m) });
  try {
    await fn(c, folder);
  } finally {
    await c.dispose();
    await rm(folder, { recursive: true, force: true });
  }
}

const startedCount = async (dir: string) => (await readMetrics(nodeRunFiles, dir)).filter((e) => e.type === 'started').length;

test('Reset and a new init each start a new run folder; the runs they ended are stopped, with their own metrics', async () => {
  await withController(async (c, folder) => {
    const firstId = (await c.start(parseConfig({ name: 'long', dataset: 'circle', training: { epochs: 100000, batchSize: 8 } }))).runId;
    await until(() => (c.current?.epochs.length ?? 0) >= 2, 30000, 'two epochs');
    c.control('reset');
    await until(() => c.current?.runId !== firstId && (c.current?.steps.length ?? 0) > 0, 30000, 'the reset run');
    const secondId = c.current!.runId;
    assert.equal(c.setInit('he-normal'), 'restarted');
    await until(() => c.current?.runId !== secondId && (c.current?.steps.length ?? 0) > 0, 30000, 'the run with the new init');
    c.control('stop');
    await until(() => c.current?.status === 'stopped', 30000, 'stopped');
    await c.flushed();

    const runs = await listRuns(nodeRunFiles, folder);
    assert.equal(runs.length, 3, runs.map((r) => r.id).join(', '));
    const byId = new Map(runs.map((r) => [r.id, r]));
    const a = byId.get(firstId)!;
    const b = byId.get(secondId)!;
    const third = runs.find((r) => r.id !== firstId && r.id !== secondId)!;
    for (const r of runs) {
      assert.equal(r.damage, undefined, `${r.id}: ${r.damage}`);
      assert.equal(r.status, 'stopped', r.id);
      assert.equal(await startedCount(r.dir), 1, `${r.id} holds exactly one run`);
    }
    assert.ok(a.summary && 'epochs' in a.summary && a.summary.epochs >= 2, `the first run's summary has its own epochs: ${JSON.stringify(a.summary)}`);
    assert.match(JSON.stringify(a.summary), /Reset started a new run/);
    assert.match(JSON.stringify(b.summary), /the initialization he-normal started a new run/);
    assert.equal(a.config!.init.weights.kind, 'glorot-uniform');
    assert.equal(b.config!.init.weights.kind, 'glorot-uniform');
    assert.equal(third.config!.init.weights.kind, 'he-normal', 'the new run\'s config.json is the config it ran');
    // Each folder's epochs are its own: the reset run counts from epoch 1 again.
    const epochsOfB = (await readMetrics(nodeRunFiles, b.dir)).filter((e) => e.type === 'epoch');
    if (epochsOfB.length) assert.equal((epochsOfB[0] as { epoch: number }).epoch, 1);
    const past = await pastRunMessage(nodeRunFiles, a, controls);
    assert.equal(past.snapshot.status, 'stopped');
    assert.deepEqual(past.run.notes, ['Stopped: Reset started a new run.']);
    assert.equal(past.snapshot.epochs.length, (a.summary as { epochs: number }).epochs);
  });
});

test('Reset after a run finished keeps it finished and starts a new run', async () => {
  await withController(async (c, folder) => {
    const firstId = (await c.start(parseConfig({ name: 'short', dataset: 'circle', training: { epochs: 3, batchSize: 16 } }))).runId;
    await until(() => c.current?.status === 'finished', 30000, 'finished');
    await c.flushed();
    c.control('reset');
    await until(() => c.current?.runId !== firstId && c.current?.status === 'finished', 30000, 'the reset run to finish');
    await c.flushed();
    const runs = await listRuns(nodeRunFiles, folder);
    assert.deepEqual(runs.map((r) => [r.status, r.damage]), [['finished', undefined], ['finished', undefined]]);
    assert.equal(runs[1]!.id, firstId, 'the first run is the older one');
    for (const r of runs) assert.equal(await startedCount(r.dir), 1);
    // Reopened as a panel: the curves are the folder's own epochs, the numbers its summary's.
    const past = await pastRunMessage(nodeRunFiles, runs[1]!, controls);
    assert.equal(past.snapshot.runId, firstId);
    assert.equal(past.snapshot.status, 'finished');
    assert.deepEqual(past.snapshot.epochs.map((e) => e.epoch), [1, 2, 3]);
    assert.equal(past.snapshot.summary?.trainLoss, (runs[1]!.summary as { trainLoss: number }).trainLoss);
    assert.ok(past.snapshot.steps.length > 0 && past.snapshot.started?.config.name === 'short');
    assert.ok(past.run.config.some(([k, v]) => k === 'training.epochs' && v === '3'), JSON.stringify(past.run.config));
    assert.ok(past.run.data.some((l) => /^rows: \d+ for training, \d+ for validation$/.test(l)), past.run.data.join('; '));
    assert.deepEqual(past.run.notes, []);
    assert.equal(past.run.canTrainAgain, true);
  });
});
