/**
 * Issue 5's acceptance in a real VS Code (code-server + headless Chromium, the extension from
 * its VSIX): "Demonstrate Symmetry Breaking" from the palette, answered as a user answers its
 * prompts, opens the twin panel; the constant run's heatmaps are one flat colour with 1 distinct
 * neuron per layer (at every step: constant init never breaks), the random run's are not.
 * Everything is read in one look at the panel, and polled until it holds: the panel redraws
 * while it is read, and its verdict wording has several valid variants, so the test reads facts
 * (the heatmaps' data-distinct, their pixels), not one sentence. Issue 12's: Break symmetry acts
 * within a second at every speed (times in test-artifacts/symmetry-break-latency.json; bound
 * here 5 s), and "Show Gradient Symmetry" on a full-speed run draws its distinct and rank lines.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ARTIFACTS, describeInVsCode } from './session';
import { acceptDetectedLabel } from './label-pick';
import type { Frame } from 'playwright-core';
import { showGradientSymmetry } from './steps';
import { explorerMenu, quickPickListed, runCommand, textOf, untilWebview, webviewFrame } from './workbench';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

const TITLE = 'Gradient Lab: Gradient Symmetry';
/** The user's own run for "Show Gradient Symmetry": long enough to watch at full speed. */
const SETTINGS = { 'gradientLab.training.epochs': 20000, 'gradientLab.training.batchSize': 16 };

interface RunLook { step: number; status: string; distinct: number[]; colours: number[]; verdict: string }

