/**
 * The symmetry lab view: the real webview bundle (dist/webview.js + .css) in headless Chromium, in
 * the page the extension serves (same HTML and CSP), fed the recorded events of two real runs —
 * constant init and He init — folded as the extension folds them. Screenshots go to
 * test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { parseConfig } from '../../engine/config-parse';
import { syntheticDataset } from '../../engine/data/synthetic';
import { Trainer, prepareData } from '../../engine/trainer';
import type { SymRun, ToSymmetryView } from '../../webview/views/symmetry/protocol';
import { foldEvent, newRun } from '../../shared/symmetry-state';
import { chromiumMissing } from '../browser';
import { workerBundle } from '../extension/helpers';
import { ARTIFACTS, type PageLab, startPageLab } from './page-harness';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;

const skip = chromiumMissing();
const DARK = { '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-charts-blue': '#3794ff', '--vscode-charts-green': '#89d185', '--vscode-charts-orange': '#d18616', '--vscode-charts-red': '#f14c4c', '--vscode-charts-purple': '#b180d7', '--vscode-button-background': '#0e639c', '--vscode-button-foreground': '#ffffff', '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px', '--vscode-focusBorder': '#007fd4', '--vscode-textLink-foreground': '#3794ff' };

/** One real run of the demonstration's network, folded into the view's state as the extension does. */
function recordRun(role: SymRun['role'], init: string, epochs = 3): SymRun {
  const config = parseConfig({ dataset: { synthetic: 'circles', samples: 400, noise: 0.05 }, model: { hidden: [10, 5], activation: 'relu' }, init, optimizer: { kind: 'adam', learningRate: 0.01 }, training: { epochs, batchSize: 32 } });
  const run = newRun(role, `circles (${init})`, role, init);
  for (const e of new Trainer(config, prepareData(config, syntheticDataset('circles', { samples: 400, noise: 0.05, seed: 1 })), { symmetryEvery: 2 }).run()) foldEvent(run, e);
  return run;
}

let lab: PageLab;

before(async () => {
  if (skip) return;
  workerBundle(); // builds dist/ when run on its own
  lab = await startPageLab({ views: ['symmetry'] });
});

after(() => lab?.close());

const open = () => lab.open({ viewport: { width: 1300, height: 1100 }, themeVars: DARK });

/** Distinct colours among a heatmap canvas's pixels (1: one flat colour, a fully symmetric layer). */
async function colours(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, selector);
}

const heatmap = (role: string, i: number) => `.sym-run[data-role="${role}"] .heatmap:nth-child(${i + 1}) canvas`;

