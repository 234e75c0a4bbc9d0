/**
 * Steps and reads the e2e suites share (the Node-host suites and the web-worker one): the training
 * panel's status, curves and controls, the Runs view, the run folders on disk, and the gradient
 * symmetry timeline of a live run. Each waits for a state, never for a time.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { runCommand, textOf, untilWebview, viewPane } from './workbench';

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
