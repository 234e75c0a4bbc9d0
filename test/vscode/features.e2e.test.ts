/**
 * Issue 6's views in a real VS Code (code-server + headless Chromium, the extension from its
 * VSIX): train the spiral from the Explorer, open "Show Layer Features" from the palette and see
 * the neuron heatmaps and the decision map; then run the digits CNN experiment and, while it
 * trains, see the first-layer filters, the galleries of top patches and the activation map.
 * Skips loudly where code-server or Chromium is missing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { ARTIFACTS, describeInVsCode } from './session';
import { eventually, explorerMenu, runCommand, webviewFrame } from './workbench';
import { acceptDetectedLabel } from './label-pick';

const SETTINGS = { 'gradientLab.training.epochs': 300, 'gradientLab.training.batchSize': 10, 'gradientLab.training.learningRate': 0.03 };
const TITLE = 'Gradient Lab: Layer Features';

const text = (panel: Frame, selector: string) => panel.locator(selector).innerText().catch(() => '');

describeInVsCode('Show Layer Features in a real VS Code', { tag: 'features', budgetSeconds: 300, settings: SETTINGS }, (s) => {
  test('spiral: neurons over the plane and the decision map with its points', () =>
    s.step('spiral', async () => {
      await explorerMenu(s.page, 'spiral.csv', 'Train a Model on This Dataset');
      await acceptDetectedLabel(s.page, 'spiral.csv', 'label');
      await webviewFrame(s.page, 'Gradient Lab: Training');
      await runCommand(s.page, 'Gradient Lab: Show Layer Features');
      const panel = await webviewFrame(s.page, TITLE);
      const decision = await eventually(() => text(panel, '#features-decision-summary'), (t) => /Decision map at step \d+/.test(t), 'the decision map', 60000);
      assert.match(decision, /training points \(filled\)/);
      assert.match(await text(panel, '#features-network-summary'), /Network 2 → \d+ → \d+ → 1 at step/);
      await s.page.screenshot({ path: join(ARTIFACTS, 'vscode-features-spiral.png') });
    }));

  test('digits CNN: filters, galleries of top patches and the activation map while it trains', () =>
    s.step('digits', async () => {
      await explorerMenu(s.page, 'digits-cnn.glab.json', 'Run Experiment');
      await webviewFrame(s.page, 'Gradient Lab: Training');
      // Let it learn for a few seconds: the probes read the weights as they are when asked.
      await s.page.waitForTimeout(8000);
      await runCommand(s.page, 'Gradient Lab: Show Layer Features');
      const panel = await webviewFrame(s.page, TITLE);
      await eventually(() => text(panel, '#features-gallery-summary-a'), (t) => /conv1: 8 channels/.test(t), 'the conv1 gallery', 60000);
      assert.match(await text(panel, '#features-filters-summary'), /8 filters of conv1, 5×5×1 weights/);
      // UMAP of 2,000 conv1 vectors shares the worker with training, a slice each: allow for it.
      await eventually(async () => `${await text(panel, '#features-map-summary')} | status: ${await text(panel, '.status')}`,
        (t) => /images placed by their conv1 activations/.test(t), 'the activation map', 120000);
      await s.page.screenshot({ path: join(ARTIFACTS, 'vscode-features-digits.png') });
      await runCommand(s.page, 'Gradient Lab: Stop Training');
    }));
});