test('the twin panel: the constant run\'s heatmaps are one flat colour, the random run\'s are not', { skip }, async () => {
  const symmetric = recordRun('symmetric', 'constant:0.5');
  const random = recordRun('random', 'he-normal');
  const o = await open();
  await o.send({ type: 'symmetry-runs', mode: 'twin', runs: [symmetric, random], speed: 'normal' } satisfies ToSymmetryView);
  await o.page.waitForSelector('.sym-run[data-role="random"] .heatmap canvas');
  for (const i of [0, 1]) {
    assert.equal(await colours(o.page, heatmap('symmetric', i)), 1, `constant init, layer ${i + 1}: every cell the same`);
    assert.ok((await colours(o.page, heatmap('random', i))) > 10, `He init, layer ${i + 1}: many different similarities`);
  }
  assert.deepEqual(await o.page.$$eval('.sym-run[data-role="symmetric"] .heatmap', (els: any[]) => els.map((e) => e.dataset.distinct)), ['1', '1']);
  assert.equal(await o.page.getAttribute('.sym-run[data-role="symmetric"]', 'data-verdict'), 'symmetric');
  assert.equal(await o.page.getAttribute('.sym-run[data-role="random"]', 'data-verdict'), 'distinct');
  assert.match(await o.page.textContent('.sym-run[data-role="symmetric"] .verdict-headline') ?? '', /1 distinct neuron \(of 10 and 5\)/);
  // The accessible table holds the same values: all 1 for the constant run.
  const cells: string[] = await o.page.$$eval(`.sym-run[data-role="symmetric"] .heatmap-table td`, (tds: any[]) => tds.map((t) => t.textContent));
  assert.equal(cells.length, 100 + 25);
  assert.ok(cells.every((c) => c === '1.000'));
  const randomCells: string[] = await o.page.$$eval(`.sym-run[data-role="random"] .heatmap-table td`, (tds: any[]) => tds.map((t) => t.textContent));
  assert.ok(new Set(randomCells).size > 20);
  // The timeline and the loss are drawn, and summarized in text.
  assert.match(await o.page.textContent('.sym-run[data-role="symmetric"] .timeline .chart-summary') ?? '', /dense1 1 distinct, rank 1.*batch loss/);
  assert.match(await o.page.textContent('.sym-run[data-role="random"] .verdict-details') ?? '', /dead ReLU neurons/);
  assert.equal(await o.page.isVisible('#speed'), true);
  await o.page.screenshot({ path: join(ARTIFACTS, 'symmetry-twin.png'), fullPage: true });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('zeros with ReLU: the view says the hidden gradients are exactly 0 and the loss sits at ln 2, from the events', { skip }, async () => {
  const zeros = recordRun('symmetric', 'zeros', 20);
  const o = await open();
  await o.send({ type: 'symmetry-runs', mode: 'twin', runs: [zeros, recordRun('random', 'he-normal')] } satisfies ToSymmetryView);
  await o.page.waitForSelector('.sym-run[data-verdict="no-gradient"]');
  const text = await o.page.textContent('.sym-run[data-role="symmetric"] .verdict-headline') ?? '';
  assert.match(text, /gradient is exactly 0/);
  assert.match(text, /only the output bias learns/);
  assert.match(text, /ln 2 ≈ 0\.693/);
  // Gradients toggle: the zero gradients count as one identical neuron too.
  await o.page.check('#matrix-gradients');
  assert.equal(await colours(o.page, heatmap('symmetric', 0)), 1);
  assert.match(await o.page.textContent('.sym-run[data-role="symmetric"] .heatmap figcaption') ?? '', /gradients/);
  assert.deepEqual(await o.page.evaluate(() => window.__state), { matrix: 'gradients' });
  await o.page.screenshot({ path: join(ARTIFACTS, 'symmetry-zeros.png'), fullPage: true });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('hover and keyboard read cell values; buttons send validated intents; malformed messages are ignored', { skip }, async () => {
  const symmetric = recordRun('symmetric', 'constant:0.5');
  symmetric.status = 'running';
  const random = recordRun('random', 'he-normal');
  const o = await open();
  await o.send({ type: 'symmetry-runs', mode: 'twin', runs: [symmetric, random] } satisfies ToSymmetryView);
  const canvas = heatmap('random', 0);
  await o.page.waitForSelector(canvas);
  const box = (await o.page.locator(canvas).boundingBox())!;
  await o.page.mouse.move(box.x + box.width * 0.95, box.y + box.height * 0.05); // row 1, column 10
  const tip = await o.page.textContent('.sym-run[data-role="random"] .heatmap-tooltip') ?? '';
  const expected = random.latest!.layers[0]!.weightSimilarity[9]!;
  assert.match(tip, /^Neuron 1 and neuron 10: weight similarity (-?[\d.]+)\.$/);
  assert.ok(Math.abs(Number(/similarity (-?[\d.e-]+)\./.exec(tip)![1]) - expected) < 1e-3);
  await o.page.focus(canvas);
  await o.page.keyboard.press('ArrowDown');
  await o.page.keyboard.press('ArrowRight');
  const readout = await o.page.textContent('.sym-run[data-role="random"] .heatmap-readout') ?? '';
  assert.match(readout, /^Neuron 2 and neuron 3: weight similarity/);
  await o.page.selectOption('.sym-run[data-role="symmetric"] select.scale', '0.1');
  await o.page.click('.sym-run[data-role="symmetric"] vscode-button[data-action="break"]');
  await o.page.click('.sym-run[data-role="random"] vscode-button[data-action="reroll"]');
  await o.page.selectOption('#speed', 'max');
  await o.page.click('vscode-button[data-action="restart"]');
  // The finished random run cannot be broken: its button is disabled.
  assert.equal(await o.page.getAttribute('.sym-run[data-role="random"] vscode-button[data-action="break"]', 'disabled'), '');
  assert.deepEqual((await o.sent()).filter((m) => m.type !== 'ready'), [
    { type: 'breakSymmetry', runId: 'symmetric', scale: 0.1 },
    { type: 'reroll', runId: 'random' },
    { type: 'pace', speed: 'max' },
    { type: 'restart' },
  ]);
  const before = await o.page.textContent('.sym-run[data-role="symmetric"] .status');
  const broken = { ...random, id: 'symmetric', latest: { ...random.latest!, layers: [{ ...random.latest!.layers[0]!, weightSimilarity: [1] }] } };
  for (const bad of [null, 7, 'x', { type: 'symmetry-run' }, { type: 'symmetry-run', run: { id: 'symmetric' } }, { type: 'symmetry-run', run: broken }, { type: 'symmetry-runs', mode: 'triplet', runs: [] }, { type: 'nope' }]) await o.send(bad);
  await o.page.waitForTimeout(100);
  assert.equal(await o.page.textContent('.sym-run[data-role="symmetric"] .status'), before);
  assert.equal(await colours(o.page, heatmap('symmetric', 0)), 1, 'a malformed update changed nothing');
  assert.deepEqual(o.errors, []);
  await o.page.close();
});
