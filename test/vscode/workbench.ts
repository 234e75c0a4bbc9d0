/**
 * Driving the VS Code web workbench as a user does: the command palette (F1), the Explorer and
 * its context menu, side-bar trees, webviews, the status bar. Selectors are the workbench's own
 * DOM classes (stable across 1.9x–1.10x); every wait has a deadline and says what it saw.
 */
import type { Frame, Locator, Page } from 'playwright-core';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (s: string) => new RegExp(`^\\s*${escapeRe(s)}\\s*$`);
const sleep = (page: Page, ms: number) => page.waitForTimeout(ms);

export async function openWorkbench(page: Page, url: string, folder: string): Promise<void> {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  // Explorer rows appear once the remote file system answered.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 180000 });
}

/**
 * Opens the palette with `query` and returns the labels it lists once `ready(labels)` holds.
 * The palette snapshots the commands known when it opens, and right after start-up the
 * extension host may not have registered its contributions yet: so it is reopened until then.
 */
export async function palette(page: Page, query: string, ready: (labels: string[]) => boolean, timeout = 30000): Promise<string[]> {
  const input = page.locator('.quick-input-widget input.input');
  const rows = page.locator('.quick-input-list .monaco-list-row .label-name');
  const end = Date.now() + timeout;
  let labels: string[] = [];
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    if (!(await input.isVisible())) {
      // A focused webview iframe swallows F1: give the focus back to the workbench.
      await page.locator('.part.statusbar').click({ position: { x: 2, y: 2 } }).catch(() => undefined);
      await input.waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
    }
    if (await input.isVisible()) {
      await input.fill(`>${query}`);
      const retry = Math.min(end, Date.now() + 2500);
      do {
        await sleep(page, 200);
        labels = (await rows.allInnerTexts()).map((s) => s.trim());
        if (ready(labels)) return labels;
      } while (Date.now() < retry);
    }
    if (Date.now() > end) {
      await page.keyboard.press('Escape');
      throw new Error(`palette "${query}": condition not met after ${timeout} ms; listed: ${JSON.stringify(labels)}`);
    }
  }
}

/** Runs a command by its full palette label ("Category: Title"). */
export async function runCommand(page: Page, label: string): Promise<void> {
  await palette(page, label, (l) => l.includes(label));
  await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactly(label) }) }).first().click();
}

/**
 * What the palette lists for `query` once the list stopped changing, then closed. Only
 * meaningful for absence after `palette` saw the extension's commands (they are registered).
 */
