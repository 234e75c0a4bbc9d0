/**
 * Issue 5's acceptance in a real VS Code (code-server + headless Chromium, the extension from
 * its VSIX): "Demonstrate Symmetry Breaking" from the palette, answered as a user answers its
 * prompts, opens the twin panel; the constant run's heatmaps are one flat colour with 1 distinct
 * neuron per layer (at every step: constant init never breaks), the random run's are not.
 * Everything is read in one look at the panel, and polled until it holds: the panel redraws
 * while it is read, and its verdict wording has several valid variants, so the test reads facts
 * (the heatmaps' data-distinct, their pixels), not one sentence.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ARTIFACTS, describeInVsCode } from './session';
import { quickPickListed, runCommand, untilWebview } from './workbench';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

const TITLE = 'Gradient Lab: Gradient Symmetry';

interface RunLook { step: number; status: string; distinct: number[]; colours: number[]; verdict: string }

describeInVsCode('Demonstrate Symmetry Breaking in a real VS Code', { tag: 'symmetry', budgetSeconds: 300, viewport: { width: 1440, height: 1000 } }, (s) => {
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
});
