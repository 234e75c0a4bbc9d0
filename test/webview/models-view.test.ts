/**
 * The Compare Models view: the real webview bundle (dist/webview.js + .css) in real headless Chromium,
 * in the very page the extension serves (same HTML and CSP, data-view="models"), fed events the
 * real worker handler recorded: a comparison on the circle set and a PCA of the digits.
 * Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { FeatureLabEvent, FeatureLabRequest } from '../../engine/protocol/models';
import { featureLabJobs } from '../../engine/inputs/worker-handler';
import { serveJobs } from '../../engine/job-driver';
import type { JobReply } from '../../engine/protocol/job';
import { loadDatasetFile } from '../../engine/node/load-file';
import { TrainingSession } from '../../engine/session';
import type { ToModelsView } from '../../webview/views/models/protocol';
import { chromiumMissing } from '../browser';
import { ROOT, workerBundle } from '../extension/helpers';
import { ARTIFACTS, type OpenedPage, type PageLab, startPageLab } from './page-harness';

// Page-side code below runs in Chromium; the test project is compiled without DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;

const skip = chromiumMissing();

const THEMES = {
  dark: { '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-charts-blue': '#3794ff', '--vscode-charts-green': '#89d185', '--vscode-charts-orange': '#d18616', '--vscode-charts-red': '#f14c4c', '--vscode-charts-purple': '#b180d7', '--vscode-button-background': '#0e639c', '--vscode-button-foreground': '#ffffff', '--vscode-errorForeground': '#f48771', '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px', '--vscode-focusBorder': '#007fd4' },
  light: { '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-descriptionForeground': '#717171', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-green': '#388a34', '--vscode-charts-orange': '#d18616', '--vscode-charts-red': '#e51400', '--vscode-charts-purple': '#652d90', '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-errorForeground': '#a1260d', '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px', '--vscode-focusBorder': '#005fb8' },
};

/** What the worker answers to `requests` (its answers and partial answers), recorded through a real session with the real jobs. */
async function record(...requests: FeatureLabRequest[]): Promise<FeatureLabEvent[]> {
  const events: FeatureLabEvent[] = [];
  const session = new TrainingSession((m) => {
    if (m.type !== 'probe') return;
    const r = m.event as JobReply<FeatureLabEvent, FeatureLabEvent>;
    if (r.type === 'result') events.push(r.value);
    else if (r.type === 'progress' && r.partial) events.push(r.partial);
  }, { probes: [serveJobs(featureLabJobs({ loadFile: loadDatasetFile }))] });
  for (const r of requests) await session.handle(r);
  return events;
}

/** An event as the extension forwards it: the answer as a result, a piece of it as a partial. */
function reply(event: FeatureLabEvent): ToModelsView {
  return event.type === 'modelsDone' || event.type === 'pcaDone' || event.type === 'termCount'
    ? { type: 'result', id: event.id, value: event }
    : { type: 'progress', id: event.id, phase: '', fraction: 0, partial: event };
}

let lab: PageLab;
let circle: FeatureLabEvent[];
let digitsPca: FeatureLabEvent[];

before(async () => {
  if (skip) return;
  workerBundle(); // builds dist/ when run on its own
  [circle, digitsPca] = await Promise.all([
    record({ type: 'compareModels', id: 1, dataset: { synthetic: 'circle', samples: 500 }, resolution: 48 }),
    record({ type: 'pca', id: 2, dataset: { file: join(ROOT, 'samples', 'digits', 'train-images-idx3-ubyte.gz') }, maxComponents: 16, ks: [1, 2, 5, 10, 16], epochs: 3 }),
  ]);
  lab = await startPageLab({ views: ['models'] });
});

after(() => lab?.close());

function open(theme: keyof typeof THEMES, state?: unknown): Promise<OpenedPage> {
  return lab.open({ viewport: { width: 1200, height: 900 }, themeVars: THEMES[theme], dark: theme === 'dark', state: state ?? null });
}

/** Feeds what the extension forwards: the dataset label, then the worker's events. */
async function feed(o: OpenedPage, label: string, events: FeatureLabEvent[]): Promise<void> {
  await o.send({ type: 'dataset', label } satisfies ToModelsView);
  for (const event of events) await o.send(reply(event));
  await o.page.waitForTimeout(150);
}

