/**
 * Issue 18 in a real VS Code for the Web: code-server's workbench in headless Chromium, with the
 * web-only package (the manifest without `main`) installed, so Gradient Lab runs in the
 * workbench's web-worker extension host, its engine in a Web Worker, its files through
 * vscode.workspace.fs. Done as a user does it: Explorer menu, label pick, panel buttons, palette,
 * Runs view. The run files the test reads are the ones the web host wrote to the workspace.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { PNG } from 'pngjs';
import { browserLogs, gradientLabLog } from './browser-logs';
import { hostLogLine, runningExtensionHost } from './host-kind';
import { acceptDetectedLabel } from './label-pick';
import { describeInVsCode } from './session';
import { curveEnds, demonstrateSymmetryBreaking, LIVE, p4, panelStatus, runEpochs, runIds, runsDir, runsPane, SAVED, setControl, showGradientSymmetry } from './steps';
import { eventually, explorerMenu, runCommand, textOf, treeRows, untilWebview, withWebview } from './workbench';

const TRAIN = 'Train a Model on This Dataset';
/**
 * As the Node suite's first run: spiral.csv's loss falls far (0.69 → ~0.01) in 300 short epochs.
 * Two training threads are asked for: the browser has no SharedArrayBuffer, so a run must fall
 * back to one and say why, never fail.
 */
const SETTINGS = { 'gradientLab.training.epochs': 300, 'gradientLab.training.batchSize': 10, 'gradientLab.training.learningRate': 0.03, 'gradientLab.training.threads': 2 };

