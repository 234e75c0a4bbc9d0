/**
 * The real webview bundle (dist/webview.js + .css) in real headless Chromium, in the very page
 * the extension serves (same HTML and CSP), fed a recorded event stream of a real run.
 * Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { parseConfig } from '../../engine/config-parse';
import { syntheticDataset } from '../../engine/data/synthetic';
import type { TrainerEvent } from '../../engine/protocol/training';
import { Trainer, prepareData } from '../../engine/trainer';
import type { ControlValues, ToWebview } from '../../webview/protocol';
import { chromiumMissing } from '../browser';
import { workerBundle } from '../extension/helpers';
import { ARTIFACTS, type OpenedPage, type PageLab, startPageLab } from './page-harness';

// Page-side code below runs in Chromium; the test project is compiled without DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare class Event { constructor(type: string, init?: { bubbles: boolean }); }

const skip = chromiumMissing();
const controls: ControlValues = { init: 'glorot-uniform', optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 15, hidden: [8, 8], activation: 'tanh' };

/** A real run's events, as the extension would forward them. */
function recordRun(): TrainerEvent[] {
  const config = parseConfig({ name: 'circle', dataset: 'circle', training: { epochs: 15, batchSize: 16 } });
  const ds = syntheticDataset('circle', { seed: 1 });
  return [...new Trainer(config, prepareData(config, ds)).run()];
}

/** The --vscode-* variables VS Code puts on a webview's <html>, for a dark or light theme. */
const THEMES = {
  dark: { '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-charts-blue': '#3794ff', '--vscode-charts-green': '#89d185', '--vscode-charts-orange': '#d18616', '--vscode-charts-red': '#f14c4c', '--vscode-charts-purple': '#b180d7', '--vscode-button-background': '#0e639c', '--vscode-button-foreground': '#ffffff', '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px', '--vscode-focusBorder': '#007fd4' },
  light: { '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-descriptionForeground': '#717171', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-green': '#388a34', '--vscode-charts-orange': '#d18616', '--vscode-charts-red': '#e51400', '--vscode-charts-purple': '#652d90', '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px', '--vscode-focusBorder': '#005fb8' },
};

let lab: PageLab;

before(async () => {
  if (skip) return;
  workerBundle(); // builds dist/ when run on its own
  lab = await startPageLab({ views: ['panel', 'sidebar'] });
});

after(() => lab?.close());

function open(view: 'panel' | 'sidebar', theme: keyof typeof THEMES, width = 1100, height = 900): Promise<OpenedPage> {
  return lab.open({ view, viewport: { width, height }, themeVars: THEMES[theme], dark: theme === 'dark' });
}

/** Share of a canvas's pixels that are drawn (not transparent): a chart with lines has some. */
async function inkShare(page: Page, id: string): Promise<number> {
  return page.evaluate((canvasId) => {
    const c = document.getElementById(canvasId);
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) ink++;
    return ink / (d.length / 4);
  }, id);
}

/** Feeds a run as the extension does: a snapshot, then batches of events. */
async function play(o: OpenedPage, events: TrainerEvent[], runId = 'run-1'): Promise<void> {
  await o.send({ type: 'snapshot', snapshot: { runId, title: 'circle', status: 'loading', steps: [], epochs: [] }, controls } satisfies ToWebview);
  for (let i = 0; i < events.length; i += 40) await o.send({ type: 'events', runId, events: events.slice(i, i + 40) } satisfies ToWebview);
  await o.page.waitForTimeout(150);
}

