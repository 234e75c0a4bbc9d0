/**
 * Issue 5's acceptance in a real VS Code (code-server + headless Chromium, the extension from
 * its VSIX): "Demonstrate Symmetry Breaking" from the palette, answered as a user answers its
 * prompts, opens the twin panel; within the first epochs the constant run's heatmaps are one
 * flat colour and the random run's are not. Skips loudly where code-server or Chromium is missing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import type { CodeServer } from './code-server';
import { ARTIFACTS, describeInVsCode } from './session';
import { eventually, runCommand, webviewFrame } from './workbench';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

const BUDGET_SECONDS = 150;

let server: CodeServer | undefined;
let page: Page;

/** Answers the open quick pick or input box: types `text` and accepts the first match. */
async function answer(text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(text);
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
}

/** Distinct colours of each heatmap canvas of one run in the panel. */
function heatmapColours(panel: Frame, role: string): Promise<number[]> {
  return panel.evaluate((r) => [...document.querySelectorAll(`.sym-run[data-role="${r}"] .heatmap canvas`)].map((c: any) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }), role);
}

describeInVsCode('Demonstrate Symmetry Breaking in a real VS Code', { tag: 'symmetry', budgetSeconds: BUDGET_SECONDS, viewport: { width: 1440, height: 1000 } }, (session) => {
  before(() => {
    page = session.page;
    server = session.server;
  });

  test('the twin panel: constant init stays one flat heatmap, He init does not', async () => {
    try {
      await runCommand(page, 'Gradient Lab: Demonstrate Symmetry Breaking');
      await answer('circles'); // data and network: deeplearning.ai's rings, [2, 10, 5, 1] ReLU
      await answer('constant'); // the symmetric start…
      await answer('0.5'); // …and its value
      await answer('he-normal'); // the random start
      const panel = await webviewFrame(page, 'Gradient Lab: Gradient Symmetry');
      // Paced at 60 steps a second, full-batch (one step an epoch, as in the exercise): some tens of epochs in after a second or two.
      const step = (role: string) => panel.locator(`.sym-run[data-role="${role}"] .status`).innerText();
      await eventually(() => step('random'), (s) => /step (\d+)/.test(s) && Number(/step (\d+)/.exec(s)![1]) >= 10, 'the first ten steps', 60000);
      const constant = await heatmapColours(panel, 'symmetric');
      const random = await heatmapColours(panel, 'random');
      const at = await step('symmetric');
      assert.deepEqual(constant, [1, 1], `constant:0.5 — both layers one colour (${at})`);
      assert.ok(random.length === 2 && random.every((n) => n > 5), `he-normal — varied heatmaps: ${random}`);
      assert.match(await panel.locator('.sym-run[data-role="symmetric"] .verdict-headline').innerText(), /1 distinct neuron/);
      // The status counts epochs as the training panel does: completed, "N of 15000 epochs done".
      const done = /, (\d+) of 15000 epochs done/.exec(at);
      assert.ok(done && Number(done[1]) < 1000, `within the first epochs, counted as completed of 15,000: ${at}`);
      await page.screenshot({ path: join(ARTIFACTS, 'vscode-symmetry-twin.png') });
    } catch (e) {
      await page.screenshot({ path: join(ARTIFACTS, 'vscode-failed-symmetry.png') }).catch(() => undefined);
      const errors = server?.errors() ?? [];
      if (e instanceof Error && errors.length) e.message += `\n--- code-server / extension host errors ---\n${errors.join('\n')}`;
      throw e;
    }
  });
});
