/**
 * The label pick a first training run on a data file shows (issue 13): helpers that wait for it
 * and read it as a user sees it. Waits for states (the pick's title, its rows), never for times.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually } from './workbench';

export interface PickRow {
  label: string;
  description: string;
  active: boolean;
}

/** The rows of the open quick pick once its title matches `title`. */
export async function quickPickRows(page: Page, title: RegExp): Promise<PickRow[]> {
  const widget = page.locator('.quick-input-widget');
  await eventually(() => widget.locator('.quick-input-title').innerText().catch(() => ''), (t) => title.test(t), `a quick pick titled ${title}`, 60000);
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  await eventually(() => rows.count(), (n) => n > 0, 'rows in the quick pick');
  return eventually(async () => {
    const out: PickRow[] = [];
    for (const row of await rows.all()) {
      out.push({
        label: (await row.locator('.label-name').innerText()).trim(),
        description: (await row.locator('.label-description').innerText().catch(() => '')).trim(),
        active: (await row.getAttribute('class'))?.includes('focused') ?? false,
      });
    }
    return out;
  }, (r) => r.some((x) => x.active), 'a preselected row');
}

/** Accepts the detected label and task (Enter twice), checking that `label` was the preselected column. */
export async function acceptDetectedLabel(page: Page, file: string, label: string): Promise<PickRow[]> {
  const columns = await quickPickRows(page, new RegExp(`^Train on ${file.replace('.', '\\.')}: what to predict\\?`));
  assert.equal(columns.find((r) => r.active)?.label, label, `the detected label is preselected: ${JSON.stringify(columns)}`);
  await page.keyboard.press('Enter');
  const tasks = await quickPickRows(page, new RegExp(`^Predict ${label}: as`));
  await page.keyboard.press('Enter');
  return [...columns, ...tasks];
}
