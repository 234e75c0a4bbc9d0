/**
 * Issue 12's acceptance in a real VS Code (code-server + headless Chromium, the extension from
 * its VSIX): on a 20,000-epoch run of a small model on spiral.csv, Pause, Step, Resume and Stop
 * each show in the training panel and the status bar within a few seconds of the command (the
 * issue asks for 1 s; the bound here is generous, the times are measured and written to
 * test-artifacts/controls-latency.json — scripts/measure-controls.mjs prints p50/p95); the Runs
 * view lists the run as stopped and its metrics.jsonl stays under 5 MB. Layer Features stays
 * populated across three new runs. GL_CONTROLS_ROUNDS sets how many Pause/Step/Resume rounds run.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { ARTIFACTS, describeInVsCode } from './session';
import { acceptDetectedLabel } from './label-pick';
import { eventually, explorerMenu, palette, runCommand, textOf, treeRows, untilWebview, viewPane, webviewFrame } from './workbench';

const EPOCHS = 20_000;
const SETTINGS = { 'gradientLab.training.epochs': EPOCHS, 'gradientLab.training.batchSize': 32, 'gradientLab.model.hiddenLayers': [8, 8] };
const PANEL = 'Gradient Lab: Training';
/** The e2e bound on a control's effect: generous for a busy CI machine; the 1 s is measured. */
const BOUND_MS = 5000;
const ROUNDS = Math.max(1, Number(process.env.GL_CONTROLS_ROUNDS ?? 2));
/** How often a timed control's effect is read: the measured times are late by up to this plus one read. */
const POLL_MS = 50;

describeInVsCode('Controls act at once on a 20,000-epoch run (real VS Code)', { tag: 'controls', budgetSeconds: 300 + ROUNDS * 30, settings: SETTINGS }, (s) => {
  const latencies: Record<string, number[]> = { pause: [], step: [], resume: [], stop: [] };
  /** The status bar item's accessible label ('' while hidden). */
  const statusBar = () => s.page.locator('.part.statusbar [aria-label^="Gradient Lab run"]').first().getAttribute('aria-label', { timeout: 500 }).catch(() => '') as Promise<string>;
  const panelState = async (f: Frame) => ({
    status: (await f.locator('p.status').getAttribute('data-status', { timeout: 1000 })) ?? '',
    step: Number(await textOf(f, 'dd[data-counter="step"]')),
    bar: (await statusBar()) ?? '',
  });
  type State = Awaited<ReturnType<typeof panelState>>;

  /** Runs a palette command and times until panel and status bar both show `ok`. */
  async function timed(control: keyof typeof latencies, label: string, ok: (v: State) => boolean, what: string): Promise<State> {
    await palette(s.page, label, (l) => l.includes(label));
    const row = s.page.locator('.quick-input-list .monaco-list-row').filter({ has: s.page.locator('.label-name', { hasText: label }) }).first();
    const t0 = Date.now();
    await row.click();
    const v = await untilWebview(s.page, PANEL, panelState, ok, what, BOUND_MS, POLL_MS);
    latencies[control]!.push(Date.now() - t0);
    return v;
  }

  test('Pause, Step, Resume and Stop show in the panel and the status bar at once; the stopped run is recorded', () =>
    s.step('controls', async () => {
      await explorerMenu(s.page, 'spiral.csv', 'Train a Model on This Dataset');
      // The suite's first run on the file: the label pick (issue 13) asks first; later runs remember it.
      await acceptDetectedLabel(s.page, 'spiral.csv', 'label');
      await webviewFrame(s.page, PANEL);
      // Well into the run, where step events come by the thousand a second.
      await untilWebview(s.page, PANEL, panelState, (v) => v.status === 'running' && v.step > 2000, 'the run to train past step 2,000', 120000);
      for (let round = 0; round < ROUNDS; round++) {
        const paused = await timed('pause', 'Gradient Lab: Pause Training', (v) => v.status === 'paused' && /run paused/.test(v.bar), 'Pause');
        // Paused means paused: the counter holds still.
        const held = await untilWebview(s.page, PANEL, panelState, (v) => v.status === 'paused', 'still paused');
        assert.equal(held.step, paused.step, `the step counter held while paused (${paused.step} → ${held.step})`);
        const next = paused.step + 1;
        await timed('step', 'Gradient Lab: Step Training (One Batch)', (v) => v.step === next && v.bar.includes(`step ${next},`), `Step to ${next}`);
        await timed('resume', 'Gradient Lab: Start / Resume Training', (v) => v.status === 'running' && v.step > next && /run running/.test(v.bar), 'Resume');
      }
      await timed('stop', 'Gradient Lab: Stop Training', (v) => v.status === 'stopped' && v.bar === '', 'Stop');
      writeFileSync(join(ARTIFACTS, 'controls-latency.json'), JSON.stringify({ epochs: EPOCHS, rounds: ROUNDS, pollMs: POLL_MS, latencies }, null, 2) + '\n');
      const runs = join(s.workspace, '.gradient-lab', 'runs');
      const [id] = readdirSync(runs);
      const bytes = statSync(join(runs, id!, 'metrics.jsonl')).size;
      console.log(`# metrics.jsonl of the stopped 20,000-epoch run: ${bytes} bytes`);
      assert.ok(bytes > 100_000 && bytes < 5_000_000, `metrics.jsonl is ${bytes} bytes`);
      await s.page.locator('.activitybar .action-item a[aria-label^="Gradient Lab"]').click();
      const pane = await viewPane(s.page, 'Runs');
      await eventually(() => treeRows(pane), (r) => r.length === 1 && r[0]!.description.startsWith('stopped'), 'the run listed as stopped in the Runs view');
    }));

  test('Layer Features stays populated across three consecutive new runs', () =>
    s.step('features', async () => {
      // Opened in an editor group of its own, so the training panel (revealed by each new run)
      // does not cover it. (Moving it there after it opened reloaded it into "Loading…" twice.)
      await s.page.keyboard.press('Control+2'); // View: Focus Second Editor Group (made if missing; the palette lists it only when it exists)
      await runCommand(s.page, 'Gradient Lab: Show Layer Features');
      const FEATURES = 'Gradient Lab: Layer Features';
      const decision = (f: Frame) => textOf(f, '#features-decision-summary');
      await untilWebview(s.page, FEATURES, decision, (t) => /Decision map at step \d+/.test(t), 'the decision map of the stopped run', 120000);
      await runCommand(s.page, 'View: Show Explorer');
      const runs = join(s.workspace, '.gradient-lab', 'runs');
      for (let n = 1; n <= 3; n++) {
        await explorerMenu(s.page, 'spiral.csv', 'Train a Model on This Dataset');
        // Its folder is made as it starts; the panel keeps the last pictures until it has layers…
        await eventually(async () => readdirSync(runs).length, (k) => k === n + 1, `run ${n + 1}'s folder`);
        await untilWebview(s.page, FEATURES, decision, (t) => /Decision map at step \d+/.test(t), `a decision map as new run ${n} starts`, 120000);
        // …then shows the new run's own.
        const text = await untilWebview(s.page, FEATURES, async (f) => ({ status: await textOf(f, 'p.status'), decision: await decision(f) }),
          (v) => /running|finished/.test(v.status) && !/Below:/.test(v.status) && /Decision map at step \d+/.test(v.decision), `the decision map of new run ${n}`, 120000);
        assert.match(text.decision, /training points/);
      }
      await runCommand(s.page, 'Gradient Lab: Stop Training');
    }));
});
