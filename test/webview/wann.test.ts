/**
 * The weight-agnostic network view: the real webview bundle (dist/webview.js + .css) in headless
 * Chromium, in the page the extension serves (same HTML and CSP), fed the events of a real
 * search run here in-process. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { EngineEvent } from '../../engine/protocol/training';
import type { WannChampionEvent } from '../../engine/protocol/wann';
import { WannWorkerHandler } from '../../engine/wann/worker-handler';
import type { ToWannView, WannViewEvent } from '../../webview/views/wann/protocol';
import { chromiumMissing } from '../browser';
import { until, workerBundle } from '../extension/helpers';
import { ARTIFACTS, type OpenedPage, type PageLab, startPageLab } from './page-harness';

// Page-side code below runs in Chromium; the test project is compiled without DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const getComputedStyle: any;

const skip = chromiumMissing();

const THEMES = {
  dark: { '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-charts-blue': '#3794ff', '--vscode-charts-green': '#89d185', '--vscode-charts-orange': '#d18616', '--vscode-charts-red': '#f14c4c', '--vscode-charts-purple': '#b180d7', '--vscode-charts-yellow': '#cca700', '--vscode-button-background': '#0e639c', '--vscode-button-foreground': '#ffffff', '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px', '--vscode-focusBorder': '#007fd4', '--vscode-panel-border': '#444444' },
  light: { '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-descriptionForeground': '#717171', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-green': '#388a34', '--vscode-charts-orange': '#d18616', '--vscode-charts-red': '#e51400', '--vscode-charts-purple': '#652d90', '--vscode-charts-yellow': '#bf8803', '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px', '--vscode-focusBorder': '#005fb8', '--vscode-panel-border': '#e5e5e5' },
};

/** A real search's events (circle, 30 generations), as the worker posts them. */
async function recordSearch(): Promise<WannViewEvent[]> {
  const events: EngineEvent[] = [];
  const handler = new WannWorkerHandler();
  const ctx = { trainer: undefined, data: undefined, post: (e: EngineEvent) => events.push(e) };
  await handler.handle({ type: 'wann-start', dataset: { synthetic: 'circle', samples: 300 }, generations: 30, population: 64, seed: 1 } as never, ctx);
  await until(() => handler.state === 'done', 30_000, 'the recorded search');
  return events as WannViewEvent[];
}

let lab: PageLab;
let recorded: WannViewEvent[];

before(async () => {
  if (skip) return;
  workerBundle(); // builds dist/ when run on its own
  recorded = await recordSearch();
  lab = await startPageLab({ views: ['wann'] });
});

after(() => lab?.close());

// send() takes several messages, dispatched as one burst as the extension's would arrive, then
// gives the view a moment to draw.
function open(theme: keyof typeof THEMES, width = 1200, height = 1000): Promise<OpenedPage> {
  return lab.open({ viewport: { width, height }, themeVars: THEMES[theme], dark: theme === 'dark', settle: 80 });
}

/** Share of a canvas's pixels that are drawn (not transparent). */
async function inkShare(page: Page, id: string): Promise<number> {
  return page.evaluate((canvasId) => {
    const c = document.getElementById(canvasId);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++;
    return ink / (d.length / 4);
  }, id);
}

/** Pixels of the graph canvas in the colour of the legend's first swatch (an activation's theme colour). */
async function swatchColourPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const rgb = getComputedStyle(document.querySelector('.wann-swatch')).backgroundColor.match(/\d+/g).map(Number);
    const c = document.getElementById('wann-graph');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - rgb[0]) <= 2 && Math.abs(d[i + 1] - rgb[1]) <= 2 && Math.abs(d[i + 2] - rgb[2]) <= 2 && d[i + 3] === 255) n++;
    return n;
  });
}

const event = (e: WannViewEvent): ToWannView => ({ type: 'wann-event', event: e });

