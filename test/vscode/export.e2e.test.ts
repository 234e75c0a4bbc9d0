/**
 * Export Model… in a real VS Code (code-server + headless Chromium, the extension from its
 * VSIX): a run saved by `gradient-lab train --out` into the workspace's runs folder, exported
 * from the Runs view's context menu to ONNX (through the save dialog) and to PyTorch (through
 * the folder dialog), gives byte for byte the files `gradient-lab export` writes for that run.
 * The extension reads the run through its run files and writes with `vscode.workspace.fs`
 * (issue 18), the CLI with node:fs: one engine function makes both.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ROOT } from '../extension/helpers';
import { describeInVsCode } from './session';
import { eventually, quickPickListed, viewPane } from './workbench';

const RUN = '2026-01-01T00-00-00-000Z-iris';
const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'gradient-lab.js'), ...args], { encoding: 'utf8', timeout: 120000 });

/** Right-clicks the Runs view's row of the run on iris.csv and picks `entry` from its context menu. */
async function runMenu(page: Page, entry: string): Promise<void> {
  const title = page.locator('.part.sidebar .pane-header .title', { hasText: /^\s*Runs\s*$/ });
  if (!(await title.isVisible())) await page.locator('.activitybar .action-item a[aria-label^="Gradient Lab"]').click();
  const pane = await viewPane(page, 'Runs');
  // The run was written by the CLI, not by a run the view saw: the view's Refresh button lists it.
  await pane.locator('.pane-header').first().hover();
  await pane.locator('.pane-header .action-label[aria-label="Refresh Runs"]').first().click();
  const row = pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /iris\.csv/ }) }).first();
  await row.waitFor({ timeout: 30000 });
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu').first();
  await menu.waitFor({ timeout: 10000 });
  await page.waitForTimeout(400); // the menu ignores a click right after it opened (see explorerMenu)
  await menu.locator('.action-item:not(.disabled) .action-label', { hasText: new RegExp(`^${entry.replace(/[.…]/g, '\\$&')}$`) }).first().click();
}

/** Picks `label` in the open quick pick. */
async function pick(page: Page, label: string): Promise<void> {
  await quickPickListed(page, label);
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first().click();
}

/** Accepts the file dialog (VS Code's own, in the browser) with the path it proposes. */
async function acceptDialog(page: Page, proposed: RegExp): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await eventually(() => input.inputValue().catch(() => ''), (v) => proposed.test(v), 'the dialog\'s proposed path', 30000);
  await input.press('Enter');
}

/** The files of `names` in `folder` that are missing or differ from the reference's (the last written may still be in flight). */
const differing = (folder: string, reference: string, names: string[]) =>
  names.filter((f) => !existsSync(join(folder, f)) || !readFileSync(join(folder, f)).equals(readFileSync(join(reference, f))));

describeInVsCode('Export a saved run\'s model in a real VS Code', { tag: 'export', budgetSeconds: 200 }, (s) => {
  test('Export Model… → ONNX and → PyTorch write the same files as gradient-lab export', () =>
    s.step('export', async () => {
      const run = join(s.workspace, '.gradient-lab', 'runs', RUN);
      const trained = cli('train', join(s.workspace, 'iris.csv'), '--epochs', '20', '--out', run);
      assert.equal(trained.status, 0, trained.stderr);
      const reference = join(s.workspace, '..', 'cli-export');
      const onnx = cli('export', run, '--format', 'onnx', '--out', join(reference, 'onnx', 'experiment.onnx'));
      assert.equal(onnx.status, 0, onnx.stderr);
      const torch = cli('export', run, '--format', 'pytorch', '--out', join(reference, 'pytorch'));
      assert.equal(torch.status, 0, torch.stderr);

      await runMenu(s.page, 'Export Model…');
      await pick(s.page, 'ONNX');
      await acceptDialog(s.page, /experiment\.onnx$/);
      await eventually(async () => differing(s.workspace, join(reference, 'onnx'), ['experiment.onnx', 'preprocessing.json']), (d) => d.length === 0, 'the ONNX files, equal to the CLI\'s', 60000);

      await runMenu(s.page, 'Export Model…');
      await pick(s.page, 'PyTorch');
      await acceptDialog(s.page, /workspace\/?$/);
      const folder = join(s.workspace, 'experiment-pytorch');
      const names = readdirSync(join(reference, 'pytorch')).sort();
      assert.equal(names.length, 8, names.join(', '));
      await eventually(async () => differing(folder, join(reference, 'pytorch'), names), (d) => d.length === 0, 'the PyTorch project\'s files, equal to the CLI\'s', 60000);
      assert.deepEqual(readdirSync(folder).sort(), names, 'nothing else in the folder');
    }));
});
