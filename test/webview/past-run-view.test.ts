/**
 * The training panel showing a saved run: the real webview bundle in headless Chromium, in the
 * page the extension serves, fed what extension/past-run.ts reads from a real run's folder.
 * Read-only (no run buttons), its curves are the folder's epochs, its config is listed, the
 * settings are labelled as the next run's, and Train Again asks the extension.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { pastRunMessage } from '../../extension/past-run';
import { RunController } from '../../extension/run-controller';
import { listRuns, readMetrics } from '../../extension/run-store';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import type { ControlValues, ToWebview } from '../../webview/protocol';
import { chromiumMissing } from '../browser';
import { until, workerBundle } from '../extension/helpers';
import { ARTIFACTS, type PageLab, startPageLab } from './page-harness';
import { nodeRunFiles } from '../../extension/run-files-node';

const skip = chromiumMissing();
const controls: ControlValues = { init: 'he-normal', optimizer: 'sgd', learningRate: 0.1, batchSize: 8, epochs: 7, hidden: [5, 3], activation: 'relu' };
let lab: PageLab;
let folder = '';
let message: ToWebview;
let trainLosses: number[] = [];

before(async () => {
  if (skip) return;
  folder = await mkdtemp(join(tmpdir(), 'gl-past-'));
  const c = new RunController(new WorkerHost(nodeWorker(workerBundle())), controls, { runsFolder: () => folder, runFiles: () => nodeRunFiles, updatesPerSecond: () => 30, log: () => {} });
  await c.start(parseConfig({ name: 'moons run', dataset: 'moons', model: { hidden: [8, 8], activation: 'tanh' }, training: { epochs: 15, batchSize: 16 } }));
  await until(() => c.current?.status === 'finished', 30000, 'finished');
  await c.flushed();
  await c.dispose();
  const [run] = await listRuns(nodeRunFiles, folder);
  trainLosses = (await readMetrics(nodeRunFiles, run!.dir)).filter((e) => e.type === 'epoch').map((e) => (e as { trainLoss: number }).trainLoss);
  message = await pastRunMessage(nodeRunFiles, run!, controls);
  lab = await startPageLab({ views: ['panel'] });
});

after(async () => {
  await lab?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

test('a saved run shows its own curves and config read-only; the controls are the next run\'s; Train Again asks the extension', { skip }, async () => {
  const p = await lab.open({ settle: 'frames' });
  await p.send(message);
  const p4 = (v: number) => Number(v.toPrecision(4));
  const summary = await p.page.innerText('#chart-loss-summary');
  assert.match(summary, new RegExp(`latest:.*train loss ${p4(trainLosses.at(-1)!)}`));
  assert.match(summary, new RegExp(`At the start:.*train loss ${p4(trainLosses[0]!)}`));
  assert.equal(trainLosses.length, 15);
  assert.equal((await p.page.innerText('dd[data-counter="epoch"]')).trim(), '15 / 15');
  assert.equal(await p.page.getAttribute('p.status', 'data-status'), 'finished');
  assert.match(await p.page.innerText('p.status'), /saved run, read-only/);
  assert.ok(await p.page.isHidden('.buttons'), 'no run buttons on a saved run');
  assert.match(await p.page.innerText('.past-run'), /Status: finished/);
  await p.page.click('.past-run summary');
  const rows = await p.page.$$eval('.past-run-config tr', (trs) => trs.map((tr) => (tr as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()));
  for (const row of ['model.activation tanh', 'training.epochs 15', 'dataset.synthetic moons', 'data task classification, 2 classes (0, 1)']) assert.ok(rows.includes(row), `${row} in ${rows.join(' | ')}`);
  // The settings form shows the controls (the next run's), and says this run used others.
  assert.equal(await p.page.inputValue('#hidden').catch(async () => p.page.$eval('#hidden', (el) => (el as unknown as { value: string }).value)), '5, 3');
  assert.match(await p.page.innerText('#next-run-note'), /^Settings for the next run \(Train Again uses this saved run's own\)\. This saved run used: 8,8 tanh · adam 0\.01 · glorot-uniform · 15 epochs · batch 16\.$/);
  await p.page.click('#train-again');
  assert.deepEqual((await p.sent()).filter((m) => m.type !== 'ready'), [{ type: 'trainAgain' }]);
  // Live events for another run do not draw over the saved one.
  await p.send({ type: 'events', runId: message.type === 'pastRun' ? message.snapshot.runId : '', events: [{ type: 'epoch', epoch: 16, step: 999, trainLoss: 9, layers: [] }] });
  assert.equal((await p.page.innerText('dd[data-counter="epoch"]')).trim(), '15 / 15');
  await p.page.screenshot({ path: join(ARTIFACTS, 'past-run-panel.png'), fullPage: true });
  assert.deepEqual(p.errors, []);
});