describeInVsCode('Gradient Lab in the web-worker extension host (code-server, web-only package)', { tag: 'web', budgetSeconds: 900, settings: SETTINGS, web: true }, (s) => {
  /** The run status, step counter and epoch counter of the training panel, in one look. */
  const look = async (f: Frame) => ({
    status: (await panelStatus(f)) ?? '',
    step: Number((await textOf(f, 'dd[data-counter="step"]')).replace(/[^\d]/g, '')),
    epoch: (await textOf(f, 'dd[data-counter="epoch"]')).trim(),
  });
  const button = (action: string) => withWebview(s.page, LIVE, (f) => f.locator(`vscode-button[data-action="${action}"]`).click());
  /** The live training panel brought to the front (a saved run's panel may cover it). */
  const showLive = () => s.page.locator('.tabs-container .tab', { hasText: LIVE }).first().click();
  const explorer = () => runCommand(s.page, 'View: Show Explorer');
  /**
   * Waits until the panel shows the run on `heading` ended: finished with all its `epochs` and its
   * loss summary, or failed / diverged (then the panel's alert says why, and the test says it).
   */
  async function untilRunEnds(heading: RegExp, epochs: number, timeout: number) {
    const v = await untilWebview(s.page, LIVE, async (f) => {
      const [title, status, dataLine, epoch, summary, alert] = await Promise.all([textOf(f, 'h1'), panelStatus(f), textOf(f, 'p.data-line').catch(() => ''), textOf(f, 'dd[data-counter="epoch"]'), textOf(f, '#chart-loss-summary'), f.locator('[role="alert"]').first().innerText({ timeout: 300 }).catch(() => '')]);
      return { title, status: status ?? '', dataLine, epoch: epoch.trim(), summary, alert: alert.trim() };
    }, (r) => heading.test(r.title) && ((r.status === 'finished' && r.epoch === `${epochs} / ${epochs}` && /latest:/.test(r.summary)) || r.status === 'failed' || r.status === 'diverged'),
    `the run on ${heading} to end`, timeout);
    assert.equal(v.status, 'finished', `the run on ${heading} ended ${v.status}: ${v.alert}`);
    return v;
  }
  const summaryOf = (id: string) => JSON.parse(readFileSync(join(runsDir(s.workspace), id, 'summary.json'), 'utf8'));
  const RUN_FILES = ['config.json', 'metrics.jsonl', 'summary.json', 'weights.json', 'weights.bin'];
  /**
   * The run folders, once `n` are saved and the newest is written to its end: its summary.json
   * says `status` and its weights are there (the web host writes them a moment after the panel
   * shows the end). Else fails with what the Gradient Lab log says about saving.
   */
  async function untilSaved(n: number, status: string): Promise<string[]> {
    const state = () => {
      const ids = runIds(s.workspace);
      const last = ids.at(-1);
      const files = last ? readdirSync(join(runsDir(s.workspace), last)) : [];
      let st: string | undefined;
      try {
        st = last ? summaryOf(last).status : undefined;
      } catch {
        st = undefined; // not written yet, or half written
      }
      return { ids, files, status: st };
    };
    const done = (v: ReturnType<typeof state>) => v.ids.length === n && v.status === status && RUN_FILES.every((f) => v.files.includes(f));
    try {
      return (await eventually(async () => state(), done, `run ${n} saved ${status} with ${RUN_FILES.join(', ')}`, 60000)).ids;
    } catch (e) {
      const log = gradientLabLog(await browserLogs(s.page))?.text ?? '';
      const why = log.split('\n').filter((l) => /not save|cannot save|failed to save|run \S+ failed/i.test(l)).slice(-3);
      assert.fail(`${(e as Error).message}; the Gradient Lab log says: ${why.join(' | ') || '(nothing about saving)'}`);
    }
  }

  test('Gradient Lab runs in the web worker extension host', () =>
    s.step('host', async () => {
      // VS Code's own account: the Node host would show the server's address here.
      const where = await runningExtensionHost(s.page);
      assert.match(where, /web worker/, `Running Extensions shows Gradient Lab in: ${where}`);
      // The extension's own: its log names the host it activated in.
      assert.match(await hostLogLine(s.page), /Gradient Lab \d+\.\d+\.\d+ running in the browser \(web worker\) extension host/);
      // And the workbench files that log under its web-worker host's logs (the Node host's go to the server's disk).
      const log = await eventually(async () => gradientLabLog(await browserLogs(s.page)), (l) => l !== undefined, 'the Gradient Lab log in the browser\'s log store');
      assert.match(log!.path, /\/exthost\/webWorker\/gradient-lab\.gradient-lab\/Gradient Lab\.log$/);
    }));

  test('right-click spiral.csv → Train: the label pick, then the panel shows the loss falling', () =>
    s.step('train', async () => {
      await explorer();
      await explorerMenu(s.page, 'spiral.csv', TRAIN);
      await acceptDetectedLabel(s.page, 'spiral.csv', 'label');
      // "finished" goes out ahead of the last events: the wait is for the last epoch on the counter too.
      const { dataLine, summary } = await untilRunEnds(/^spiral — spiral\.csv$/, 300, 180000);
      assert.equal(dataLine, 'Predicting label (classification, 2 classes) from 2 features · 500 rows');
      const [start, latest] = await withWebview(s.page, LIVE, curveEnds);
      assert.ok(latest! < 0.25 * start!, `the train loss went down: ${summary}`);
      // Those are the run's own numbers, in the metrics.jsonl the web host wrote through workspace.fs.
      const ids = await untilSaved(1, 'finished');
      const epochs = runEpochs(s.workspace, ids[0]!);
      assert.equal(epochs.length, 300);
      assert.deepEqual([start, latest], [p4(epochs[0]!.trainLoss), p4(epochs.at(-1)!.trainLoss)]);
    }));

  test('the run is saved with its files and listed in the Runs view', () =>
    s.step('runs', async () => {
      const ids = await untilSaved(1, 'finished');
      const id = ids[0]!;
      const files = readdirSync(join(runsDir(s.workspace), id));
      for (const f of RUN_FILES) assert.ok(files.includes(f), `${f} in ${files}`);
      const summary = summaryOf(id);
      assert.equal(summary.status, 'finished');
      // Two threads asked for, one used, and why: in metrics.jsonl's started event and in the log.
      const started = JSON.parse(readFileSync(join(runsDir(s.workspace), id, 'metrics.jsonl'), 'utf8').split('\n')[0]!);
      assert.equal(started.type, 'started');
      assert.equal(started.threads.count, 1);
      assert.match(started.threads.note, /^training on 1 thread instead of 2: SharedArrayBuffer is not available here/);
      await eventually(async () => gradientLabLog(await browserLogs(s.page))?.text ?? '', (l) => l.includes(started.threads.note), 'the thread note in the Gradient Lab log');
      const pane = await runsPane(s.page);
      const rows = await eventually(() => treeRows(pane), (r) => r.some((x) => x.description.startsWith('val acc')), 'the finished run in the Runs view');
      const row = rows.find((x) => x.description.startsWith('val acc'))!;
      assert.equal(row.label, 'spiral');
      assert.equal(row.description, `val acc ${(summary.valAccuracy * 100).toFixed(1)}% · 8,8 tanh · adam 0.03 · glorot-uniform`);
    }));

  test('a long run: Pause holds the step counter, Step takes one step, Start resumes', () =>
    s.step('pause', async () => {
      await showLive();
      // The next run's epochs, set in the panel; Start trains it on the same file (the label is remembered).
      await withWebview(s.page, LIVE, (f) => setControl(f, 'epochs', '100000'));
      await button('start');
      await untilWebview(s.page, LIVE, look, (v) => v.status === 'running' && v.epoch.endsWith('/ 100000') && v.step > 500, 'the new 100,000-epoch run past step 500', 120000);
      await button('pause');
      const paused = await untilWebview(s.page, LIVE, look, (v) => v.status === 'paused', 'the panel to show the run paused');
      // Paused means paused: after the status bar too says so, the counter has not moved.
      await eventually(() => s.page.locator('.part.statusbar [aria-label^="Gradient Lab run"]').first().getAttribute('aria-label', { timeout: 1000 }).catch(() => ''), (l) => /run paused/.test(l ?? ''), 'the status bar to say paused');
      const held = await withWebview(s.page, LIVE, look);
      assert.equal(held.step, paused.step, `the step counter held while paused (${paused.step} → ${held.step})`);
      await button('step');
      await untilWebview(s.page, LIVE, look, (v) => v.status === 'paused' && v.step === paused.step + 1, `one step, to ${paused.step + 1}`);
      await button('start');
      await untilWebview(s.page, LIVE, look, (v) => v.status === 'running' && v.step > paused.step + 1, 'the run resumed');
    }));

  test('the gradient-symmetry panel follows the live run', () =>
    s.step('symmetry', async () => {
      const seen = await showGradientSymmetry(s.page);
      assert.match(seen.status, /running/, `while the run trains: ${seen.status}`);
      assert.match(seen.timeline, /dense1 \d+ distinct, rank [\d.]+; dense2 \d+ distinct, rank [\d.]+; batch loss/);
    }));

  test('Demonstrate Symmetry Breaking: the constant twin stays one flat heatmap, the He twin does not', () =>
    s.step('twins', async () => {
      await demonstrateSymmetryBreaking(s.page);
      // Right after Show Gradient Symmetry on a live full-speed run, as a user goes from one to the other:
      // the live panel redrawing once closed the first prompt as it opened (the prompts now ignore focus moves).
      // Closed again: its two 15,000-epoch runs would share the machine with the next tests' runs.
      await runCommand(s.page, 'View: Close Editor');
    }));

  test('Stop ends the run: the panel says stopped, and so do its summary and the Runs view', () =>
    s.step('stop', async () => {
      await showLive();
      await button('stop');
      await untilWebview(s.page, LIVE, look, (v) => v.status === 'stopped' && v.epoch.endsWith('/ 100000'), 'the panel to show the run stopped');
      await untilSaved(2, 'stopped');
      const pane = await runsPane(s.page);
      await eventually(() => treeRows(pane), (r) => r.length === 2 && r.some((x) => x.description.startsWith('stopped')), 'the run listed as stopped in the Runs view');
    }));

  test('the first run reopens from the Runs view as a saved run with its own curves', () =>
    s.step('reopen', async () => {
      const id = runIds(s.workspace)[0]!;
      assert.ok(id, `a saved run in ${runsDir(s.workspace)}`);
      const pane = await runsPane(s.page);
      // The oldest run is the last row (the live panel shows the newest: its row would reveal that panel).
      await pane.locator('.monaco-list-row').last().click();
      const epochs = runEpochs(s.workspace, id);
      const ends = await untilWebview(s.page, SAVED, curveEnds, (e) => e.every(Number.isFinite), 'the saved run\'s loss curve', 60000);
      assert.deepEqual(ends, [p4(epochs[0]!.trainLoss), p4(epochs.at(-1)!.trainLoss)]);
      await withWebview(s.page, SAVED, async (f) => {
        assert.equal(await panelStatus(f), 'finished');
        assert.match(await textOf(f, '.past-run'), /read-only.*Status: finished/);
        assert.equal((await textOf(f, 'dd[data-counter="epoch"]')).trim(), '300 / 300');
      });
    }));

  test('the digits IDX .gz pair trains: 784 pixels, 10 classes, the loss falls', () =>
    s.step('digits', async () => {
      await showLive();
      await withWebview(s.page, LIVE, (f) => setControl(f, 'epochs', '3'));
      await explorer();
      // An IDX file brings its labels (the paired labels file): no label pick.
      await explorerMenu(s.page, 'digits/train-images-idx3-ubyte.gz', TRAIN);
      const { dataLine, summary } = await untilRunEnds(/^train-images-idx3-ubyte/, 3, 300000);
      assert.match(dataLine, /\(classification, 10 classes\) from 784 features · 4,000 rows/);
      // From chance (the first batch's loss near ln 10 for 10 classes) to well below it, and falling epoch on epoch.
      const [start, latest] = await withWebview(s.page, LIVE, curveEnds);
      const firstBatch = Number(/At the start: batch loss ([-\d.e]+)/.exec(summary)?.[1]);
      assert.ok(firstBatch > 0.7 * Math.LN10 && firstBatch < 1.3 * Math.LN10, `an untrained model's first loss: ${summary}`);
      assert.ok(latest! < start! && latest! < 0.5 * Math.LN10, `the digits' train loss went down: ${summary}`);
      const ids = await untilSaved(3, 'finished');
      const epochs = runEpochs(s.workspace, ids[2]!);
      assert.deepEqual([start, latest], [p4(epochs[0]!.trainLoss), p4(epochs.at(-1)!.trainLoss)]);
    }));

  test('Predict with Run… on the t10k IDX .gz with the digits run: read through workspace.fs, 1,000 predictions beside the data', () =>
    s.step('predict', async () => {
      await explorer();
      await explorerMenu(s.page, 'digits/t10k-images-idx3-ubyte.gz', 'Predict with Run…');
      const row = s.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'train-images-idx3-ubyte' }).first();
      await row.waitFor({ timeout: 30000 });
      await row.click();
      // An image model on a gzipped IDX pair: the browser's reader finds the labels file beside it and decodes both.
      const out = join(s.workspace, 'digits', 't10k-images-idx3-ubyte.train-images-idx3-ubyte.predictions.csv');
      const lines = await eventually(async () => (existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n') : []), (l) => l.length === 1001, 'the predictions file with 1,000 rows', 120000);
      assert.match(lines[0]!, /^row,predicted,probability:/);
      const note = await eventually(() => s.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts(), (l) => l.some((t) => /1000 predictions|1,000 predictions/.test(t)), 'the notification', 60000);
      const m = /accuracy (\d+\.\d)% on 1,?000 labelled rows/.exec(note.find((t) => /predictions/.test(t)) ?? '');
      assert.ok(m && Number(m[1]) > 30 && Number(m[1]) < 99, `the digits run scores above chance (10%) on the t10k rows: ${note.join(' | ')}`);
    }));

  test('an image folder of PNGs (a class per subfolder) trains: 64 pixels, 2 classes, the loss falls', () =>
    s.step('images', async () => {
      writeStripes(join(s.workspace, 'stripes'));
      await showLive();
      await withWebview(s.page, LIVE, (f) => setControl(f, 'epochs', '30'));
      await explorer();
      await explorerMenu(s.page, 'stripes', TRAIN);
      const { dataLine, summary } = await untilRunEnds(/^stripes/, 30, 180000);
      assert.match(dataLine, /\(classification, 2 classes\) from 64 features · 40 rows/);
      const [start, latest] = await withWebview(s.page, LIVE, curveEnds);
      assert.ok(latest! < 0.5 * start!, `the stripes' train loss went down: ${summary}`);
    }));
});

/** 20 horizontal and 20 vertical 8×8 grayscale stripe PNGs, one class per subfolder, each stripe at its own row or column. */
function writeStripes(folder: string): void {
  for (const cls of ['horizontal', 'vertical']) {
    mkdirSync(join(folder, cls), { recursive: true });
    for (let i = 0; i < 20; i++) {
      const png = new PNG({ width: 8, height: 8, colorType: 0 });
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) {
        const on = (cls === 'horizontal' ? y : x) === i % 8;
        const k = (y * 8 + x) * 4;
        png.data[k] = png.data[k + 1] = png.data[k + 2] = on ? 255 : 20 + ((i * 7 + x * 3 + y * 5) % 30);
        png.data[k + 3] = 255;
      }
      writeFileSync(join(folder, cls, `${cls}-${i}.png`), PNG.sync.write(png, { colorType: 0 }));
    }
  }
}
