/**
 * The Layer Features view: the real webview bundle (dist/webview.js + .css) in headless Chromium, in
 * the page the extension serves (same HTML and CSP). The test plays the extension: each probe
 * request the view sends is answered by the real probe handler on a small model trained here (a
 * CNN on the bundled digits, an MLP on the spiral), its events passed on as plain arrays, as a
 * JSON bridge would. Asserts on canvas pixels and DOM, times the 5,000-point map's redraws,
 * and keeps screenshots in test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { ActivationMapEvent, FeaturesEvent, FeaturesRequest } from '../../engine/protocol/layer-features';
import type { FeaturesToView } from '../../webview/views/features/protocol';
import { chromiumMissing } from '../browser';
import { workerBundle } from '../extension/helpers';
import { TrainedRun, ask, trainedDigitsCnn, trainedSpiral } from '../features-fixture';
import { ARTIFACTS, type OpenedPage, type PageLab, startPageLab } from './page-harness';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare class WheelEvent { constructor(type: string, init: Record<string, unknown>); }
declare function requestAnimationFrame(f: () => void): number;

const skip = chromiumMissing();
const THEMES = {
  dark: { '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-charts-blue': '#3794ff', '--vscode-charts-green': '#89d185', '--vscode-charts-orange': '#d18616', '--vscode-charts-red': '#f14c4c', '--vscode-charts-purple': '#b180d7', '--vscode-charts-yellow': '#cca700', '--vscode-button-background': '#0e639c', '--vscode-button-foreground': '#ffffff', '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px', '--vscode-focusBorder': '#007fd4', '--vscode-dropdown-background': '#3c3c3c', '--vscode-dropdown-foreground': '#f0f0f0' },
  light: { '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-descriptionForeground': '#717171', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-green': '#388a34', '--vscode-charts-orange': '#d18616', '--vscode-charts-red': '#e51400', '--vscode-charts-purple': '#652d90', '--vscode-charts-yellow': '#bf8803', '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px', '--vscode-focusBorder': '#005fb8', '--vscode-dropdown-background': '#ffffff', '--vscode-dropdown-foreground': '#3b3b3b' },
};

let lab: PageLab;
let cnn: TrainedRun;
let spiral: TrainedRun;

before(async () => {
  if (skip) return;
  workerBundle(); // builds dist/ when run on its own
  cnn = await trainedDigitsCnn();
  spiral = trainedSpiral();
  lab = await startPageLab({ views: ['features'] });
});

after(() => lab?.close());

/** Typed arrays as plain arrays, all the way down: what a JSON bridge delivers. */
function plain(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

interface Opened extends OpenedPage {
  /** Probe requests the view has sent so far. */
  requests(): Promise<FeaturesRequest[]>;
  /** Answers every request not yet answered with the real handler's events on `run`; returns them. */
  serve(run: TrainedRun, rewrite?: (e: FeaturesEvent) => FeaturesEvent): Promise<FeaturesRequest[]>;
}

async function open(theme: keyof typeof THEMES): Promise<Opened> {
  const base = await lab.open({ viewport: { width: 1280, height: 1400 }, themeVars: THEMES[theme], dark: theme === 'dark' });
  let answered = 0;
  const o: Opened = {
    ...base,
    requests: async () => (await base.sent()).filter((m) => m.type === 'probe').map((m) => m.request as FeaturesRequest),
    async serve(run, rewrite = (e) => e) {
      const all = await o.requests();
      const fresh = all.slice(answered);
      answered = all.length;
      for (const req of fresh) {
        for (const r of await ask(run, req)) {
          const reply = r.type === 'result' ? { ...r, value: rewrite(r.value) } : r.type === 'progress' && r.partial ? { ...r, partial: rewrite(r.partial) } : r;
          await o.send(plain(reply satisfies FeaturesToView));
        }
      }
      return fresh;
    },
  };
  return o;
}

/** Distinct colours and share of non-background pixels of a canvas. */
async function pixels(page: Page, selector: string): Promise<{ colours: number; ink: number; width: number }> {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) {
      seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      if (d[i + 3] > 0) ink++;
    }
    return { colours: seen.size, ink: ink / (d.length / 4), width: c.width };
  }, selector);
}

