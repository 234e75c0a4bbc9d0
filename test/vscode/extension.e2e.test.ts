/**
 * Issue 4's scenario in a real VS Code: code-server 1.100 (server, Node extension host, web
 * workbench) shown in headless Chromium, the extension installed from the VSIX vsce makes, and
 * everything done as a user does it: palette, Explorer context menu, panel, side bar, Problems.
 * Skips loudly where code-server or Chromium is not installed; CI installs both.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../extension/helpers';
import { BAD_EXPERIMENT } from './fixture';
import { ARTIFACTS, describeInVsCode } from './session';
import { acceptDetectedLabel, quickPickRows } from './label-pick';
import { eventually, explorerMenu, palette, paletteSettled, runCommand, textOf, treeRows, untilWebview, viewPane } from './workbench';

const TRAIN = 'Train a Model on This Dataset';
/** Enough epochs on spiral.csv for the loss to fall far (0.69 → ~0.01), still under a second of training. */
const EPOCHS = 300;
const SETTINGS = { 'gradientLab.training.epochs': EPOCHS, 'gradientLab.training.batchSize': 10, 'gradientLab.training.learningRate': 0.03 };

describeInVsCode('Gradient Lab in a real VS Code (code-server + headless Chromium)', { tag: 'extension', budgetSeconds: 300, settings: SETTINGS }, (s) => {
  const { step } = s;
  /** The one run's folder in the workspace copy. */
  const runDir = (): string => {
    const runs = join(s.workspace, '.gradient-lab', 'runs');
    const ids = readdirSync(runs);
    assert.equal(ids.length, 1, `one run in ${runs}: ${ids}`);
    return join(runs, ids[0]!);
  };

  test('the palette lists the Gradient Lab commands, and no run commands before a run', () =>
    step('palette', async () => {
      // One query per title: the palette renders only the rows that fit, not all matches.
      for (const title of ['Train a Model on a Dataset…', 'Open Training Panel', 'Choose Initialization…', 'Choose Optimizer…', 'New Experiment File', 'Create Sample Dataset…', 'Inspect Dataset', 'Compare Runs…', 'Show Log']) {
        await palette(s.page, `Gradient Lab: ${title}`, (l) => l.includes(`Gradient Lab: ${title}`));
      }
      for (const hidden of ['Pause Training', 'Stop Training', 'Step Training (One Batch)', 'Train a Model on This Dataset', 'Delete Run']) {
        const listed = await paletteSettled(s.page, `Gradient Lab: ${hidden}`);
        assert.ok(!listed.includes(`Gradient Lab: ${hidden}`), `"${hidden}" must be hidden from the palette now; listed: ${listed.join(', ')}`);
      }
    }));

  test('the Explorer context menu offers each action only on the files it applies to', () =>
    step('context-menu', async () => {
      const notes = await explorerMenu(s.page, 'notes.txt');
      assert.ok(notes.length > 3, `a real menu was read: ${notes}`);
      for (const ours of [TRAIN, 'Inspect Dataset', 'Run Experiment']) assert.ok(!notes.includes(ours), `"${ours}" on notes.txt: ${notes}`);
      const csv = await explorerMenu(s.page, 'iris.csv');
      assert.ok(csv.includes(TRAIN) && csv.includes('Inspect Dataset') && !csv.includes('Run Experiment'), `iris.csv: ${csv}`);
      const experiment = await explorerMenu(s.page, 'spiral.glab.json');
      assert.ok(experiment.includes('Run Experiment') && !experiment.includes(TRAIN), `spiral.glab.json: ${experiment}`);
    }));

  test('right-click spiral.csv → Train: the panel opens and its loss goes down', () =>
    step('train', async () => {
      await explorerMenu(s.page, 'spiral.csv', TRAIN);
      // Issue 13: first what to predict — every column with its type and distinct count, the detected label preselected.
      const rows = await acceptDetectedLabel(s.page, 'spiral.csv', 'label');
      assert.deepEqual(rows.slice(0, 3).map((r) => [r.label, r.description]), [
        ['x1', 'numeric · 498 distinct'],
        ['x2', 'numeric · 498 distinct'],
        ['label', 'numeric · 2 distinct · detected'],
      ]);
      assert.deepEqual(rows.slice(3).map((r) => [r.label, r.active]), [['classification', true], ['regression', false]]);
      // The panel's accessible text, read in one look once the run finished: the data line (what
      // is predicted from what, from the run's own data decisions), the status line, the counters
      // and each chart's summary.
      const [dataLine, , heading, epochCounter, summary] = await untilWebview(s.page, 'Gradient Lab: Training',
        (f) => Promise.all([textOf(f, 'p.data-line'), f.locator('p.status').getAttribute('data-status', { timeout: 1000 }), textOf(f, 'h1'), textOf(f, 'dd[data-counter="epoch"]'), textOf(f, '#chart-loss-summary')]),
        // "finished" goes out ahead of the last batch of events (a run's end shows at once), so
        // the counters catch up a moment later: wait for both.
        ([, st, , ep, sum]) => st === 'finished' && ep.trim() === `${EPOCHS} / ${EPOCHS}` && /latest:/.test(sum), 'the run to finish and its last epoch to show', 90000);
      assert.equal(dataLine, 'Predicting label (classification, 2 classes) from 2 features · 500 rows');
      assert.match(heading, /^spiral — spiral\.csv$/);
      assert.equal(epochCounter.trim(), `${EPOCHS} / ${EPOCHS}`);
      const loss = (part: RegExp) => Number(part.exec(summary)?.[1] ?? NaN);
      const latest = loss(/latest:.*?train loss ([-\d.e]+)/);
      const start = loss(/At the start:.*?train loss ([-\d.e]+)/);
      assert.ok(latest < 0.25 * start, `the train loss went down: ${summary}`);
      // And those are the run's own numbers: the first and last epochs of its metrics.jsonl.
      const epochs = readFileSync(join(runDir(), 'metrics.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.type === 'epoch');
      assert.equal(epochs.length, EPOCHS);
      assert.equal(start, Number(epochs[0].trainLoss.toPrecision(4)));
      assert.equal(latest, Number(epochs.at(-1).trainLoss.toPrecision(4)));
    }));

  test('the run is saved, and the Runs tree shows it finished with its metrics', () =>
    step('runs', async () => {
      const files = readdirSync(runDir());
      for (const f of ['config.json', 'metrics.jsonl', 'summary.json', 'weights.json', 'weights.bin']) assert.ok(files.includes(f), `${f} in ${files}`);
      const summary = JSON.parse(readFileSync(join(runDir(), 'summary.json'), 'utf8'));
      await s.page.locator('.activitybar .action-item a[aria-label^="Gradient Lab"]').click();
      const runs = await viewPane(s.page, 'Runs');
      // A finished run's row: its final metric and what tells it apart (status is the icon; others lead with theirs).
      const rows = await eventually(() => treeRows(runs), (r) => r.some((x) => x.description.startsWith('val acc')), 'a finished run in the Runs tree');
      const row = rows.find((x) => x.description.startsWith('val acc'))!;
      assert.equal(row.label, 'spiral');
      assert.equal(row.description, `val acc ${(summary.valAccuracy * 100).toFixed(1)}% · 8,8 tanh · adam 0.03 · glorot-uniform`);
    }));

  test('the Datasets tree and the Train picker list the workspace datasets and nothing else', () =>
    step('datasets', async () => {
      // The default glob's files; not the run's metrics.jsonl, not experiments, not notes.txt.
      const expected = readdirSync(s.workspace, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(csv|tsv|jsonl|idx|gz)$/.test(f) && !f.startsWith('.gradient-lab'));
      assert.equal(expected.length, 11, `samples/ has 7 CSVs and 4 IDX files: ${expected}`);
      const datasets = await viewPane(s.page, 'Datasets');
      // Lists render only the rows that fit; each row knows the list's length (aria-setsize).
      await eventually(() => datasets.locator('.monaco-list-row').first().getAttribute('aria-setsize'), (n) => n === String(expected.length), `${expected.length} rows in Datasets`);
      const labels = (await treeRows(datasets)).map((r) => r.label);
      for (const f of ['circle.csv', 'iris.csv', 'spiral.csv', 'gauss.csv']) assert.ok(labels.includes(f), `${f} in ${labels}`);
      // The palette's Train command offers the same files (its own search, same exclusions).
      await runCommand(s.page, 'Gradient Lab: Train a Model on a Dataset…');
      const input = s.page.locator('.quick-input-widget input.input');
      const pick = s.page.locator('.quick-input-list .monaco-list-row .label-name');
      await input.fill('spiral');
      await eventually(() => pick.allInnerTexts(), (l) => l.includes('spiral.csv'), 'spiral.csv in the dataset picker');
      // Nothing matches "metrics" once the picker has filtered (it would list the run's metrics.jsonl).
      await input.fill('metrics');
      await eventually(() => pick.allInnerTexts(), (l) => l.length === 0, 'no dataset matching "metrics" (a run\'s metrics.jsonl is not offered)');
      await s.page.keyboard.press('Escape');
      // The side bar's Training view follows the run too, and fits its width (no sideways scroll).
      const [, client, scroll, sideDataLine] = await untilWebview(s.page, 'Gradient Lab',
        (f) => f.evaluate<[string, number, number, string]>('[document.querySelector("p.status")?.innerText ?? "", document.documentElement.clientWidth, document.documentElement.scrollWidth, document.querySelector("p.data-line")?.innerText ?? ""]'),
        ([st]) => /finished/.test(st), 'the side bar\'s Training view to show the finished run');
      assert.ok(scroll <= client, `the Training view is ${scroll} px wide in a ${client} px side bar`);
      // The side view's header line is the panel's, from the same function.
      assert.equal(sideDataLine, 'Predicting label (classification, 2 classes) from 2 features · 500 rows');
      await s.page.mouse.move(720, 890); // no hover tooltip in the pictures
      await s.page.waitForTimeout(300);
      const shot = join(ARTIFACTS, 'vscode-workbench.png');
      await s.page.screenshot({ path: shot });
      await s.page.locator('.part.sidebar').screenshot({ path: join(ARTIFACTS, 'vscode-sidebar.png') });
      await s.page.locator('.part.editor').screenshot({ path: join(ARTIFACTS, 'vscode-panel.png') });
      // The README's picture is refreshed on request, not on every run (it is committed).
      if (process.env.GL_UPDATE_SCREENSHOT === '1') copyFileSync(shot, join(ROOT, 'docs', 'screenshot.png'));
    }));

  test('the editor validates *.glab.json against the contributed schema', () =>
    step('schema', async () => {
      await s.page.keyboard.press('Control+P');
      await s.page.locator('.quick-input-widget input.input').fill('bad.glab.json');
      await eventually(() => s.page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts(), (l) => l.some((x) => x.trim() === 'bad.glab.json'), 'bad.glab.json in Quick Open');
      await s.page.keyboard.press('Enter');
      // The status bar's Problems item: "Warnings: 1", "Errors: 1, Warnings: 2" or "No Problems"
      // (VS Code reports schema violations as warnings).
      const problems = () => s.page.locator('#status\\.problems a').first().getAttribute('aria-label');
      const count = (label: string | null) => (/no problems/i.test(label ?? '') ? 0 : [...(label ?? '').matchAll(/\d+/g)].reduce((n, m) => n + Number(m[0]), 0));
      await eventually(problems, (l) => count(l) === 1, 'one problem: "optimizer": "adamax"');
      // The Problems view says where: the optimizer's line.
      await runCommand(s.page, 'Problems: Focus on Problems View');
      const rows = await eventually(() => s.page.locator('.markers-panel .monaco-list-row').allInnerTexts(), (r) => r.length >= 2, 'the Problems view rows');
      const text = rows.join('\n');
      assert.match(text, /bad\.glab\.json/);
      // The message lists the engine schema's optimizers, and points at the optimizer's line.
      assert.match(text, /Valid values: "sgd",.*"adamw"[\s\S]*\[Ln 4, Col \d+\]/, text);
      // The same file with a valid optimizer: the problem goes, so it was about that field.
      writeFileSync(join(s.workspace, 'bad.glab.json'), JSON.stringify({ ...BAD_EXPERIMENT, optimizer: 'adam' }, null, 2) + '\n');
      await eventually(problems, (l) => count(l) === 0, 'no problem once the optimizer is valid');
    }));

  // Issue 13: the choice is remembered per file; "Change Label…" asks again.
  test('Change Label… asks again; the next right-click on the file trains straight away with the new choice', () =>
    step('change-label', async () => {
      await runCommand(s.page, 'Gradient Lab: Change Label…');
      const columns = await quickPickRows(s.page, /^Train on spiral\.csv: what to predict\?/);
      assert.equal(columns.find((r) => r.active)?.label, 'label', 'the detected label is still preselected');
      await s.page.locator('.quick-input-widget input.input').fill('x2');
      await eventually(() => quickPickRows(s.page, /what to predict/), (r) => r.length === 1 && r[0]!.label === 'x2', 'only x2 left');
      await s.page.keyboard.press('Enter');
      const tasks = await quickPickRows(s.page, /^Predict x2: as/);
      assert.equal(tasks.find((r) => r.active)?.label, 'regression', '498 distinct numbers: regression is proposed');
      await s.page.keyboard.press('Enter');
      const line = 'Predicting x2 (regression) from 2 features · 500 rows';
      await untilWebview(s.page, 'Gradient Lab: Training', (f) => textOf(f, 'p.data-line'), (t) => t === line, 'the x2 run in the panel', 60000);
      // Remembered: the next right-click trains at once — a third run starts with nobody answering a pick.
      const runs = join(s.workspace, '.gradient-lab', 'runs');
      await eventually(async () => readdirSync(runs).length, (n) => n === 2, 'the x2 run saved');
      await runCommand(s.page, 'View: Show Explorer'); // the side bar shows Gradient Lab's views since the Runs test
      await explorerMenu(s.page, 'spiral.csv', TRAIN);
      await eventually(async () => readdirSync(runs).length, (n) => n === 3, 'a third run, started without a pick', 60000);
      await untilWebview(s.page, 'Gradient Lab: Training', (f) => textOf(f, 'p.data-line'), (t) => t === line, 'the third run predicts x2 too');
      assert.equal(await s.page.locator('.quick-input-widget').isVisible(), false, 'no label pick the second time');
    }));
});