test('a whole search draws: population chart, champion graph coloured by activation, sweep, the paper\'s table', { skip }, async () => {
  const o = await open('dark');
  await o.send({ type: 'wann-replay', title: 'circle', events: recorded.slice(0, 3) } satisfies ToWannView);
  await o.send(...recorded.slice(3).map(event));
  assert.match(await o.page.textContent('#wann-status') ?? '', /circle · generation 30 \/ 30 · done · best mean accuracy \d+\.\d%/);
  assert.match(await o.page.textContent('#wann-notes') ?? '', /circle: 2 inputs, 2 classes; 64 networks a generation, seed 1/);
  for (const id of ['wann-population', 'wann-sweep', 'wann-graph']) assert.ok((await inkShare(o.page, id)) > 0.01, `${id} is drawn`);
  assert.ok((await swatchColourPixels(o.page)) > 20, 'nodes are filled with their activation\'s colour');
  const champion = recorded.filter((e): e is WannChampionEvent => e.type === 'wann-champion').at(-1)!;
  const used = new Set(champion.nodes.filter((n) => n.kind !== 'input' && n.kind !== 'bias').map((n) => n.activation));
  assert.equal(await o.page.locator('.wann-legend li').count(), used.size);
  assert.match(await o.page.textContent('#wann-graph-summary') ?? '', new RegExp(`Found in generation ${champion.generation}: .*${champion.connections.length} connections`));
  assert.match(await o.page.textContent('#wann-population-summary') ?? '', /^Generation 30: population mean accuracy \d/);
  assert.match(await o.page.textContent('#wann-sweep-summary') ?? '', /On held-out rows, \d+ of 25 weights from -3 to 3/);
  const rows = await o.page.locator('.wann-table tbody tr').allTextContents();
  assert.equal(rows.length, 5);
  assert.match(rows[0]!, /^random shared weight: mean ± sd over \d+ draws of w from −2…2\d+\.\d% ± \d+\.\d$/);
  assert.match(rows[1]!, /^ensemble: majority vote of w = −2, −1, −0\.5, 0\.5, 1, 2\d+\.\d%$/);
  assert.match(rows[2]!, /^best single weight: w = −?[\d.]+, the best of −3…3 in steps of 0\.25 on the search rows/);
  assert.match(rows[3]!, /^tuned weights: one per connection, from w = /);
  assert.match(await o.page.textContent('.wann-results') ?? '', /On the tuning rows \(a held-out fifth of the search rows\): \d+\.\d% at the start, \d+\.\d% kept\./);
  assert.match(rows[4]!, /^fully connected/);
  assert.match(await o.page.textContent('.wann-results') ?? '', /Search finished after 30 generations/);
  assert.equal(await o.page.isDisabled('button[data-action="stop"]'), true, 'nothing to stop after the end');
  await o.page.screenshot({ path: join(ARTIFACTS, 'wann-dark.png'), fullPage: true });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('buttons and the weight slider send their intents, by mouse and keyboard; the answer is shown', { skip }, async () => {
  const o = await open('light');
  const untilGen10 = recorded.findIndex((e) => e.type === 'wann-generation' && e.generation === 10);
  await o.send({ type: 'wann-replay', title: 'circle', events: recorded.slice(0, untilGen10 + 1) } satisfies ToWannView);
  assert.match(await o.page.textContent('#wann-status') ?? '', /generation 10 \/ 30 · running/);
  await o.page.click('button[data-action="pause"]');
  await o.send(event({ type: 'wann-state', state: 'paused' }));
  assert.equal(await o.page.isDisabled('button[data-action="pause"]'), true);
  // Keyboard: Resume is enabled now; focus it and press Enter.
  await o.page.focus('button[data-action="resume"]');
  await o.page.keyboard.press('Enter');
  // The slider, by keyboard: three steps right of w = 1, sent once the burst settles.
  await o.page.focus('#wann-weight');
  for (let i = 0; i < 3; i++) await o.page.keyboard.press('ArrowRight');
  await o.page.waitForTimeout(150);
  const sent = (await o.sent()).filter((m) => m.type !== 'ready');
  assert.deepEqual(sent.slice(0, 2), [{ type: 'control', action: 'pause' }, { type: 'control', action: 'resume' }]);
  const evaluations = sent.filter((m) => m.type === 'evaluate');
  assert.ok(evaluations.length >= 1 && evaluations.length <= 3, `throttled: ${evaluations.length} requests`);
  assert.deepEqual(evaluations.at(-1), { type: 'evaluate', weight: 1.15 });
  const champion = recorded.slice(0, untilGen10 + 1).filter((e): e is WannChampionEvent => e.type === 'wann-champion').at(-1)!;
  // An answer about an older champion is ignored; the current one's is shown.
  await o.send(event({ type: 'wann-evaluation', weight: 1.15, generation: champion.generation + 100, searchAccuracy: 0.5, heldOutAccuracy: 0.5 }));
  assert.equal(await o.page.textContent('#wann-weight-value'), 'w = 1.15');
  await o.send(event({ type: 'wann-evaluation', weight: 1.15, generation: champion.generation, searchAccuracy: 0.925, heldOutAccuracy: 0.9 }));
  assert.equal(await o.page.textContent('#wann-weight-value'), 'w = 1.15: 90.0% held out, 92.5% on the search rows');
  assert.match(await o.page.textContent('#wann-sweep-summary') ?? '', /Slider: w = 1.15, 90.0% held out/);
  await o.page.click('button[data-action="stop"]');
  assert.deepEqual((await o.sent()).at(-1), { type: 'control', action: 'stop' });
  await o.page.screenshot({ path: join(ARTIFACTS, 'wann-light-running.png'), fullPage: true });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('malformed messages are ignored; a replay keeps only its well-formed events; errors are shown', { skip }, async () => {
  const o = await open('dark');
  const champion = recorded.find((e): e is WannChampionEvent => e.type === 'wann-champion')!;
  const badChampion = { ...champion, connections: [[0, 999]] };
  await o.send({ type: 'wann-replay', title: 'circle', events: [...recorded.slice(0, 3), { type: 'wann-generation', generation: 'one' }, badChampion, null] });
  const status = await o.page.textContent('#wann-status');
  assert.match(status ?? '', /generation 0 \/ 30 · running/);
  for (const bad of [null, 3, 'x', [], { type: 'wann-event' }, { type: 'wann-event', event: null }, { type: 'wann-event', event: { type: 'wann-generation', generation: 1, meanPerformance: 7 } },
    { type: 'wann-event', event: { type: 'wann-state', state: 'exploded' } }, { type: 'wann-event', event: { ...champion, nodes: [{ id: 0, kind: 'input', label: 'x', activation: 'rm -rf', depth: 0 }] } },
    { type: 'wann-event', event: { type: 'wann-table', status: 'finished', rows: [{ label: 'x', accuracy: 2 }] } }, { type: 'wann-replay', title: 5, events: [] }, { type: 'nope' }]) {
    await o.send(bad);
  }
  assert.equal(await o.page.textContent('#wann-status'), status);
  assert.equal(await inkShare(o.page, 'wann-graph'), 0, 'no malformed champion was drawn');
  assert.equal(await o.page.locator('.wann-table').count(), 0);
  assert.equal(await o.page.isDisabled('#wann-weight'), true);
  await o.send(event({ type: 'error', message: 'data.csv: weight-agnostic search needs a classification dataset', userError: true }));
  assert.equal(await o.page.isVisible('#wann-error'), true);
  assert.match(await o.page.textContent('#wann-error') ?? '', /needs a classification dataset/);
  assert.deepEqual(o.errors, []);
  await o.page.close();
});