/** Sends one message that must be dropped, and returns the table afterwards. */
async function feedBad(o: OpenedPage, message: unknown): Promise<string> {
  await o.send(message);
  await o.page.waitForTimeout(100);
  return o.page.innerHTML('#models-table');
}

/** The RGBA pixels of a canvas. */
function pixels(page: Page, id: string): Promise<number[]> {
  return page.evaluate((canvasId) => {
    const c = document.getElementById(canvasId);
    return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data as ArrayLike<number>);
  }, id);
}

test('a recorded comparison on the circle: one row per family, boundaries that differ, accessible summaries', { skip }, async () => {
  const o = await open('dark');
  await feed(o, 'circle', [...circle, ...digitsPca]);
  const rows = await o.page.$$eval('#models-table tbody tr', (trs: any[]) => trs.map((tr) => [tr.dataset.preset, ...Array.from(tr.children, (c: any) => c.textContent)]));
  assert.deepEqual(rows.map((r) => r[0]), ['baseline', 'logistic-regression', 'polynomial-logistic', 'svm', 'kernel-svm', 'pca-logistic', 'mlp']);
  const byPreset = new Map(rows.map((r) => [r[0], r]));
  assert.equal(byPreset.get('baseline')![1], 'Majority class (baseline)');
  assert.match(byPreset.get('baseline')![2]!, /^(4[5-9]|5[0-5])\.\d%$/);
  assert.match(byPreset.get('baseline')![5]!, /^no model: always "\d", the most frequent class/);
  assert.match(byPreset.get('kernel-svm')![5]!, /γ = 0\.\d+ \('scale'/);
  assert.match(byPreset.get('pca-logistic')![5]!, /PCA on standardized inputs/);
  assert.match(byPreset.get('polynomial-logistic')![2]!, /^(9[5-9]|100)\.\d%$/);
  assert.equal(byPreset.get('polynomial-logistic')![4], '6');
  assert.equal(byPreset.get('logistic-regression')![4], '3');
  assert.match(byPreset.get('polynomial-logistic')![5]!, /polynomial degree 2: 5 terms/);
  assert.match(byPreset.get('mlp')![3]!, /\d+ (ms|s)$/);
  // The pictures: six canvases, and the degree-2 one is not the logistic one.
  assert.equal(await o.page.locator('.boundary canvas').count(), 6);
  const logistic = await pixels(o.page, 'boundary-logistic-regression');
  const poly = await pixels(o.page, 'boundary-polynomial-logistic');
  let differ = 0;
  for (let i = 0; i < logistic.length; i += 4) if (Math.abs(logistic[i]! - poly[i]!) + Math.abs(logistic[i + 1]! - poly[i + 1]!) + Math.abs(logistic[i + 2]! - poly[i + 2]!) > 60) differ++;
  assert.ok(differ / (logistic.length / 4) > 0.1, `only ${differ} pixels differ`);
  const polySummary = await o.page.textContent('#boundary-polynomial-logistic-summary') ?? '';
  assert.match(polySummary, /Polynomial logistic: validation accuracy \d+\.\d%\. Predicts .*an enclosed region \(a closed boundary\)/);
  assert.doesNotMatch(await o.page.textContent('#boundary-logistic-regression-summary') ?? '', /enclosed/);
  assert.equal(await o.page.getAttribute('#boundary-polynomial-logistic', 'role'), 'img');
  // One palette: class 1 (the circle's inner disc) is blue here as in Layer Features, class 0 orange.
  assert.match(await o.page.textContent('.boundaries > figcaption') ?? '', /\(orange: 0, blue: 1\)/);
  assert.match(polySummary, /Predicts 0 \(orange\) on \d+%; 1 \(blue\) on \d+%, an enclosed region/);
  // Pixels of a 21×21 block at the centre (some are points): more blueish than orangeish.
  const [blueish, orangeish] = await o.page.evaluate(() => {
    const c = document.getElementById('boundary-polynomial-logistic');
    const d = c.getContext('2d').getImageData(c.width / 2 - 10, c.height / 2 - 10, 21, 21).data;
    let b = 0, r = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 2] > d[i] + 30) b++;
      else if (d[i] > d[i + 2] + 30) r++;
    }
    return [b, r];
  });
  assert.ok(blueish > 100 && blueish > 4 * orangeish, `the inner disc is blue, not orange: ${blueish} blueish, ${orangeish} orangeish pixels`);
  assert.match(await o.page.textContent('#models-status') ?? '', /circle \(500 rows × 2 features, classification\): 6 families compared/);
  // The PCA half: variance chart, accuracy by k, 16 eigen-images + the mean.
  assert.equal(await o.page.locator('#pca-eigen canvas').count(), 17);
  assert.match(await o.page.textContent('#pca-variance-summary') ?? '', /^PCA on raw inputs \(pixels share one unit\)\. The first component keeps \d+\.\d% of the variance/);
  assert.match(await o.page.textContent('#pca-status') ?? '', /on raw inputs \(image pixels, not standardized\)/);
  assert.match(await o.page.textContent('#pca-accuracy-summary') ?? '', /k = 1: \d+\.\d%, k = 2: .*k = 16: \d+\.\d%/);
  // The term panel follows the dataset: 2 inputs.
  assert.equal(await o.page.inputValue('#terms-features'), '2');
  await o.page.screenshot({ path: join(ARTIFACTS, 'models-compare-dark.png'), fullPage: true });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('the term-count panel: the 100×100 image, and counts that follow the degree (keyboard)', { skip }, async () => {
  const o = await open('light');
  await o.page.click('#terms-image');
  const text = () => o.page.textContent('#terms-result').then((t) => t ?? '');
  assert.match(await text(), /10,000 inputs at degree 2 make 50,015,000 terms .*n\(n\+1\)\/2 = 50,005,000/);
  assert.match(await text(), /over the 512 MB limit/);
  await o.page.focus('#terms-degree');
  await o.page.keyboard.press('ArrowRight');
  assert.match(await text(), /10,000 inputs at degree 3 make 166,766,685,000 terms/); // C(10003, 3) − 1
  assert.equal(await o.page.locator('#terms-table tbody tr').count(), 3);
  await o.page.fill('#terms-features', '100');
  await o.page.focus('#terms-degree');
  await o.page.keyboard.press('ArrowLeft');
  assert.match(await text(), /100 inputs at degree 2 make 5,150 terms .*= 5,050/);
  await o.page.fill('#terms-features', '2.5');
  assert.match(await text(), /Enter whole numbers/);
  await o.page.fill('#terms-features', '2500');
  assert.match(await text(), /= 3,126,250/);
  await o.page.screenshot({ path: join(ARTIFACTS, 'models-terms-light.png'), fullPage: true });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('intents: Compare sends the options, Escape cancels while busy, PCA and Dataset… ask the extension', { skip }, async () => {
  const o = await open('dark');
  // Only the data event: the comparison is running.
  await feed(o, 'circle', circle.slice(0, 1));
  await o.page.keyboard.press('Escape');
  await feed(o, 'circle', circle.slice(1));
  await o.page.fill('#models-degree', '3');
  await o.page.fill('#models-epochs', '20');
  await o.page.press('#models-epochs', 'Enter');
  await o.page.click('#models-pick');
  await o.page.click('#pca-run');
  await o.page.fill('#models-degree', '9');
  await o.page.click('#models-compare');
  const sent = (await o.sent()).filter((m) => m.type !== 'ready');
  assert.deepEqual(sent, [{ type: 'cancel' }, { type: 'compare', degree: 3, components: 2, epochs: 20 }, { type: 'pickDataset' }, { type: 'pca' }]);
  assert.match(await o.page.textContent('#models-alert') ?? '', /degree 1–6/);
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('malformed messages are ignored; a refused family and a failure are shown; the state survives a reload', { skip }, async () => {
  const o = await open('dark');
  await feed(o, 'circle', circle);
  const before = await o.page.innerHTML('#models-table');
  const result = circle.find((e) => e.type === 'modelResult')!;
  for (const bad of [
    null, 42, 'x', { type: 'engine', event: result }, { type: 'progress', id: 1, phase: '', fraction: 0, partial: { type: 'modelResult', id: 1 } },
    { type: 'progress', id: 1, phase: '', fraction: 0, partial: { ...result, preset: 'magic' } },
    { type: 'progress', id: 1, phase: '', fraction: 0, partial: { ...result, boundary: { kind: 'class', cells: [0, 1], confidence: [1] } } },
    { type: 'result', id: 1, value: { ...result, parameters: '3' } }, { type: 'failed', id: 1 },
    { type: 'dataset', label: 5 }, { type: 'nope' },
  ]) await o.send(bad);
  await o.page.waitForTimeout(100);
  assert.equal(await o.page.innerHTML('#models-table'), before);
  assert.deepEqual(o.errors, []);
  // A skipped expansion is a row with its term count and why; a family at or below the baseline
  // is flagged; a failure shows in the alert.
  const baseline = { kind: 'majority', description: 'always "1", the most frequent class (11.1% of the training rows)', valAccuracy: 0.111 };
  assert.equal(await (await feedBad(o, { type: 'progress', id: 5, phase: '', fraction: 0, partial: { type: 'modelsData', id: 5, presets: ['polynomial-logistic', 'mlp'], dataset: { source: 'digits', task: 'classification', features: 784, rows: 4000, trainRows: 3200, validationRows: 800, classes: 10 } } })), before, 'a comparison without its baseline is not drawn');
  await o.send({ type: 'progress', id: 5, phase: '', fraction: 0, partial: { type: 'modelsData', id: 5, presets: ['polynomial-logistic', 'mlp'], baseline, dataset: { source: 'digits', task: 'classification', features: 784, rows: 4000, trainRows: 3200, validationRows: 800, classes: 10, imageShape: [28, 28, 1] } } });
  await o.send({ type: 'progress', id: 5, phase: '', fraction: 0, partial: { type: 'modelResult', id: 5, preset: 'polynomial-logistic', stages: [], parameters: 0, seconds: 0.01, status: 'refused', terms: 80_931_144, refused: 'degree 3 of 784 features makes 80,931,144 terms' } });
  await o.send({ type: 'progress', id: 5, phase: '', fraction: 0, partial: { type: 'modelResult', id: 5, preset: 'mlp', stages: [], parameters: 100, seconds: 0.5, status: 'finished', valAccuracy: 0.094, belowBaseline: 'at or below the majority-class baseline: no better than ignoring the inputs' } });
  await o.page.waitForTimeout(100);
  assert.match(await o.page.textContent('#models-table tr[data-preset="polynomial-logistic"]') ?? '', /skipped: 80,931,144 terms.*degree 3 of 784 features/);
  assert.match(await o.page.textContent('#models-table tr[data-preset="mlp"]') ?? '', /9\.4% ⚠ at or below the majority-class baseline/);
  assert.match(await o.page.textContent('#models-table tr[data-preset="baseline"]') ?? '', /Majority class \(baseline\)11\.1%/);
  assert.ok(await o.page.isHidden('.boundaries'), 'no plane, no boundaries');
  await o.send({ type: 'failed', id: 5, message: 'the worker ran out of memory', userError: false } satisfies ToModelsView);
  await o.page.waitForTimeout(100);
  assert.equal(await o.page.textContent('#models-alert'), 'the worker ran out of memory');
  assert.ok(await o.page.isEnabled('#models-compare'), 'a failed comparison gives the Compare button back');
  // Reload: the page rebuilds from vscode.getState() without a single message.
  const state = await o.page.evaluate(() => window.__state);
  await o.page.close();
  const again = await open('dark', state);
  await again.page.waitForTimeout(100);
  assert.match(await again.page.textContent('#models-table tr[data-preset="polynomial-logistic"]') ?? '', /skipped/);
  assert.deepEqual(again.errors, []);
  await again.page.close();
});

test('the PCA summary of 2-D data names each k once and says the inputs were standardized', { skip }, async () => {
  const o = await open('light');
  await o.send({ type: 'dataset', label: 'circle' } satisfies ToModelsView);
  await o.send({ type: 'progress', id: 9, phase: '', fraction: 0, partial: {
    type: 'pcaVariance', id: 9, standardized: true, ratios: [0.6, 0.4], cumulative: [0.6, 1], totalVariance: 2,
    dataset: { source: 'circle', task: 'classification', features: 2, rows: 500, trainRows: 400, validationRows: 100, classes: 2 },
  } } satisfies ToModelsView);
  await o.page.waitForTimeout(150);
  assert.equal(await o.page.textContent('#pca-variance-summary'), 'PCA on standardized inputs. The first component keeps 60.0% of the variance; 2 keep 100.0%. 50.0% needs 1; 80.0% needs 2; 90.0% needs 2 components.');
  assert.deepEqual(o.errors, []);
  await o.page.close();
});
