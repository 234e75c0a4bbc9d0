/**
 * Issue 9's scenario in a real VS Code (code-server + headless Chromium, the extension from its
 * VSIX): right-click circle.csv → "Search Weight-Agnostic Network…", pick a budget, and the
 * panel's population chart advances, the champion's graph is drawn and the paper's table appears.
 * Skips loudly where code-server or Chromium is not installed; CI installs both.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ARTIFACTS, describeInVsCode } from './session';
import type { Frame } from 'playwright-core';
import { explorerMenu, quickPickListed, textOf, untilWebview, withWebview } from './workbench';

const SEARCH = 'Search Weight-Agnostic Network…';
const TITLE = 'Gradient Lab: Weight-Agnostic Network';

describeInVsCode('weight-agnostic search in a real VS Code', { tag: 'wann', budgetSeconds: 300, viewport: { width: 1440, height: 1000 } }, (s) => {
  test('the search is offered on dataset files only; on circle.csv it opens the view, the chart advances, graph and table appear', () =>
    s.step('search', async () => {
      const page = s.page;
      assert.ok(!(await explorerMenu(page, 'notes.txt')).includes(SEARCH), 'not offered on notes.txt');
      assert.ok(!(await explorerMenu(page, 'spiral.glab.json')).includes(SEARCH), 'not offered on an experiment file');
      await explorerMenu(page, 'circle.csv', SEARCH);
      // The budget quick pick: the quick look.
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ timeout: 15000 });
      await input.fill('60 generations');
      await quickPickListed(page, '60 generations');
      await page.keyboard.press('Enter');
      const generation = async (v: Frame) => Number(/generation (\d+) \//.exec(await textOf(v, '#wann-status'))?.[1] ?? 0);
      const first = await untilWebview(page, TITLE, generation, (g) => g >= 1, 'a first generation', 60000);
      // On a quiet machine 60 generations can all arrive before the first look: then the end state
      // below (generation 60 in the chart's summary) is the advance.
      if (first < 60) await untilWebview(page, TITLE, generation, (g) => g > first, 'the population chart to advance', 60000);
      await untilWebview(page, TITLE, (v) => v.locator('.wann-table tbody tr').count(), (n) => n === 5, 'the paper\'s table', 120000);
      await withWebview(page, TITLE, async (view) => {
        assert.match(await view.locator('h1').innerText(), /^Weight-agnostic network: circle\.csv$/);
        assert.match(await view.locator('#wann-status').innerText(), /generation 60 \/ 60 · done/);
        assert.match(await view.locator('#wann-population-summary').innerText(), /^Generation 60: population mean accuracy/);
        assert.match(await view.locator('#wann-graph-summary').innerText(), /^Found in generation \d+: .* connections/);
        const ink = await view.evaluate<number>(`(() => {
          const c = document.getElementById('wann-graph');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
          return n / (d.length / 4);
        })()`);
        assert.ok(ink > 0.005, `the champion's graph is drawn (${ink})`);
      });
      await page.mouse.move(720, 990);
      await page.locator('.part.editor').screenshot({ path: join(ARTIFACTS, 'vscode-wann.png') });
    }));
});
