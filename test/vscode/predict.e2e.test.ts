/**
 * Issue 17 in a real VS Code (code-server + headless Chromium, the extension from its VSIX): a
 * run saved by `gradient-lab train --out` into the workspace's runs folder is offered by
 * right-click iris.csv → "Predict with Run…", and picking it writes and opens the predictions
 * CSV beside the data, with the accuracy in a notification. Skips loudly where code-server or
 * Chromium is not installed; CI installs both.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ROOT } from '../extension/helpers';
import { describeInVsCode, type Session } from './session';
import { eventually, explorerMenu } from './workbench';

const PREDICT = 'Predict with Run…';
let page: Page;
let workspace: string;
let stepIn: Session['step'];
const step: Session['step'] = (name, body) => stepIn(name, body);

describeInVsCode('Predict with a saved run in a real VS Code', { tag: 'predict', budgetSeconds: 150 }, (session) => {
  before(() => {
    page = session.page;
    workspace = session.workspace;
    stepIn = session.step;
  });

  test('right-click iris.csv → Predict with Run… → the run → the predictions open beside the data with the accuracy', () =>
    step('predict', async () => {
      const run = join(workspace, '.gradient-lab', 'runs', '2026-01-01T00-00-00-000Z-iris');
      const t = spawnSync(process.execPath, [join(ROOT, 'bin', 'gradient-lab.js'), 'train', join(workspace, 'iris.csv'), '--epochs', '30', '--out', run], { encoding: 'utf8', timeout: 120000 });
      assert.equal(t.status, 0, t.stderr);
      assert.ok(!(await explorerMenu(page, 'notes.txt')).includes(PREDICT), 'not offered on notes.txt');
      await explorerMenu(page, 'iris.csv', PREDICT);
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ timeout: 15000 });
      const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: '2026-01-01T00-00-00-000Z-iris' }).first();
      await row.waitFor({ timeout: 15000 });
      assert.match(await row.innerText(), /experiment[\s\S]*iris\.csv · val acc \d+\.\d%/);
      await row.click();
      const out = join(workspace, 'iris.experiment.predictions.csv');
      await eventually(async () => existsSync(out), (b) => b, 'the predictions file', 60000);
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      assert.equal(lines[0], 'row,predicted,probability:setosa,probability:versicolor,probability:virginica');
      assert.equal(lines.length, 151);
      await page.locator('.tabs-container .tab', { hasText: 'iris.experiment.predictions.csv' }).first().waitFor({ timeout: 30000 });
      const note = await eventually(() => page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts(), (l) => l.some((s) => /150 predictions with experiment/.test(s)), 'the notification', 30000);
      const text = note.find((s) => /150 predictions/.test(s))!;
      const m = /accuracy (\d+\.\d)% on 150 labelled rows/.exec(text);
      assert.ok(m && Number(m[1]) >= 90, text);
    }));
});
