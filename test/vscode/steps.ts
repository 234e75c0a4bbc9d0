/**
 * Steps and reads the e2e suites share (the Node-host suites and the web-worker one): the training
 * panel's status, curves and controls, the Runs view, the run folders on disk, and the gradient
 * symmetry timeline of a live run. Each waits for a state, never for a time.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { quickPickListed, runCommand, textOf, untilWebview, viewPane } from './workbench';

// Page-side code below runs in the webview; the test project is compiled without DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare class Event { constructor(type: string, init?: object); }

export const LIVE = 'Gradient Lab: Training';
export const SAVED = 'Gradient Lab: Saved Run';
export const SYMMETRY = 'Gradient Lab: Gradient Symmetry';

/** A number as the panels print it (4 significant digits). */
export const p4 = (v: number): number => Number(v.toPrecision(4));

/** The training panel's run status ("running", "paused", "finished"…), from its data-status. */
export const panelStatus = (f: Frame): Promise<string | null> => f.locator('p.status').getAttribute('data-status', { timeout: 1000 });

/** The first and last train loss a panel's loss chart shows (its screen-reader summary). */
export async function curveEnds(f: Frame): Promise<number[]> {
  const text = await textOf(f, '#chart-loss-summary');
  return [/At the start:.*?train loss ([-\d.e]+)/, /latest:.*?train loss ([-\d.e]+)/].map((re) => Number(re.exec(text)?.[1] ?? NaN));
}

/** Sets one of the panel's controls (the next run's settings) as typing into it does. */
export function setControl(f: Frame, id: string, value: string): Promise<void> {
  return f.evaluate(([i, v]) => {
    const el = document.getElementById(i!);
    el.value = v!;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, [id, value]);
}

/** The Runs view, opening the Gradient Lab side bar unless it is showing (a second click would close it). */
export async function runsPane(page: Page): Promise<Locator> {
  const title = page.locator('.part.sidebar .pane-header .title', { hasText: /^\s*Runs\s*$/ });
  if (!(await title.isVisible())) await page.locator('.activitybar .action-item a[aria-label^="Gradient Lab"]').click();
  return viewPane(page, 'Runs');
}

/** The runs folder of a workspace (the default gradientLab.runs.folder). */
export const runsDir = (workspace: string): string => join(workspace, '.gradient-lab', 'runs');

/** Run folders, oldest first (their names start with the time); none while the runs folder is not made. */
export const runIds = (workspace: string): string[] =>
  existsSync(runsDir(workspace)) ? readdirSync(runsDir(workspace)).filter((d) => /^\d{4}-/.test(d)).sort() : [];

/** The events of a run's metrics.jsonl. */
export function runEvents(workspace: string, id: string): { type: string; [k: string]: unknown }[] {
  return readFileSync(join(runsDir(workspace), id, 'metrics.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** The epoch records of a run's metrics.jsonl. */
export const runEpochs = (workspace: string, id: string): { epoch: number; trainLoss: number }[] =>
  runEvents(workspace, id).filter((e) => e.type === 'epoch') as unknown as { epoch: number; trainLoss: number }[];

/**
 * "Show Gradient Symmetry" on the live run: its timeline, once it has ten measurements, with the
 * run's status as the symmetry panel showed it then.
 */
export async function showGradientSymmetry(page: Page): Promise<{ timeline: string; status: string }> {
  await runCommand(page, 'Gradient Lab: Show Gradient Symmetry');
  const measured = (t: string) => Number(/Distinct and rank lines: (\d+) measurements/.exec(t)?.[1] ?? 0);
  return untilWebview(page, SYMMETRY, async (f) => ({
    timeline: await textOf(f, '.sym-run[data-role="current"] .timeline .chart-summary'),
    status: await textOf(f, '.sym-run[data-role="current"] .status'),
  }), (v) => measured(v.timeline) >= 10, 'ten measurements on the timeline', 120000);
}

/** Answers the open prompt: types `text`; in a quick pick, waits until a row lists it; accepts. */
export async function answerPrompt(page: Page, text: string, kind: 'pick' | 'input' = 'pick'): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15000 });
  await input.fill(text);
  if (kind === 'pick') await quickPickListed(page, text);
  await input.press('Enter');
  // The next prompt (or none) replaces this one: wait until the typed text is gone from the box.
  await page.waitForFunction((t) => { const i = document.querySelector('.quick-input-widget input.input'); return !i || i.value !== t || !i.offsetParent; }, text, { timeout: 15000 });
}

interface RunLook { step: number; status: string; distinct: number[]; colours: number[]; verdict: string }

/**
 * "Demonstrate Symmetry Breaking" from the palette, answered as a user answers its prompts: the
 * twin panel's constant run stays one flat heatmap per layer (1 distinct neuron), the He run's do
 * not. Read in one look at the panel, polled until both runs are a first epoch in.
 */
export async function demonstrateSymmetryBreaking(page: Page): Promise<void> {
  await runCommand(page, 'Gradient Lab: Demonstrate Symmetry Breaking');
  await answerPrompt(page, 'circles'); // data and network: deeplearning.ai's rings, [2, 10, 5, 1] ReLU
  await answerPrompt(page, 'constant'); // the symmetric start…
  await answerPrompt(page, '0.5', 'input'); // …and its value
  await answerPrompt(page, 'he-normal'); // the random start
  // Both runs, as one snapshot of the panel: step, each heatmap's distinct count and colours.
  const look = (role: string) => (frame: Frame) => frame.evaluate((r) => {
    const run = document.querySelector(`.sym-run[data-role="${r}"]`);
    const maps = [...run.querySelectorAll('.heatmap')];
    return {
      step: Number(/step (\d+)/.exec(run.querySelector('.status')?.innerText ?? '')?.[1] ?? -1),
      status: run.querySelector('.status')?.innerText ?? '',
      distinct: maps.map((m: any) => Number(m.dataset.distinct ?? -1)),
      colours: maps.map((m: any) => {
        const c = m.querySelector('canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return seen.size;
      }),
      verdict: run.dataset.verdict ?? '',
    };
  }, role) as Promise<RunLook>;
  const both = (frame: Frame) => Promise.all([look('symmetric')(frame), look('random')(frame)]);
  // A first epoch (10 steps) in: the random run's neurons have drawn apart.
  const [constant, random] = await untilWebview(page, SYMMETRY, both,
    ([c, r]) => c.step >= 10 && r.step >= 10 && c.distinct.length === 2 && r.distinct.length === 2 && r.distinct.every((n) => n > 1),
    'both runs a first epoch in, with two heatmaps each', 90000);
  assert.deepEqual(constant.distinct, [1, 1], `constant:0.5 — 1 distinct neuron per layer at step ${constant.step}`);
  assert.deepEqual(constant.colours, [1, 1], `constant:0.5 — both heatmaps one colour at step ${constant.step}`);
  assert.ok(constant.verdict === 'symmetric' || constant.verdict === 'no-gradient', `constant run's verdict: ${constant.verdict}`);
  assert.ok(random.colours.every((n) => n > 5), `he-normal — varied heatmaps: ${random.colours}`);
  assert.equal(random.verdict, 'distinct');
  // The status counts epochs as the training panel does: completed, "N of 15000 epochs done" (full batch: a step an epoch).
  assert.match(constant.status, /, \d+ of 15000 epochs done/);
}
