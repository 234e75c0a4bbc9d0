/**
 * The Compare Runs view: the real webview bundle in headless Chromium, in the page the extension
 * serves (same HTML and CSP, data-view="runs"), fed what the extension reads from three real
 * runs trained by the real worker (extension/compare-data.ts on their folders).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { compareMessage } from '../../extension/compare-data';
import { RunController } from '../../extension/run-controller';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import type { ToRunsView } from '../../webview/views/runs/protocol';
import { chromiumMissing } from '../browser';
import { until, workerBundle } from '../extension/helpers';
import { ARTIFACTS, type PageLab, startPageLab } from './page-harness';
import { nodeRunFiles } from '../../extension/run-files-node';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;

const skip = chromiumMissing();
const THEME = { '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-charts-blue': '#3794ff', '--vscode-charts-green': '#89d185', '--vscode-charts-orange': '#d18616', '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px' };

let lab: PageLab;
let folder = '';
let message: ToRunsView;
const ids: string[] = [];

before(async () => {
  if (skip) return;
  folder = await mkdtemp(join(tmpdir(), 'gl-compare-'));
  const c = new RunController(new WorkerHost(nodeWorker(workerBundle())), { init: 'glorot-uniform', optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 10, hidden: [8], activation: 'tanh' }, { runsFolder: () => folder, runFiles: () => nodeRunFiles, updatesPerSecond: () => 30, log: () => {} });
  // Three runs that differ in two fields only: the learning rate and the activation.
  for (const [lr, activation] of [[0.03, 'tanh'], [0.003, 'tanh'], [0.03, 'relu']] as const) {
    const run = await c.start(parseConfig({ name: 'circle', dataset: 'circle', model: { hidden: [8], activation }, optimizer: { kind: 'adam', learningRate: lr }, training: { epochs: 12, batchSize: 16 } }));
    const id = run.runId;
    await until(() => c.current?.runId === id && c.current.status === 'finished', 30000, 'finished');
    await c.flushed();
    ids.push(id);
  }
  await c.dispose();
  const { missing, ...m } = await compareMessage(nodeRunFiles, folder, [...ids, 'no-such-run']);
  assert.deepEqual(missing, ['no-such-run']);
  message = m;
  lab = await startPageLab({ views: ['runs'] });
});

after(async () => {
  await lab?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

test('three runs: three curves per chart, one colour each, final metrics and only the differing config fields', { skip }, async () => {
  const p = await lab.open({ themeVars: THEME, settle: 'frames' });
  assert.deepEqual((await p.sent())[0], { type: 'ready', ids: [] });
  await p.send(message);
  const legend = await p.page.$$eval('.run-legend li', (lis: any[]) => lis.map((li) => ({ id: li.dataset.runId, colour: li.querySelector('.swatch').style.borderTopColor })));
  assert.deepEqual(legend.map((l: { id: string }) => l.id), ids);
  assert.equal(new Set(legend.map((l: { colour: string }) => l.colour)).size, 3, `one colour per run: ${JSON.stringify(legend)}`);
  for (const metric of ['train-loss', 'val-loss', 'val-accuracy']) {
    assert.equal(await p.page.getAttribute(`#cmp-${metric}-summary`, 'data-series'), '3', metric);
  }
  assert.equal(await p.page.$('#cmp-val-r2'), null, 'no R² chart for classification runs');
  // The chart's last values are the runs' last epochs, as the extension read them.
  const summary = await p.page.innerText('#cmp-train-loss-summary');
  for (const r of message.runs) assert.ok(summary.includes(`${r.label} ${Number(r.points.at(-1)!.trainLoss!.toPrecision(4))}`), `${r.label} in ${summary}`);

  const finals = await p.page.$$eval('#final-metrics tbody tr', (trs: any[]) => trs.map((tr) => [...tr.children].map((c: any) => c.textContent)));
  assert.equal(finals.length, 3);
  message.runs.forEach((r, i) => {
    const row = finals[i]!;
    assert.equal(row[0], r.label);
    assert.equal(row[1], 'finished');
    assert.equal(row[2], '12');
    assert.equal(row[3], String(Number(r.final.trainLoss!.toPrecision(4))));
    assert.equal(row[5], `${(r.final.valAccuracy! * 100).toFixed(1)}%`);
  });
  const diff = await p.page.$$eval('#config-diff tbody tr', (trs: any[]) => trs.map((tr) => [...tr.children].map((c: any) => c.textContent)));
  assert.deepEqual(diff, [['model.activation', 'tanh', 'tanh', 'relu'], ['optimizer.learningRate', '0.03', '0.003', '0.03']]);
  assert.match(await p.page.innerText('#config-diff-note'), /^2 fields differ/);
  await p.page.screenshot({ path: join(ARTIFACTS, 'compare-runs.png'), fullPage: true });
  assert.deepEqual(p.errors, []);
});

test('smoothing, log scale and the x axis redraw the curves and are remembered; add and remove ask the extension', { skip }, async () => {
  const p = await lab.open({ themeVars: THEME, settle: 'frames', state: { ids: ids.slice(0, 2), options: { smoothing: 0, logScale: false, xAxis: 'epoch' } } });
  assert.deepEqual((await p.sent())[0], { type: 'ready', ids: ids.slice(0, 2) }, 'after a reload the view names the runs it showed');
  await p.send({ ...message, runs: message.runs.slice(0, 2), available: [{ id: ids[2], label: 'the third run' }] });
  const before = await p.page.innerText('#cmp-train-loss-summary');
  await p.page.$eval('#cmp-smooth', (el: any) => { el.value = '0.9'; el.dispatchEvent(new Event('change')); });
  const after = await p.page.innerText('#cmp-train-loss-summary');
  assert.match(after, /\(smoothed\)/);
  assert.notEqual(after.replace(' (smoothed)', ''), before, 'smoothing changed the last values');
  await p.page.check('#cmp-log');
  await p.page.selectOption('#cmp-axis', 'time');
  const state = await p.page.evaluate(() => window.__state);
  assert.deepEqual(state, { ids: ids.slice(0, 2), options: { smoothing: 0.9, logScale: true, xAxis: 'time' } });
  // The x values are the runs' elapsed seconds: every chart still has its two curves.
  assert.equal(await p.page.getAttribute('#cmp-train-loss-summary', 'data-series'), '2');

  await p.page.click(`.run-legend li[data-run-id="${ids[1]}"] vscode-button`);
  await p.page.click('#add-run-button');
  const sent = (await p.sent()).slice(1);
  assert.deepEqual(sent, [{ type: 'remove', id: ids[1] }, { type: 'add', id: ids[2] }]);
  assert.deepEqual(p.errors, []);
});