/** Whether a canvas holds pixels close to `rgb`. */
async function hasColour(page: Page, selector: string, rgb: [number, number, number]): Promise<boolean> {
  return page.evaluate(({ sel, rgb }) => {
    const c = document.querySelector(sel);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1]) + Math.abs(d[i + 2] - rgb[2]) < 24 && d[i + 3] > 200) return true;
    return false;
  }, { sel: selector, rgb });
}

const run = (status: string, step: number, runId = 'run-1', title = 'digits-cnn') => ({ type: 'run', run: { runId, title, status, step } });

test('images: filters, galleries, the UMAP map and atlas from real probes; keyboard neuron selection opens a composition; bad messages are ignored', { skip, timeout: 600_000 }, async () => {
  const o = await open('dark');
  await o.send(run('finished', cnn.trainer.step));
  let served = await o.serve(cnn);
  assert.deepEqual(served.map((r) => r.type), ['probeLayers'], 'a new run: first the layers');
  await o.page.waitForSelector('.features-images');
  served = await o.serve(cnn);
  assert.deepEqual(served.map((r) => r.type).sort(), ['probeActivationMap', 'probeFilters', 'probeTopActivations']);
  const mapReq = served.find((r) => r.type === 'probeActivationMap');
  assert.deepEqual(mapReq && { ...mapReq, id: 0 }, { type: 'probeActivationMap', id: 0, layer: 'conv1', method: 'umap', rows: { set: 'train', maxRows: 2000 }, grid: { size: 20, minPoints: 3 } });
  await o.page.waitForFunction(() => document.querySelector('.features-map')?.dataset.drawMs !== undefined, undefined, { timeout: 60000 });

  const filters = await pixels(o.page, '.features-filters');
  assert.ok(filters.colours > 20, `the filters show weights, not flat squares (${filters.colours} colours)`);
  assert.match(await o.page.textContent('#features-filters-summary') ?? '', /6 filters of conv1, 5×5×1 weights/);
  const gallery = await pixels(o.page, '.features-gallery');
  assert.ok(gallery.ink > 0.3 && gallery.colours > 50, `the gallery holds digit patches (${JSON.stringify(gallery)})`);
  assert.match(await o.page.textContent('#features-gallery-summary-a') ?? '', /conv1: 6 channels/);
  assert.match(await o.page.textContent('#features-gallery-summary-a') ?? '', /ranked by pre-activation .*highest pre-activation [-\d.]+ \(activation [-\d.]+\)/);
  const map = await pixels(o.page, '.features-map');
  assert.ok(map.ink > 0.01 && map.colours > 30, `the map holds thumbnails (${JSON.stringify(map)})`);
  assert.match(await o.page.textContent('#features-map-summary') ?? '', /1?\d+ images placed by their conv1 activations with UMAP.*\d+% of points have a nearest neighbour of their own class/);
  assert.ok(await hasColour(o.page, '.features-map', [0x37, 0x94, 0xff]), 'points are framed in the theme\'s class colours');
  const atlas = await pixels(o.page, '.features-atlas');
  const cells = Number(/(\d+) cells with enough points/.exec(await o.page.textContent('#features-atlas-summary') ?? '')?.[1]);
  assert.ok(cells >= 5 && atlas.ink > 0.01, `the atlas grid has cells (${cells}, ink ${atlas.ink})`);

  // Keyboard: choose conv2 in the layer selector, answer, then pick its third channel and press Enter.
  await o.page.focus('#features-layer');
  await o.page.selectOption('#features-layer', 'conv2');
  served = await o.serve(cnn);
  assert.deepEqual(served.map((r) => [r.type, (r as { layer?: string }).layer]).sort(), [['probeActivationMap', 'conv2'], ['probeTopActivations', 'conv2']]);
  await o.page.waitForFunction(() => /conv2: 8 channels/.test(document.querySelector('#features-gallery-summary-a')?.textContent ?? ''));
  await o.page.focus('.features-gallery');
  await o.page.keyboard.press('ArrowDown');
  await o.page.keyboard.press('ArrowDown');
  assert.match(await o.page.textContent('#features-gallery-summary-a') ?? '', /Selected #3/);
  await o.page.keyboard.press('Enter');
  served = await o.serve(cnn);
  const comp = served.find((r) => r.type === 'probeComposition');
  assert.ok(comp && comp.type === 'probeComposition' && comp.layer === 'conv2' && comp.neuron === 2, JSON.stringify(served));
  await o.page.waitForFunction(() => document.querySelectorAll('.features-composition li').length === 6);
  assert.match(await o.page.textContent('.features-composition') ?? '', /Composition of conv2 #3.*conv1 #\d+: (excites|inhibits) it by/s);

  // Side by side: conv1 next to conv2.
  await o.page.selectOption('#features-side-by-side-with', 'conv1');
  await o.serve(cnn);
  await o.page.waitForFunction(() => /conv1: 6 channels/.test(document.querySelector('#features-gallery-summary-b')?.textContent ?? ''));
  assert.equal(await o.page.isVisible('#features-gallery-summary-b'), true);
  await o.page.waitForTimeout(200);
  await o.page.screenshot({ path: join(ARTIFACTS, 'features-images-dark.png'), fullPage: true });

  // Malformed messages: ignored, or (for a pending probe's answer) reported, and nothing breaks.
  await o.page.selectOption('#features-map-method', 'pca');
  const pending = (await o.requests()).at(-1)!;
  for (const bad of [null, 42, 'x', { type: 'run', run: { runId: 1 } }, { type: 'result', id: pending.id, value: { type: 'nope' } }, { type: 'result', id: pending.id, value: { type: 'activationMap', id: pending.id, points: 'many', rows: [1] } }]) {
    await o.send(bad);
  }
  assert.match(await o.page.textContent('.status') ?? '', /activation map \(.+\) answer was malformed and ignored/);
  assert.deepEqual(o.errors, []);
  assert.equal(await o.page.locator('.features-map').count(), 1);
  await o.page.close();
});

test('the UMAP map refines the PCA map in view: headings say which map and how far, points glide, thumbnails never overlap and the rest are class-coloured dots', { skip, timeout: 600_000 }, async () => {
  const o = await open('dark');
  await o.send(run('finished', cnn.trainer.step));
  await o.serve(cnn);
  await o.page.waitForSelector('.features-images');
  // A fresh UMAP request, answered below one reply at a time: the PCA preview, the layouts, the result.
  await o.page.selectOption('#features-map-method', 'pca');
  await o.serve(cnn);
  await o.page.selectOption('#features-map-method', 'umap');
  const mapReq = (await o.requests()).at(-1)!;
  assert.equal(mapReq.type === 'probeActivationMap' && mapReq.method, 'umap');
  const replies = (await ask(cnn, mapReq)).filter((r) => r.type === 'result' || (r.type === 'progress' && r.partial?.type === 'activationMap'));
  const events = replies.map((r) => (r.type === 'result' ? r.value : r.type === 'progress' ? r.partial : undefined)) as ActivationMapEvent[];
  const heading = () => o.page.textContent('.features-map-block h3');
  /** Draws `e` (sent as the reply that carried it) and waits for its heading; returns the thumbnail boxes and counts of the draw. */
  const show = async (e: ActivationMapEvent, pattern: RegExp) => {
    await o.send(plain(replies[events.indexOf(e)]! satisfies FeaturesToView));
    await o.page.waitForFunction((src) => new RegExp(src).test(document.querySelector('.features-map-block h3')?.textContent ?? ''), pattern.source);
    return o.page.evaluate(() => {
      const c = document.querySelector('.features-map');
      return { gliding: c.dataset.gliding, thumbnails: Number(c.dataset.thumbnails), drawn: Number(c.dataset.drawn), boxes: String(c.dataset.thumbBoxes ?? '') };
    });
  };
  const first = await show(events[0]!, /\(PCA — UMAP will refine it, step \d+\)/);
  const middle = await show(events[3]!, /\(UMAP \(cosine distance\), 75 of 200 layout epochs — refining, step \d+\)/);
  assert.equal(middle.gliding, 'true', 'a refinement glides from the last layout');
  const last = await show(events.at(-1)!, /\(UMAP \(cosine distance\), 200 of 200 layout epochs, step \d+\)$/);
  await o.page.waitForFunction(() => document.querySelector('.features-map')?.dataset.gliding === 'false');
  const settled = await o.page.evaluate(() => {
    const c = document.querySelector('.features-map');
    return { thumbnails: Number(c.dataset.thumbnails), drawn: Number(c.dataset.drawn), boxes: String(c.dataset.thumbBoxes ?? '') };
  });
  console.log(`map of ${events[0]!.rows.length} images at the default zoom: ${first.thumbnails} thumbnails on the PCA map, ${settled.thumbnails} on the UMAP map, the rest dots`);
  for (const [name, draw] of [['PCA', first], ['UMAP', settled]] as const) {
    const boxes = draw.boxes.split(' ').filter(Boolean).map((b) => b.split(',').map(Number) as [number, number, number]);
    assert.equal(boxes.length, draw.thumbnails);
    // Enough thumbnails to read the map, but thinned: not every one of the images.
    assert.ok(draw.thumbnails >= 20 && draw.thumbnails < 0.8 * events[0]!.rows.length, `${name}: ${draw.thumbnails} thumbnails`);
    assert.ok(draw.drawn > draw.thumbnails, `${name}: the images without a thumbnail are drawn as dots`);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [x1, y1, s] = boxes[i]!, [x2, y2] = boxes[j]!;
        assert.ok(Math.abs(x1 - x2) >= s - 0.05 || Math.abs(y1 - y2) >= s - 0.05, `${name}: thumbnails ${i} and ${j} overlap: ${boxes[i]} / ${boxes[j]}`);
      }
    }
  }
  assert.ok(last.drawn > 0);
  assert.match(await heading() ?? '', /UMAP/);
  await o.page.screenshot({ path: join(ARTIFACTS, 'features-map-umap.png'), clip: await o.page.locator('.features-map').boundingBox() ?? undefined });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

/** `e` tiled to `n` points: copies of the real points, jittered, with the real thumbnails and labels. */
function tiled(e: ActivationMapEvent, n: number): ActivationMapEvent {
  const m = e.rows.length;
  const points = new Float32Array(2 * n), rows = new Int32Array(n), labels = new Float32Array(n);
  let spanX = 0;
  for (let i = 0; i < m; i++) spanX = Math.max(spanX, Math.abs(e.points[2 * i]!));
  const each = e.thumbnails!.size ** 2, pixels = new Float32Array(n * each);
  for (let i = 0; i < n; i++) {
    const j = i % m, copy = Math.floor(i / m);
    points[2 * i] = e.points[2 * j]! + Math.sin(i * 12.9898) * spanX * 0.04 * copy;
    points[2 * i + 1] = e.points[2 * j + 1]! + Math.cos(i * 78.233) * spanX * 0.04 * copy;
    rows[i] = i;
    labels[i] = e.labels![j]!;
    pixels.set(e.thumbnails!.pixels.subarray(j * each, (j + 1) * each), i * each);
  }
  return { ...e, points, rows, ys: new Int32Array(n), xs: new Int32Array(n), labels, thumbnails: { size: e.thumbnails!.size, pixels } };
}

test('a 5,000-point map with thumbnails redraws at interactive rates while zooming', { skip, timeout: 600_000 }, async () => {
  const o = await open('dark');
  await o.send(run('finished', cnn.trainer.step));
  await o.serve(cnn);
  await o.page.waitForSelector('.features-images');
  // The view asks for 5,000 points; the real probe on dense1 (all 600 digits, PCA) is tiled up to that many.
  await o.page.selectOption('#features-map-points', '5000');
  await o.page.selectOption('#features-map-method', 'pca');
  await o.serve(cnn, (e) => (e.type === 'activationMap' ? tiled(e, 5000) : e));
  await o.page.waitForFunction(() => /5000 images placed/.test(document.querySelector('#features-map-summary')?.textContent ?? ''), undefined, { timeout: 60000 });
  const { times, drawn } = await o.page.evaluate(async () => {
    const c = document.querySelector('.features-map');
    const r = c.getBoundingClientRect();
    const out: number[] = [], counts: number[] = [];
    for (let i = 0; i < 40; i++) {
      // Zoom in for 20 frames, out for 20: every frame redraws all 5,000 points that are in view.
      c.dispatchEvent(new WheelEvent('wheel', { deltaY: i < 20 ? -60 : 60, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
      await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(() => res(undefined))));
      out.push(Number(c.dataset.drawMs));
      counts.push(Number(c.dataset.drawn));
    }
    return { times: out, drawn: counts };
  });
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!, worst = sorted.at(-1)!;
  console.log(`5,000-point map with thumbnails: redraw median ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms over ${times.length} zoom frames (headless Chromium, software rendering)`);
  // Zoomed in, points outside the view are skipped; back where it started, all but the outliers
  // beyond the 1st–99th percentile box the map opens on are drawn.
  assert.ok(drawn[19]! < 2500, `culled when zoomed in (${drawn[19]} drawn)`);
  assert.ok(drawn[39]! >= 4800, `drawn when zoomed out (${drawn[39]})`);
  // The redraw time is printed above, not asserted: a wall-clock bound fails on a loaded machine.
  assert.ok(times.every((t) => Number.isFinite(t) && t >= 0), `every zoom frame redrew: ${times}`);
  await o.page.screenshot({ path: join(ARTIFACTS, 'features-map-5000.png'), clip: await o.page.locator('.features-map').boundingBox() ?? undefined });
  assert.deepEqual(o.errors, []);
  await o.page.close();
});

test('2-D data: neuron heatmaps, the weighted network and the decision map with points; hover reads values; live while training', { skip, timeout: 600_000 }, async () => {
  const o = await open('light');
  await o.send(run('running', spiral.trainer.step, 'spiral-1', 'spiral'));
  await o.serve(spiral);
  await o.page.waitForSelector('.features-playground');
  await o.serve(spiral);
  await o.page.waitForFunction(() => /Decision map at step/.test(document.querySelector('#features-decision-summary')?.textContent ?? ''));
  assert.match(await o.page.textContent('#features-network-summary') ?? '', /Network 2 → 8 → 8 → 1 at step \d+: 88 weights drawn/);
  const summary = await o.page.textContent('#features-decision-summary') ?? '';
  const agree = Number(/(\d+)% of training points lie in their own class's region/.exec(summary)?.[1]);
  assert.ok(agree >= 90, summary);
  assert.match(summary, /coloured by class \(orange: class 0, blue: class 1\)/, 'the same class colours as Compare Models');
  // Both classes' regions are on the map: light-theme blue and orange blended towards white.
  const blue = await hasColour(o.page, '.features-playground canvas:nth-of-type(1)', [0x1a, 0x85, 0xff]);
  const network = await pixels(o.page, '.features-playground .features-row > div:first-child canvas');
  assert.ok(network.colours > 100 && blue, `neurons are drawn as heatmaps with coloured edges (${JSON.stringify(network)})`);
  const decision = await pixels(o.page, '.features-playground .features-row > div:last-child canvas');
  assert.ok(decision.colours > 100);
  assert.ok(await hasColour(o.page, '.features-playground .features-row > div:last-child canvas', [0x1a, 0x85, 0xff]), 'class-1 points and region in blue');
  assert.ok(await hasColour(o.page, '.features-playground .features-row > div:last-child canvas', [0xd1, 0x86, 0x16]), 'class-0 points and region in orange');
  const box = (await o.page.locator('.features-playground .features-row > div:last-child canvas').boundingBox())!;
  await o.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  assert.match(await o.page.textContent('.features-playground .hover-readout') ?? '', /\(x1, x2\) = \(.+\): P\(class 1\) = 0?\.\d+|\(x1, x2\) = \(.+\): P\(class 1\) = [01]/);
  const net = (await o.page.locator('.features-playground .features-row > div:first-child canvas').boundingBox())!;
  await o.page.mouse.move(net.x + net.width / 2 + 17, net.y + 22 + 17);
  await o.page.screenshot({ path: join(ARTIFACTS, 'features-playground-light.png'), fullPage: true });
  // Live: a later step of the running run brings a new neuron-response request within the live interval.
  const before = (await o.requests()).filter((r) => r.type === 'probeNeuronResponses').length;
  await o.send(run('running', spiral.trainer.step + 50, 'spiral-1', 'spiral'));
  await o.page.waitForTimeout(700);
  const after = (await o.requests()).filter((r) => r.type === 'probeNeuronResponses').length;
  assert.ok(after > before, `re-probed while training (${before} → ${after})`);
  await o.serve(spiral);
  // Finished: one last look at the final weights, then no more polling.
  await o.send(run('finished', spiral.trainer.step + 60, 'spiral-1', 'spiral'));
  await o.serve(spiral);
  const settled = (await o.requests()).length;
  await o.page.waitForTimeout(900);
  assert.equal((await o.requests()).length, settled, 'no polling once the run has ended');
  assert.deepEqual(o.errors, []);
  await o.page.close();
});
