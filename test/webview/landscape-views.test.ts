/**
 * The landscape lab views (convexity, race, landscape): the real webview bundle in headless
 * Chromium, in the page the extension serves (same HTML and CSP), fed the events the worker's
 * landscape jobs really produce for the requests the extension sends, as the extension forwards them. Screenshots go to
 * test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { parseConfig } from '../../engine/config-parse';
import { syntheticDataset } from '../../engine/data/synthetic';
import type { GridJson, LandscapeRequest, LandscapeWorkerEvent } from '../../engine/protocol/landscape';
import { landscapeJobs, trajectoryObserver } from '../../engine/landscape/worker-handler';
import { TrajectoryRecorder } from '../../engine/landscape/trajectory-recorder';
import { JobDriver, serveJobs } from '../../engine/job-driver';
import type { JobReply } from '../../engine/protocol/job';
import type { ProbeContext } from '../../engine/probe-handler';
import type { ToLandscapeView } from '../../webview/views/landscape/protocol';
import { Trainer, prepareData } from '../../engine/trainer';
import { chromiumMissing } from '../browser';
import { workerBundle } from '../extension/helpers';
import { ARTIFACTS, type OpenedPage, type PageLab, startPageLab } from './page-harness';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;

const skip = chromiumMissing();
const DARK = { '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-charts-blue': '#3794ff', '--vscode-charts-green': '#89d185', '--vscode-charts-yellow': '#cca700', '--vscode-charts-orange': '#d18616', '--vscode-charts-red': '#f14c4c', '--vscode-charts-purple': '#b180d7', '--vscode-button-background': '#0e639c', '--vscode-button-foreground': '#ffffff', '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px', '--vscode-focusBorder': '#007fd4', '--vscode-panel-border': '#444444' };

/** The worker's replies to `req` (with `trainer` as the current run, if any), every step reported. */
async function replies(req: LandscapeRequest, trainer?: Trainer, trajectory = new TrajectoryRecorder()): Promise<JobReply[]> {
  const out: JobReply[] = [];
  const ctx: ProbeContext = { trainer, data: trainer?.data as ProbeContext['data'], post: (e) => out.push(e as JobReply) };
  await serveJobs(landscapeJobs(trajectory), new JobDriver({ progressMs: 0 })).handle(req, ctx);
  return out;
}

/** What the extension sends a view for each reply (extension/labs/landscape.ts). */
function toView(r: JobReply): ToLandscapeView {
  switch (r.type) {
    case 'progress': return r.partial ? { type: 'event', event: r.partial as LandscapeWorkerEvent } : { type: 'progress', fraction: r.fraction, phase: r.phase };
    case 'result': return { type: 'event', event: r.value as LandscapeWorkerEvent };
    case 'failed': return { type: 'failed', message: r.message };
    case 'cancelled': return { type: 'cancelled' };
  }
}

/** The answer events (partials and the result) of `req`. */
async function answer(req: LandscapeRequest, trainer?: Trainer, trajectory?: TrajectoryRecorder): Promise<LandscapeWorkerEvent[]> {
  return (await replies(req, trainer, trajectory)).map(toView).flatMap((m) => (m.type === 'event' ? [m.event] : []));
}

/** A trained run whose path the observer recorded, as in the worker. */
function trainedRun(): { trainer: Trainer; trajectory: TrajectoryRecorder } {
  const config = parseConfig({ dataset: { synthetic: 'circle', samples: 300 }, model: { hidden: [6] }, training: { epochs: 6, batchSize: 32 } });
  const trainer = new Trainer(config, prepareData(config, syntheticDataset('circle', { samples: 300, seed: 1 })));
  const trajectory = new TrajectoryRecorder();
  const observer = trajectoryObserver(trajectory);
  const ctx: ProbeContext = { trainer, data: undefined, post: () => undefined };
  for (const e of trainer.run()) observer.observe!(e, ctx);
  return { trainer, trajectory };
}

let lab: PageLab;

before(async () => {
  if (skip) return;
  workerBundle();
  lab = await startPageLab({ views: ['landscape', 'race', 'convexity'] });
});

after(() => lab?.close());

// Figures redraw on the next animation frame, so send() waits for it.
const open = (view: string) => lab.open({ view, viewport: { width: 1300, height: 1000 }, themeVars: DARK, settle: 'frames' });