describeInVsCode('Demonstrate Symmetry Breaking in a real VS Code', { tag: 'symmetry', budgetSeconds: 600, settings: SETTINGS, viewport: { width: 1440, height: 1000 } }, (s) => {
  /** Answers the open prompt: types `text`; in a quick pick, waits until a row lists it; accepts. */
  async function answer(text: string, kind: 'pick' | 'input' = 'pick'): Promise<void> {
    const input = s.page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 15000 });
    await input.fill(text);
    if (kind === 'pick') await quickPickListed(s.page, text);
    await input.press('Enter');
    // The next prompt (or none) replaces this one: wait until the typed text is gone from the box.
    await s.page.waitForFunction((t) => { const i = document.querySelector('.quick-input-widget input.input'); return !i || i.value !== t || !i.offsetParent; }, text, { timeout: 15000 });
  }

  test('the twin panel: constant init stays one flat heatmap, He init does not', () =>
    s.step('twin', async () => {
      await runCommand(s.page, 'Gradient Lab: Demonstrate Symmetry Breaking');
      await answer('circles'); // data and network: deeplearning.ai's rings, [2, 10, 5, 1] ReLU
      await answer('constant'); // the symmetric start…
      await answer('0.5', 'input'); // …and its value
      await answer('he-normal'); // the random start
      // Both runs, as one snapshot of the panel: step, each heatmap's distinct count and colours.
      const look = (role: string) => (frame: import('playwright-core').Frame) => frame.evaluate((r) => {
        const run = document.querySelector(`.sym-run[data-role="${r}"]`);
        const maps = [...run.querySelectorAll('.heatmap')];
        return {
          step: Number(/step (\d+)/.exec(run.querySelector('.status')?.innerText ?? '')?.[1] ?? -1),
          status: run.querySelector('.status')?.innerText ?? '',
          distinct: maps.map((m: any) => Number(m.dataset.distinct ?? -1)),
          colours: maps.map((m: any) => {
            const c = m.querySelector('canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            const seen = new Set<number>();
            for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
            return seen.size;
          }),
          verdict: run.dataset.verdict ?? '',
        };
      }, role) as Promise<RunLook>;
      const both = (frame: import('playwright-core').Frame) => Promise.all([look('symmetric')(frame), look('random')(frame)]);
      // A first epoch (10 steps) in: the random run's neurons have drawn apart.
      const [constant, random] = await untilWebview(s.page, TITLE, both,
        ([c, r]) => c.step >= 10 && r.step >= 10 && c.distinct.length === 2 && r.distinct.length === 2 && r.distinct.every((n) => n > 1),
        'both runs a first epoch in, with two heatmaps each', 90000);
      assert.deepEqual(constant.distinct, [1, 1], `constant:0.5 — 1 distinct neuron per layer at step ${constant.step}`);
      assert.deepEqual(constant.colours, [1, 1], `constant:0.5 — both heatmaps one colour at step ${constant.step}`);
      assert.ok(constant.verdict === 'symmetric' || constant.verdict === 'no-gradient', `constant run's verdict: ${constant.verdict}`);
      assert.ok(random.colours.every((n) => n > 5), `he-normal — varied heatmaps: ${random.colours}`);
      assert.equal(random.verdict, 'distinct');
      // The status counts epochs as the training panel does: completed, "N of 15000 epochs done" (full batch: a step an epoch).
      assert.match(constant.status, /, \d+ of 15000 epochs done/);
      await s.page.screenshot({ path: join(ARTIFACTS, 'vscode-symmetry-twin.png') });
    }));

  test('the twin panel: Break symmetry takes effect within a second at every speed', () =>
    s.step('break', async () => {
      const timeline = (f: Frame) => textOf(f, '.sym-run[data-role="symmetric"] .timeline .chart-summary');
      const distinct = (t: string) => [...t.matchAll(/(\d+) distinct/g)].map((m) => Number(m[1]));
      const symmetric = (t: string) => distinct(t).length === 2 && distinct(t).every((d) => d === 1);
      const stepOf = (t: string) => Number(/step (\d+)/.exec(t)?.[1] ?? -1);
      const latencies: Record<string, number> = {};
      for (const speed of ['paused', 'slow', 'normal', 'fast', 'max']) {
        // Both runs again from the symmetric start, a few slow steps in (a run has its first
        // measurement once it stepped), then at the speed under test.
        const panel = await webviewFrame(s.page, TITLE);
        await panel.locator('#speed').selectOption('slow');
        await panel.locator('[data-action="restart"]').click();
        await untilWebview(s.page, TITLE, async (f) => ({ status: await textOf(f, '.sym-run[data-role="symmetric"] .status'), timeline: await timeline(f) }),
          (v) => stepOf(v.status) >= 1 && stepOf(v.status) < 40 && symmetric(v.timeline), `the symmetric run restarted (${speed})`, 60000);
        const now = await webviewFrame(s.page, TITLE);
        await now.locator('#speed').selectOption(speed);
        const t0 = Date.now();
        await now.locator('.sym-run[data-role="symmetric"] [data-action="break"]').click();
        await untilWebview(s.page, TITLE, timeline, (t) => distinct(t).some((d) => d > 1), `Break symmetry to act at speed ${speed}`, 5000);
        latencies[speed] = Date.now() - t0;
      }
      writeFileSync(join(ARTIFACTS, 'symmetry-break-latency.json'), JSON.stringify({ pollMs: 250, latencies }, null, 2) + '\n');
      console.log(`# Break symmetry, click → timeline (ms, read every 250 ms): ${JSON.stringify(latencies)}`);
    }));

  test('Show Gradient Symmetry: a full-speed run\'s timeline has its distinct and rank lines', () =>
    s.step('timeline', async () => {
      await explorerMenu(s.page, 'spiral.csv', 'Train a Model on This Dataset');
      // The suite's first run on the file: the label pick (issue 13) asks first; later runs remember it.
      await acceptDetectedLabel(s.page, 'spiral.csv', 'label');
      await webviewFrame(s.page, 'Gradient Lab: Training');
      const seen = await showGradientSymmetry(s.page);
      assert.match(seen.status, /running/, `while the run trains at full speed: ${seen.status}`);
      assert.match(seen.timeline, /dense1 \d+ distinct, rank [\d.]+; dense2 \d+ distinct, rank [\d.]+; batch loss/);
      await runCommand(s.page, 'Gradient Lab: Stop Training');
    }));
});
