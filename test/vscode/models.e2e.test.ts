/**
 * Issue 8's scenario in a real VS Code (code-server + headless Chromium, the extension from its
 * VSIX): right-click circle.csv → "Compare Models…" shows the table of every family and their
 * decision boundaries (the degree-2 one a closed curve), then the palette command on the
 * built-in xor set. Skips loudly where code-server or Chromium is not installed; CI installs both.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';

const TITLE = 'Gradient Lab: Compare Models';
import { ARTIFACTS, describeInVsCode, type Session } from './session';
import { eventually, explorerMenu, runCommand, textOf, untilWebview, withWebview } from './workbench';

const BUDGET_SECONDS = 300;
const COMPARE = 'Compare Models…';
const PRESETS = ['logistic-regression', 'polynomial-logistic', 'svm', 'kernel-svm', 'pca-logistic', 'mlp'];

let page: Page;

let stepIn: Session['step'];
/** Runs a step; on failure keeps a screenshot and adds the server's error lines to the message. */
const step: Session['step'] = (name, body) => stepIn(name, body);

/** Share of a boundary canvas's pixels that differ between two families (colour distance > 60). */
function differingPixels(view: Frame, a: string, b: string): Promise<number> {
  return view.evaluate<number>(`(() => {
    const px = (id) => { const c = document.getElementById(id); return c.getContext('2d').getImageData(0, 0, c.width, c.height).data; };
    const p = px('boundary-${a}'), q = px('boundary-${b}');
    let n = 0;
    for (let i = 0; i < p.length; i += 4) if (Math.abs(p[i] - q[i]) + Math.abs(p[i + 1] - q[i + 1]) + Math.abs(p[i + 2] - q[i + 2]) > 60) n++;
    return n / (p.length / 4);
  })()`);
}

describeInVsCode('Compare Models in a real VS Code', { tag: 'models', budgetSeconds: BUDGET_SECONDS, viewport: { width: 1440, height: 1000 } }, (session) => {
  before(() => {
    page = session.page;
    stepIn = session.step;
  });

  test('right-click circle.csv → Compare Models: the table of six families and their boundaries, degree 2 a closed curve', () =>
    step('explorer', async () => {
      assert.ok(!(await explorerMenu(page, 'notes.txt')).includes(COMPARE), 'not offered on notes.txt');
      assert.ok(!(await explorerMenu(page, 'spiral.glab.json')).includes(COMPARE), 'not offered on an experiment file');
      await explorerMenu(page, 'circle.csv', COMPARE);
      await untilWebview(page, TITLE, (v) => textOf(v, '#models-status'), (st) => /6 families compared/.test(st), 'the comparison to finish', 120000);
      await withWebview(page, TITLE, async (view) => {
        assert.match(await view.locator('h1').innerText(), /^Compare models: circle\.csv$/);
        const presets = await view.locator('#models-table tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: { preset: string } }).dataset.preset));
        assert.deepEqual(presets, PRESETS);
        const cells = async (preset: string) => view.locator(`#models-table tr[data-preset="${preset}"] td`).allInnerTexts();
        const [polyAcc, , polyParams] = await cells('polynomial-logistic');
        assert.ok(Number(polyAcc!.replace('%', '')) >= 95, `degree 2 on the circle: ${polyAcc}`);
        assert.equal(polyParams, '6');
        const [logAcc] = await cells('logistic-regression');
        assert.ok(Number(logAcc!.replace('%', '')) < 80, `logistic regression on the circle: ${logAcc}`);
        assert.equal(await view.locator('.boundary canvas').count(), 6);
        assert.match(await view.locator('#boundary-polynomial-logistic-summary').innerText(), /an enclosed region \(a closed boundary\)/);
        const differ = await differingPixels(view, 'logistic-regression', 'polynomial-logistic');
        assert.ok(differ > 0.1, `the straight and the degree-2 boundaries look different (${differ})`);
      });
      // The PCA analysis follows the comparison.
      await untilWebview(page, TITLE, (v) => textOf(v, '#pca-accuracy-summary'), (st) => /k = 2:/.test(st), 'the PCA accuracy curve', 90000);
      await page.mouse.move(720, 990); // no hover tooltip in the picture
      await page.locator('.part.editor').screenshot({ path: join(ARTIFACTS, 'vscode-models.png') });
    }));

  test('the palette command on the built-in xor set replaces the panel and compares there', () =>
    step('palette', async () => {
      await runCommand(page, `Gradient Lab: ${COMPARE}`);
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ timeout: 15000 });
      await input.fill('xor');
      await eventually(() => page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts(), (l) => l.some((x) => x.trim() === 'xor'), 'xor in the quick pick');
      await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^xor$/ }) }).first().click();
      // The circle panel is disposed as the xor one opens: untilWebview follows the new frame.
      const [, polyAcc] = await untilWebview(page, TITLE,
        (v) => Promise.all([textOf(v, 'h1'), v.locator('#models-table tr[data-preset="polynomial-logistic"] td').first().innerText({ timeout: 1000 }), textOf(v, '#models-status')]),
        ([h, , st]) => /xor/.test(h) && /6 families compared/.test(st), 'the xor comparison', 120000);
      assert.ok(Number(polyAcc.replace('%', '')) >= 90, `degree 2 on xor (a hyperbola): ${polyAcc}`);
      await page.mouse.move(720, 990);
      await page.locator('.part.editor').screenshot({ path: join(ARTIFACTS, 'vscode-models-xor.png') });
    }));
});