const sendEvents = async (o: OpenedPage, events: LandscapeWorkerEvent[]) => {
  for (const event of events) await o.send({ type: 'event', event });
};

/** Pixel (RGBA) of a 300×300 map canvas at each grid coordinate (the map's 4 px frame, as drawn). */
async function mapPixels(page: Page, canvas: string, grid: GridJson, xs: readonly number[], ys: readonly number[]): Promise<number[][]> {
  const [x0, x1, y0, y1] = [grid.xAxis[0]!, grid.xAxis.at(-1)!, grid.yAxis[0]!, grid.yAxis.at(-1)!];
  // The plot box inside the canvas (margins hold the axes and the colour scale), as the view writes it.
  const [left, top, width, height] = (await page.getAttribute(canvas, 'data-plot'))!.split(',').map(Number) as [number, number, number, number];
  const points = xs.map((x, i) => [Math.round(left + ((x - x0) / (x1 - x0)) * width), Math.round(top + (1 - (ys[i]! - y0) / (y1 - y0)) * height)]);
  return page.evaluate(({ sel, pts }) => {
    const ctx = document.querySelector(sel).getContext('2d');
    return pts.map(([x, y]: number[]) => Array.from(ctx.getImageData(x, y, 1, 1).data));
  }, { sel: canvas, pts: points });
}

/** All pixels of a canvas, to compare two drawings. */
async function allPixels(page: Page, canvas: string): Promise<number[]> {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
  }, canvas);
}

const changed = (a: number[][], b: number[][]) => a.filter((p, i) => p.some((v, k) => v !== b[i]![k])).length / a.length;

