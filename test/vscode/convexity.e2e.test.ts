/**
 * Issue 7's scenario in a real VS Code (code-server + headless Chromium, the extension from its
 * VSIX): the palette command "Gradient Lab: Compare Loss Convexity" opens the side-by-side view —
 * squared error on σ not convex, cross-entropy, hinge and linear regression's MSE convex — with no
 * run needed; "Show Loss Landscape" stays out of the palette while there is no run. Skips loudly
 * where code-server or Chromium is not installed; CI installs both.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ARTIFACTS, describeInVsCode, type Session } from './session';
import { paletteSettled, runCommand, untilWebview, withWebview } from './workbench';

const BUDGET_SECONDS = 240;
const COMMAND = 'Gradient Lab: Compare Loss Convexity';

let page: Page;

let stepIn: Session['step'];
/** Runs a step; on failure keeps a screenshot and adds the server's error lines to the message. */
const step: Session['step'] = (name, body) => stepIn(name, body);

describeInVsCode('Compare Loss Convexity in a real VS Code', { tag: 'convexity', budgetSeconds: BUDGET_SECONDS, viewport: { width: 1440, height: 1000 } }, (session) => {
  before(() => {
    page = session.page;
    stepIn = session.step;
  });

  test('the palette offers Race Optimizers and Compare Loss Convexity, and Show Loss Landscape only with a run', () =>
    step('palette', async () => {
      const labels = await paletteSettled(page, 'Gradient Lab: ');
      assert.ok(labels.includes('Gradient Lab: Race Optimizers…'), labels.join(' | '));
      assert.ok(labels.includes(COMMAND));
      assert.ok(!labels.includes('Gradient Lab: Show Loss Landscape'), 'no run yet, so no landscape command');
      await page.keyboard.press('Escape');
    }));

  test('"Compare Loss Convexity" opens the side-by-side surfaces with their verdicts', () =>
    step('convexity', async () => {
      await runCommand(page, COMMAND);
      const title = 'Gradient Lab: Compare Loss Convexity';
      await untilWebview(page, title, (v) => v.locator('#convexity-panels figure').count(), (n) => n === 4, 'four panels', 90000);
      await withWebview(page, title, async (view) => {
        assert.match(await view.locator('#convexity-mse-on-sigmoid-verdict').innerText(), /^NOT convex: \d+ of \d+ segments/);
        for (const loss of ['binary-cross-entropy', 'hinge', 'mse']) {
          assert.match(await view.locator(`#convexity-${loss}-verdict`).innerText(), /^Convex on the grid/, loss);
        }
        assert.match(await view.locator('#convexity-binary-cross-entropy-summary').innerText(), /gradient descent: 200 steps, ends at/);
        // Side by side: the first two panels share a row.
        const [a, b] = await view.locator('#convexity-panels figure').evaluateAll((fs) => fs.slice(0, 2).map((f) => (f as unknown as { getBoundingClientRect(): { top: number; left: number } }).getBoundingClientRect()));
        assert.ok(a && b && Math.abs(a.top - b.top) < 2 && b.left > a.left, 'the two logistic panels side by side');
      });
      await page.mouse.move(720, 990);
      await page.locator('.part.editor').screenshot({ path: join(ARTIFACTS, 'vscode-convexity.png') });
    }));
});
