/**
 * Which extension host runs Gradient Lab, read two independent ways a user can see it: VS Code's
 * own "Developer: Show Running Extensions" (its row says "web worker" for the browser host, the
 * server's name for the Node host), and the extension's own first log line, read in the Output
 * view. Waits are for states (the row, the line), never for times.
 */
import type { Page } from 'playwright-core';
import { eventually, runCommand } from './workbench';

/** What Running Extensions shows beside Gradient Lab ("web worker", "remote 127.0.0.1:…"), once it is listed as activated. */
export async function runningExtensionHost(page: Page): Promise<string> {
  await runCommand(page, 'Developer: Show Running Extensions');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row').filter({ has: page.locator('.name', { hasText: /^Gradient Lab$/ }) }).first();
  // The row appears once the host reported the extension; its activation time once it activated.
  const text = await eventually(() => row.innerText({ timeout: 1000 }).catch(() => ''), (t) => /\d+\s*ms/.test(t), 'Gradient Lab listed as activated in Running Extensions', 60000);
  const where = (await row.locator('.msg').innerText()).trim();
  await page.keyboard.press('Control+W'); // close the Running Extensions editor again
  return where || text;
}

/**
 * The Gradient Lab log's line that names its host ("Gradient Lab 0.1.0 running in the browser (web
 * worker) extension host"), read in the Output view narrowed to it with the view's filter box.
 */
export async function hostLogLine(page: Page): Promise<string> {
  await runCommand(page, 'Gradient Lab: Show Log');
  const output = page.locator('.part.panel .output-view, .part.panel .output');
  const filter = page.locator('.part.panel .viewpane-filter input, .part.panel .panel-action-tree-filter input').first();
  await filter.waitFor({ state: 'visible', timeout: 30000 });
  await filter.fill('extension host');
  const lines = await eventually(
    async () => (await output.locator('.view-lines .view-line').allInnerTexts().catch(() => [] as string[])).map((l) => l.replace(/\u00a0/g, ' ').trim()).filter(Boolean),
    (l) => l.some((x) => /running in .* extension host/.test(x)),
    'the host line in the Gradient Lab log',
    60000,
  );
  await filter.fill('');
  return lines.find((x) => /running in .* extension host/.test(x))!;
}