test('convexity view: asks for the comparison on open, draws four panels with paths and the right verdicts', { skip }, async () => {
  const o = await open('convexity');
  await o.page.waitForFunction(() => window.__sent.some((m: { type: string }) => m.type === 'compare'));
  const compare = (await o.sent()).find((m) => m.type === 'compare');
  assert.deepEqual(compare, { type: 'compare', source: 'builtin', feature: 0, start: [-4, 4], learningRate: 1, steps: 200 });
  // What extension/labs/convexity.ts asks the worker for on the built-in sets.
  const grid = { w: [-8, 8] as [number, number], b: [-8, 8] as [number, number], resolution: 61, start: [-4, 4] as [number, number], steps: 200 };
  const logistic = await answer({ type: 'convexity', id: 1, data: { builtIn: 'classification' }, losses: ['mse-on-sigmoid', 'binary-cross-entropy', 'hinge'], learningRate: 1, ...grid });
  const linear = await answer({ type: 'convexity', id: 2, data: { builtIn: 'regression' }, losses: ['mse'], learningRate: 0.25, ...grid });
  const full = logistic[0]!;
  assert.ok(full.type === 'convexity');
  // First the panels with only the start of each path, then the whole descent: the pixels along the path must change.
  await sendEvents(o, [{ ...full, panels: full.panels.map((p) => ({ ...p, path: { w: p.path.w.slice(0, 1), b: p.path.b.slice(0, 1), loss: p.path.loss.slice(0, 1) } })) }]);
  const ce = full.panels[1]!;
  const pathSel = '#convexity-binary-cross-entropy-map';
  const idx = ce.path.w.map((_, i) => i).filter((i) => i > 3 && i % 5 === 0);
  const before = await mapPixels(o.page, pathSel, ce.grid, idx.map((i) => ce.path.w[i]!), idx.map((i) => ce.path.b[i]!));
  const reliefBefore = await allPixels(o.page, '#convexity-binary-cross-entropy-relief');
  await sendEvents(o, [full, linear[0]!]);
  const afterPath = await mapPixels(o.page, pathSel, ce.grid, idx.map((i) => ce.path.w[i]!), idx.map((i) => ce.path.b[i]!));
  assert.ok(changed(before, afterPath) > 0.8, `${(changed(before, afterPath) * 100).toFixed(0)}% of the pixels along the path changed`);
  const reliefAfter = await allPixels(o.page, '#convexity-binary-cross-entropy-relief');
  assert.ok(reliefAfter.some((v, i) => v !== reliefBefore[i]), 'the path is drawn on the relief too');
  assert.equal(await o.page.locator('#convexity-panels figure').count(), 4);
  assert.match(await o.page.textContent('#convexity-mse-on-sigmoid-verdict') ?? '', /^NOT convex: \d+ of \d+ segments/);
  for (const loss of ['binary-cross-entropy', 'hinge', 'mse']) {
    assert.match(await o.page.textContent(`#convexity-${loss}-verdict`) ?? '', /^Convex on the grid/, loss);
  }
  const summary = await o.page.textContent('#convexity-binary-cross-entropy-summary') ?? '';
  assert.match(summary, /lowest loss on the grid [\d.]+ at \(w, b\) = /);
  // Axes and a colour scale: named axes, the scale's values from the lowest loss to the highest.
  assert.match(summary, /w \(the weight\) from -8 to 8, b \(the bias\) from -8 to 8/);
  const scale = /Colour scale \(low to high loss\): ([^,]+), [^,]+, [^,]+, [^,]+, ([^.]+(?:\.\d+)?)\./.exec(summary);
  assert.ok(scale, summary);
  assert.equal(scale[1], /lowest loss on the grid ([\d.]+) /.exec(summary)![1], 'the scale starts at the grid\'s lowest loss');
  const margins = await o.page.evaluate(() => {
    const c = document.getElementById('convexity-binary-cross-entropy-map');
    const [left, top, width, height] = c.dataset.plot.split(',').map(Number);
    const ink = (x: number, y: number, w: number, h: number) => {
      const d = c.getContext('2d').getImageData(x, y, w, h).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    };
    return { below: ink(left, top + height + 2, width, 34), leftOf: ink(0, top, left - 2, height), scale: ink(left + width + 8, top, 14, height) };
  });
  assert.ok(margins.below > 200 && margins.leftOf > 200, `tick labels and titles are drawn: ${JSON.stringify(margins)}`);
  assert.ok(margins.scale > 10 * 200, `the colour scale is drawn: ${JSON.stringify(margins)}`);
  assert.match(summary, /gradient descent: 200 steps, ends at \(/);
  // One number, one source: the summary's end loss and point are the verdict's, for every panel.
  for (const loss of ['mse-on-sigmoid', 'binary-cross-entropy', 'hinge', 'mse']) {
    const said = /gradient descent: 200 steps, ends at \(([^)]+)\), loss ([^ .]+(?:\.\d+)?(?:e[-+]?\d+)?)\./.exec(await o.page.textContent(`#convexity-${loss}-summary`) ?? '');
    const verdict = /→ ([^ ]+) at \(w, b\) = \(([^)]+)\)\.$/.exec(await o.page.textContent(`#convexity-${loss}-verdict`) ?? '');
    assert.ok(said && verdict, `${loss}: both texts name the end`);
    assert.equal(said[2], verdict[1], `${loss}: the end loss in the summary and the verdict`);
    assert.equal(said[1], verdict[2], `${loss}: the end point`);
  }
  assert.equal(await o.page.getAttribute('#convexity-binary-cross-entropy-map', 'aria-describedby'), 'convexity-binary-cross-entropy-summary');
  assert.match(await o.page.textContent('#convexity-data') ?? '', /1-D classification.*1-D regression/);
  // Malformed or foreign messages change nothing and throw nothing.
  const text = await o.page.textContent('#convexity-panels');
  for (const bad of [null, 7, 'x', { type: 'event' }, { type: 'event', event: { type: 'convexity', id: 1, description: 'x', panels: [{ loss: 'mse', grid: { xAxis: [1], yAxis: [1], values: [1] }, convexity: {}, path: {} }] } },
    { type: 'event', event: { type: 'race', id: 1, from: 0, step: 1, done: true, racers: [{ label: 'x', xs: [1], ys: [], losses: [] }] } }, { type: 'run', run: { title: 1 } }, { type: 'nope' }]) {
    await o.send(bad);
  }
  assert.equal(await o.page.textContent('#convexity-panels'), text);
  await o.page.screenshot({ path: join(ARTIFACTS, 'landscape-convexity.png'), fullPage: true });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('race view: keyboard picks the start, the race message carries every racer, frames fill the paths and the table', { skip }, async () => {
  const o = await open('race');
  // Focus the map, move the start right twice (1/40 of the range each), and choose it.
  await o.page.focus('#race-map');
  await o.page.keyboard.press('ArrowRight');
  await o.page.keyboard.press('ArrowRight');
  await o.page.keyboard.press('Enter');
  assert.match(await o.page.textContent('#race-start') ?? '', /Start: \(-1\.3, 2\)/);
  await o.page.focus('#start-race');
  await o.page.keyboard.press('Enter');
  await o.page.waitForFunction(() => window.__sent.some((m: { type: string }) => m.type === 'race'));
  const req = (await o.sent()).find((m) => m.type === 'race')!;
  assert.equal(req.surface, 'rosenbrock');
  assert.deepEqual(req.racers, [{ optimizer: 'sgd', learningRate: 0.001 }, { optimizer: 'momentum', learningRate: 0.001 }, { optimizer: 'adam', learningRate: 0.05 }]);
  assert.equal(req.steps, 2000);
  assert.ok(Math.abs((req.start as number[])[0]! + 1.3) < 1e-9 && (req.start as number[])[1] === 2);
  // The frames the worker streams for the README's race (from its own start, (−1.5, 2)).
  const racers = [{ label: 'sgd 0.001', optimizer: { kind: 'sgd' as const, learningRate: 0.001 } }, { label: 'momentum 0.001', optimizer: { kind: 'momentum' as const, learningRate: 0.001 } }, { label: 'adam 0.05', optimizer: { kind: 'adam' as const, learningRate: 0.05 } }];
  const frames = await answer({ type: 'race', id: 5, surface: 'rosenbrock', racers, steps: 2000, start: [-1.5, 2], frameEvery: 250 });
  const grid = { xAxis: [-2, 2], yAxis: [-1, 3], values: [0, 0, 0, 0], min: { x: 0, y: 0, value: 0 }, max: { x: 0, y: 0, value: 0 } };
  const adam = frames.flatMap((f) => (f.type === 'race' ? [f.racers[2]!] : []));
  const xs = adam.flatMap((r) => r.xs).filter((_, i) => i % 40 === 20), ys = adam.flatMap((r) => r.ys).filter((_, i) => i % 40 === 20);
  const before = await mapPixels(o.page, '#race-map', grid, xs, ys);
  await sendEvents(o, frames.slice(0, 2));
  const rowsMid = await o.page.locator('#race-table tbody tr').count();
  assert.equal(rowsMid, 3);
  assert.equal((await o.page.textContent('#race-table tbody tr:nth-child(1) td:nth-child(2)'))?.trim(), '500', 'two frames of 250 steps');
  await sendEvents(o, frames.slice(2));
  const afterPath = await mapPixels(o.page, '#race-map', grid, xs, ys);
  assert.ok(changed(before, afterPath) > 0.5, `${(changed(before, afterPath) * 100).toFixed(0)}% of the pixels along Adam's path changed`);
  const cells = async (row: number) => (await o.page.locator(`#race-table tbody tr:nth-child(${row}) td`).allTextContents()).map((s) => s.trim());
  const [sgd, momentum, adamRow] = [await cells(1), await cells(2), await cells(3)];
  assert.equal(sgd[0], '2000');
  assert.equal(sgd[5], '–', 'SGD at 0.001 does not reach (1, 1) in 2000 steps');
  assert.match(momentum[5]!, /^\d+$/);
  assert.match(adamRow[5]!, /^\d+$/);
  assert.match(await o.page.textContent('#race-loss-summary') ?? '', /Latest loss: sgd 0\.001 [\d.e-]+ after 2000 steps/);
  assert.match(await o.page.textContent('#race-summary') ?? '', /adam 0\.05: 2000 steps, ends at \(1, 1\)/);
  // One number, one source: the map's summary, the table and the loss chart's summary give each racer's final loss alike.
  const raceSummary = await o.page.textContent('#race-summary') ?? '', lossSummary = await o.page.textContent('#race-loss-summary') ?? '';
  for (const [label, row] of [['sgd 0.001', sgd], ['momentum 0.001', momentum], ['adam 0.05', adamRow]] as const) {
    const said = new RegExp(`${label.replace('.', '\\.')}: 2000 steps, ends at \\(([^)]+)\\), loss ([^ ]+?)\\.(?: |$)`).exec(raceSummary);
    assert.ok(said, `${label} in the map summary: ${raceSummary}`);
    assert.equal(said[2], row[3], `${label}: the map summary's loss and the table's`);
    assert.equal(said[1], `${row[1]}, ${row[2]}`, `${label}: the end point`);
    assert.ok(lossSummary.includes(`${label} ${row[3]} after 2000 steps`), `${label}: the chart summary's loss: ${lossSummary}`);
  }
  await o.page.screenshot({ path: join(ARTIFACTS, 'landscape-race.png'), fullPage: true });
  // Another test function redraws its surface; a bad learning rate is refused in the view.
  await o.page.evaluate(() => {
    const lr = document.getElementById('lr-sgd');
    lr.value = '-1';
  });
  await o.page.click('#start-race');
  assert.match(await o.page.textContent('.alert') ?? '', /learning rate of sgd/);
  assert.equal((await o.sent()).filter((m) => m.type === 'race').length, 1);
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('landscape view: slice progress, the slice with the training path, the 1-D slice, the curvature verdict, cancel', { skip }, async () => {
  const o = await open('landscape');
  const { trainer, trajectory } = trainedRun();
  await o.send({ type: 'run', run: { title: 'circle', source: 'circle', task: 'classification', classes: 2, features: 2, status: 'finished' } });
  assert.match(await o.page.textContent('.status') ?? '', /Run: circle — circle, classification, 2 feature\(s\), finished/);
  await o.page.click('#compute-slice');
  const asked = (await o.sent()).find((m) => m.type === 'slice');
  assert.deepEqual(asked, { type: 'slice', directions: 'random', resolution: 41, seed: 1 });
  const messages = (await replies({ type: 'landscape', id: 9, directions: 'pca', resolution: 41, trajectory: true }, trainer, trajectory)).map(toView);
  const last = messages.at(-1)!;
  const slice = last.type === 'event' ? last.event : undefined;
  assert.ok(slice?.type === 'landscape' && slice.trajectory);
  assert.equal(messages.length, 42, 'a progress message per row, then the slice');
  for (const m of messages.slice(0, 20)) await o.send(m);
  assert.equal(await o.page.evaluate(() => document.getElementById('slice-progress').value), 20 / 41);
  assert.match(await o.page.textContent('#slice-progress-text') ?? '', /49% of the rows/);
  for (const m of messages.slice(20)) await o.send(m);
  const t = slice.trajectory;
  // The path's pixels differ from the map drawn without it: redraw the same grid with no path and compare.
  const withPath = await mapPixels(o.page, '#landscape-map', slice.grid, t.alpha, t.beta);
  await o.send({ type: 'event', event: { ...slice, trajectory: undefined } });
  const without = await mapPixels(o.page, '#landscape-map', slice.grid, t.alpha, t.beta);
  assert.ok(changed(withPath, without) > 0.6, `${(changed(withPath, without) * 100).toFixed(0)}% of the path's pixels differ`);
  await o.send({ type: 'event', event: slice });
  const summary = await o.page.textContent('#landscape-summary') ?? '';
  assert.match(summary, /training path \(7 points, steps 0–\d+\): 6 steps, ends at \(0, 0\)/);
  assert.match(summary, /The PCA directions explain [\d.]+% and [\d.]+%/);
  assert.match(await o.page.textContent('#slice-summary') ?? '', /Along 0° through the weights \(at distance 0\): loss [\d.]+ at the weights, lowest [\d.]+ at distance -?[\d.]+ along the direction/);
  const curvature = await answer({ type: 'curvature', id: 10, options: { maxIterations: 60 } }, trainer, trajectory);
  await sendEvents(o, curvature);
  assert.match(await o.page.textContent('#curvature-verdict') ?? '', /^Curvature at step \d+: (convex here|saddle: negative curvature λ_min = |plateau)/);
  await o.page.click('#cancel-slice');
  assert.equal((await o.sent()).at(-1)?.type, 'cancel');
  await o.page.screenshot({ path: join(ARTIFACTS, 'landscape-slice.png'), fullPage: true });
  const failed = (await replies({ type: 'landscape', id: 11, directions: 'random' })).map(toView);
  assert.deepEqual(failed.map((m) => m.type), ['failed']);
  await o.send(failed[0]);
  assert.match(await o.page.textContent('.alert') ?? '', /needs a run/);
  assert.deepEqual(o.errors, []);
  await o.page.close();
});