export async function paletteSettled(page: Page, query: string): Promise<string[]> {
  let before: string[] = [];
  let labels = await palette(page, query, (l) => {
    const same = l.join('|') === before.join('|');
    before = l;
    return same; // two equal reads in a row (an empty list is a valid answer)
  });
  await sleep(page, 500);
  labels = (await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((x) => x.trim());
  await page.keyboard.press('Escape');
  return labels;
}

/** The Explorer row of a workspace-relative path, folders on the way expanded. */
export async function explorerRow(page: Page, relPath: string): Promise<Locator> {
  const parts = relPath.split('/');
  let row: Locator | undefined;
  for (const [i, name] of parts.entries()) {
    row = page.locator(`.explorer-folders-view .monaco-list-row[aria-level="${i + 1}"]`).filter({ has: page.locator('.label-name', { hasText: exactly(name) }) }).first();
    await row.waitFor({ timeout: 15000 });
    if (i < parts.length - 1 && (await row.getAttribute('aria-expanded')) === 'false') await row.click();
  }
  return row!;
}

/** Right-clicks a file in the Explorer and returns the enabled entries; `choose` clicks one of them. */
export async function explorerMenu(page: Page, relPath: string, choose?: string): Promise<string[]> {
  await (await explorerRow(page, relPath)).click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu').first();
  await menu.waitFor({ timeout: 10000 });
  const entries = menu.locator('.action-item:not(.disabled) .action-label');
  const labels = (await entries.allInnerTexts()).map((s) => s.trim()).filter(Boolean);
  if (choose === undefined || !labels.includes(choose)) {
    await page.keyboard.press('Escape');
    if (choose !== undefined) throw new Error(`"${choose}" is not in the context menu of ${relPath}: ${JSON.stringify(labels)}`);
    return labels;
  }
  // The menu ignores a click right after it opened (so releasing the right button picks
  // nothing): wait, hover, then click; Enter if the menu is still up.
  await sleep(page, 400);
  const entry = entries.filter({ hasText: exactly(choose) }).first();
  await entry.hover();
  await sleep(page, 100);
  await entry.click({ delay: 50 });
  await sleep(page, 200);
  if (await menu.isVisible().catch(() => false)) await page.keyboard.press('Enter');
  return labels;
}

/**
 * The content frame of the visible webview titled `title`, or undefined. A webview is two nested
 * iframes: VS Code's host page (iframe.webview) and the extension's HTML (#active-frame). VS Code
 * replaces those frames when a panel is re-created or moved, so any handle may go stale between
 * two calls: every error here means "not found this time", and callers look again.
 */
async function findWebview(page: Page, title: string, seen: Set<string>): Promise<Frame | undefined> {
  for (const el of await page.locator('iframe.webview').elementHandles().catch(() => [])) {
    try {
      if (!(await el.isVisible())) continue;
      // A webview that is still loading navigates its outer frame: then look again next round.
      const inner = await (await el.contentFrame())?.$('iframe#active-frame').catch(() => null);
      const frame = await inner?.contentFrame();
      const t = await frame?.title();
      if (frame && t === title) return frame;
      if (t) seen.add(t);
    } catch {
      // detached or replaced mid-look: the next poll finds the new frame
    }
  }
  return undefined;
}

/** The content frame of the visible webview titled `title`, waiting for it to appear. */
export async function webviewFrame(page: Page, title: string, timeout = 30000): Promise<Frame> {
  const end = Date.now() + timeout;
  const seen = new Set<string>();
  for (;;) {
    const frame = await findWebview(page, title, seen);
    if (frame) return frame;
    if (Date.now() > end) throw new Error(`no visible webview titled "${title}" within ${timeout} ms; saw ${JSON.stringify([...seen])}`);
    await sleep(page, 200);
  }
}

/**
 * Waits until the webview titled `title` shows a state: on every poll the frame is found anew
 * (so a panel re-created, moved or reloaded mid-wait is followed, never held stale), `read` reads
 * it, and `ok` decides. A read that throws (frame detached, element not there yet) counts as
 * "not yet". Returns the value that passed; on timeout, the error says what was read last.
 */
export async function untilWebview<T>(page: Page, title: string, read: (frame: Frame) => Promise<T>, ok: (v: T) => boolean, what: string, timeout = 60000, pollMs = 250): Promise<T> {
  const end = Date.now() + timeout;
  const seen = new Set<string>();
  let last: { value?: T; error?: string } = {};
  for (;;) {
    const frame = await findWebview(page, title, seen);
    if (frame) {
      try {
        const value = await read(frame);
        last = { value };
        if (ok(value)) return value;
      } catch (e) {
        last = { error: (e as Error).message.split('\n')[0] };
      }
    } else {
      last = { error: `no visible webview titled "${title}" (saw ${JSON.stringify([...seen])})` };
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what} in "${title}"; last seen: ${last.error ?? JSON.stringify(last.value)}`);
    await sleep(page, pollMs);
  }
}

/** The inner text of `selector` in a webview frame, without waiting ('' when absent). */
export const textOf = (frame: Frame, selector: string): Promise<string> => frame.locator(selector).first().innerText({ timeout: 1000 });

/** A view pane of the side bar by its title ("Runs"), expanded. */
export async function viewPane(page: Page, title: string): Promise<Locator> {
  const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header .title', { hasText: exactly(title) }) }).first();
  await pane.waitFor({ timeout: 15000 });
  const header = pane.locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return pane;
}

/** Label and description of each row a tree view renders (lists render only what fits). */
export async function treeRows(pane: Locator): Promise<{ label: string; description: string }[]> {
  const out = [];
  for (const row of await pane.locator('.monaco-list-row').all()) {
    // allInnerTexts does not wait, so a row without a description reads as ''.
    const [label = '', description = ''] = await Promise.all([row.locator('.label-name').allInnerTexts(), row.locator('.label-description').allInnerTexts()].map(async (p) => (await p).join(' ').trim()));
    out.push({ label, description });
  }
  return out;
}

/** Polls `read` until `ok` holds; the error says what was seen last. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeout = 30000): Promise<T> {
  const end = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The errors that mean "the frame went away under us", not "the page is wrong". */
const STALE_FRAME = /detached|Cannot find context|Execution context was destroyed|Target (page, context or browser )?(has been )?closed|frame was removed/i;

/**
 * Runs `body` on the current frame of the webview titled `title`. If the frame is replaced while
 * `body` runs (a stale-frame error), finds the new one and runs `body` again; any other failure
 * (an assertion) is thrown at once. For a group of reads and asserts on a state already waited for.
 */
export async function withWebview<T>(page: Page, title: string, body: (frame: Frame) => Promise<T>, timeout = 30000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const frame = await webviewFrame(page, title, Math.max(1000, end - Date.now()));
    try {
      return await body(frame);
    } catch (e) {
      if (!STALE_FRAME.test((e as Error).message) || Date.now() > end) throw e;
    }
  }
}

/** Waits until the open quick pick lists a row whose label contains `text` (so Enter picks it). */
export async function quickPickListed(page: Page, text: string, timeout = 15000): Promise<void> {
  await eventually(async () => (await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((l) => l.trim()),
    (l) => l.some((x) => x.includes(text)), `"${text}" in the quick pick`, timeout);
}
