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

/** The open quick pick as one DOM snapshot: its title and rows (first label of each row). */
async function snapshot(page: Page): Promise<{ title: string; rows: PickRow[] }> {
  // A string, as the tests are compiled without DOM types.
  return page.evaluate<{ title: string; rows: PickRow[] }>(`(() => {
    const widget = document.querySelector('.quick-input-widget');
    if (!widget || widget.style.display === 'none') return { title: '', rows: [] };
    const text = (e) => ((e && e.textContent) || '').trim();
    return {
      title: text(widget.querySelector('.quick-input-title')),
      rows: [...widget.querySelectorAll('.quick-input-list .monaco-list-row')].map((row) => ({
        label: text(row.querySelector('.label-name')),
        description: text(row.querySelector('.label-description')),
        active: row.classList.contains('focused'),
      })),
    };
  })()`);
}

/**
 * The rows of the open quick pick once its title matches `title` and its rows have settled (the
 * same in two snapshots, one focused): the list is reused between picks, so a first look can
 * still show the previous pick's rows.
 */
export async function quickPickRows(page: Page, title: RegExp): Promise<PickRow[]> {
  let previous = '';
  const shot = await eventually(
    () => snapshot(page),
    (s) => {
      const key = JSON.stringify(s);
      const settled = key === previous;
      previous = key;
      return title.test(s.title) && s.rows.length > 0 && s.rows.some((r) => r.active) && settled;
    },
    `a settled quick pick titled ${title}`,
    60000,
  );
  return shot.rows;
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
