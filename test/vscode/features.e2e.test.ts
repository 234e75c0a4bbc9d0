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
import { ARTIFACTS, describeInVsCode } from './session';
import { explorerMenu, runCommand, textOf, untilWebview } from './workbench';

const SETTINGS = { 'gradientLab.training.epochs': 300, 'gradientLab.training.batchSize': 10, 'gradientLab.training.learningRate': 0.03 };
const TITLE = 'Gradient Lab: Layer Features';
const TRAINING = 'Gradient Lab: Training';

describeInVsCode('Show Layer Features in a real VS Code', { tag: 'features', budgetSeconds: 600, settings: SETTINGS }, (s) => {
  test('spiral: neurons over the plane and the decision map with its points', () =>
    s.step('spiral', async () => {
      await explorerMenu(s.page, 'spiral.csv', 'Train a Model on This Dataset');
      await untilWebview(s.page, TRAINING, (f) => textOf(f, 'h1'), (t) => /spiral\.csv/.test(t), 'the spiral run in the training panel');
      await runCommand(s.page, 'Gradient Lab: Show Layer Features');
      const [decision, network] = await untilWebview(s.page, TITLE, (f) => Promise.all([textOf(f, '#features-decision-summary'), textOf(f, '#features-network-summary')]),
        ([d]) => /Decision map at step \d+/.test(d), 'the decision map', 60000);
      assert.match(decision, /training points \(filled\)/);
      assert.match(network, /Network 2 → \d+ → \d+ → 1 at step/);
      await s.page.screenshot({ path: join(ARTIFACTS, 'vscode-features-spiral.png') });
    }));

  test('digits CNN: filters, galleries of top patches and the activation map while it trains', () =>
    s.step('digits', async () => {
      await explorerMenu(s.page, 'digits-cnn.glab.json', 'Run Experiment');
      // Let it learn a little: the probes read the weights as they are when asked. A few hundred
      // steps in (the step counter of the digits run, not a time), the filters have structure.
      await untilWebview(s.page, TRAINING, (f) => Promise.all([textOf(f, 'h1'), textOf(f, 'dd[data-counter="step"]')]),
        ([h, st]) => /digits/.test(h) && Number(st.replace(/[^\d].*$/s, '').replace(/,/g, '')) >= 100, 'the digits CNN 100 steps in', 120000);
      await runCommand(s.page, 'Gradient Lab: Show Layer Features');
      await untilWebview(s.page, TITLE, (f) => textOf(f, '#features-gallery-summary-a'), (t) => /conv1: 8 channels/.test(t), 'the conv1 gallery', 90000);
      await untilWebview(s.page, TITLE, (f) => textOf(f, '#features-filters-summary'), (t) => /8 filters of conv1, 5×5×1 weights/.test(t), 'the conv1 filters', 30000);
      // UMAP of 2,000 conv1 vectors shares the worker with training, a slice each: allow for it.
      await untilWebview(s.page, TITLE, async (f) => `${await textOf(f, '#features-map-summary').catch(() => '')} | status: ${await textOf(f, '.status').catch(() => '')}`,
        (t) => /images placed by their conv1 activations/.test(t), 'the activation map', 180000);
      await s.page.screenshot({ path: join(ARTIFACTS, 'vscode-features-digits.png') });
      await runCommand(s.page, 'Gradient Lab: Stop Training');
    }));
});