test('the panel draws a recorded run: charts, counters, accessible summaries', { skip }, async () => {
  const events = recordRun();
  const o = await open('panel', 'dark');
  await play(o, events);
  const summary = events.at(-1)!;
  assert.equal(summary.type, 'summary');
  assert.match(await o.page.textContent('.status') ?? '', /Status: finished/);
  assert.equal(await o.page.textContent('dd[data-counter="epoch"]'), '15 / 15');
  assert.equal(await o.page.textContent('dd[data-counter="step"]'), String(summary.type === 'summary' && summary.steps));
  for (const id of ['chart-loss', 'chart-accuracy', 'chart-lr', 'chart-gradnorm']) {
    assert.ok((await inkShare(o.page, id)) > 0.01, `${id} has lines drawn`);
  }
  const lossSummary = await o.page.textContent('#chart-loss-summary');
  assert.match(lossSummary ?? '', /Loss, latest: batch loss [\d.e-]+, train loss [\d.e-]+, validation loss [\d.e-]+\./);
  assert.equal(await o.page.getAttribute('#chart-loss', 'aria-describedby'), 'chart-loss-summary');
  await o.page.screenshot({ path: join(ARTIFACTS, 'webview-panel-dark.png'), fullPage: true });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('controls send the right messages, and keyboard shortcuts work', { skip }, async () => {
  const events = recordRun();
  const o = await open('panel', 'light');
  // A run in progress: everything but the summary.
  await play(o, events.filter((e) => e.type !== 'summary'));
  await o.send({ type: 'status', runId: 'run-1', status: 'running' });
  await o.page.click('vscode-button[data-action="pause"]');
  await o.page.keyboard.press('Alt+x');
  await o.page.evaluate(() => {
    const s = document.getElementById('init') as { value: string; dispatchEvent(e: unknown): void };
    s.value = 'he-normal';
    s.dispatchEvent(new Event('change', { bubbles: true }));
    const lr = document.getElementById('learningRate') as { value: string; dispatchEvent(e: unknown): void };
    lr.value = '0.5';
    lr.dispatchEvent(new Event('change', { bubbles: true }));
    const hidden = document.getElementById('hidden') as { value: string; dispatchEvent(e: unknown): void };
    hidden.value = '16, 4';
    hidden.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await o.page.check('#opt-log');
  const sent = await o.sent();
  assert.deepEqual(sent.filter((m) => m.type !== 'ready'), [
    { type: 'control', action: 'pause' },
    { type: 'control', action: 'stop' },
    { type: 'setInit', init: 'he-normal' },
    { type: 'setLearningRate', learningRate: 0.5 },
    { type: 'setControls', controls: { hidden: [16, 4] } },
  ]);
  assert.match(await o.page.textContent('#init-help') ?? '', /starts a new run from new weights/);
  await o.page.screenshot({ path: join(ARTIFACTS, 'webview-panel-light.png'), fullPage: true });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('malformed messages are ignored; a diverged run offers a restart with a lower learning rate', { skip }, async () => {
  const o = await open('panel', 'dark');
  await play(o, recordRun().slice(0, 50));
  const before = await o.page.textContent('dd[data-counter="step"]');
  for (const bad of [null, 42, 'hello', { type: 'events' }, { type: 'events', runId: 'run-1', events: [null] }, { type: 'snapshot', snapshot: {} }, { type: 'nope' }, { type: 'events', runId: 'other-run', events: [{ type: 'step', step: 999, epoch: 1, loss: 1, gradNorm: 1, learningRate: 1 }] }]) {
    await o.send(bad);
  }
  await o.page.waitForTimeout(100);
  assert.equal(await o.page.textContent('dd[data-counter="step"]'), before);
  await o.send({ type: 'events', runId: 'run-1', events: [{ type: 'diverged', step: 51, epoch: 2, reason: 'the loss is NaN', suggestion: 'lower the learning rate from 1 to 0.1', learningRate: 1 }, { type: 'summary', status: 'diverged', epochs: 1, steps: 50, trainLoss: 1, samplesPerSecond: 1, elapsedSeconds: 1, parameterCount: 10 }] });
  await o.page.waitForSelector('.alert:not([hidden])');
  assert.match(await o.page.textContent('.alert') ?? '', /diverged at step 51: the loss is NaN/);
  await o.page.click('.alert vscode-button');
  assert.ok((await o.sent()).some((m) => m.type === 'restartWithLowerLearningRate'));
  // A divergence blamed on the initialization offers that restart instead.
  await o.send({ type: 'snapshot', snapshot: null, controls: { init: 'glorot-uniform', optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 10, hidden: [8], activation: 'tanh' } });
  await play(o, recordRun().slice(0, 20));
  await o.send({ type: 'events', runId: 'run-1', events: [{ type: 'diverged', step: 1, epoch: 1, reason: 'the loss is Infinity', suggestion: 'start from smaller weights: …', cause: 'initialization', learningRate: 0.01 }] });
  await o.page.waitForFunction(() => /glorot-uniform/.test(document.querySelector('.alert vscode-button')?.textContent ?? ''));
  assert.equal((await o.page.textContent('.alert vscode-button'))?.trim(), 'Restart with glorot-uniform initialization');
  await o.page.click('.alert vscode-button');
  assert.ok((await o.sent()).some((m) => m.type === 'restartWithSmallerInit'));
  await o.page.screenshot({ path: join(ARTIFACTS, 'webview-diverged.png'), fullPage: true });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('the side bar view shows compact controls and a live loss chart', { skip }, async () => {
  const o = await open('sidebar', 'dark', 320, 800);
  await play(o, recordRun());
  assert.equal(await o.page.locator('canvas').count(), 1);
  assert.ok((await inkShare(o.page, 'chart-loss')) > 0.01);
  assert.ok(await o.page.isVisible('#optimizer'));
  await o.page.click('.open-panel');
  assert.ok((await o.sent()).some((m) => m.type === 'openPanel'));
  await o.page.screenshot({ path: join(ARTIFACTS, 'webview-sidebar.png'), fullPage: true });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});
