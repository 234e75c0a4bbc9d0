/**
 * One e2e suite's life: package the VSIX, copy the sample workspace, start code-server and
 * Chromium, open the workbench and wait for the extension's contributions; afterwards always
 * stop both and remove the temp dir. Skips loudly when code-server or Chromium is missing.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumMissing } from '../browser';
import { ROOT } from '../extension/helpers';
import { browserLogs, gradientLabLog } from './browser-logs';
import { startChromium } from './chromium';
import { codeServerMissing, startCodeServer, type CodeServer } from './code-server';
import { makeWorkspace, packageVsix } from './fixture';
import { openWorkbench, palette } from './workbench';

export const ARTIFACTS = join(ROOT, 'test-artifacts');

export interface Session {
  page: Page;
  server: CodeServer;
  /** The workspace copy the workbench has open. */
  workspace: string;
  /** Runs a step; on failure keeps test-artifacts/vscode-failed-<tag>-<name>.png and adds the server's errors to the message. */
  step(name: string, body: () => Promise<void>): Promise<void>;
}

export function describeInVsCode(
  title: string,
  o: {
    tag: string;
    budgetSeconds: number;
    settings?: object;
    viewport?: { width: number; height: number };
    /** Install the web-only package (see packageVsix): the extension runs in the web-worker extension host. */
    web?: boolean;
  },
  tests: (s: Session) => void,
): void {
  const skip = chromiumMissing() ?? codeServerMissing();
  const s = {} as Session;
  let dir = '';
  let chromium: Awaited<ReturnType<typeof startChromium>> | undefined;
  /** The workbench page's console errors and warnings (the web-worker extension host reports there). */
  const consoleLines: string[] = [];
  const consoleErrors: string[] = [];
  const shot = (name: string) => join(ARTIFACTS, `vscode-failed-${o.tag}-${name}.png`);
  s.step = async (name, body) => {
    try {
      await body();
    } catch (e) {
      await s.page?.screenshot({ path: shot(name) }).catch(() => undefined);
      // In the web-worker host the extension logs into the browser: keep its log, and say its errors.
      const own = o.web && s.page ? gradientLabLog(await browserLogs(s.page).catch(() => [])) : undefined;
      if (own) {
        writeFileSync(shot(name).replace(/\.png$/, '.log'), own.text);
        consoleErrors.push(...own.text.split('\n').filter((l) => /\[(error|warning)\]/.test(l)).slice(-10).map((l) => `[Gradient Lab.log] ${l.slice(0, 400)}`));
      }
      // The web-worker host logs in the browser, not on the server: its errors are the page's console's.
      const errors = [...(s.server?.errors() ?? []), ...consoleErrors.slice(-20)];
      if (e instanceof Error && errors.length) e.message += `\n--- code-server / extension host errors ---\n${errors.join('\n')}`;
      throw e;
    }
  };

  describe(title, { skip, timeout: o.budgetSeconds * 1000 }, () => {
    before(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      for (const f of readdirSync(ARTIFACTS)) if (f.startsWith(`vscode-failed-${o.tag}-`)) rmSync(join(ARTIFACTS, f));
      dir = mkdtempSync(join(tmpdir(), `gl-e2e-${o.tag}-`));
      const vsix = packageVsix(dir, { web: o.web ?? false });
      s.workspace = makeWorkspace(dir);
      // The watchdogs outlive the budget a little, so a hung run's `after` still gets to clean up.
      s.server = await startCodeServer({ dir, workspace: s.workspace, vsix, settings: o.settings ?? {}, deadlineSeconds: o.budgetSeconds + 30 });
      chromium = await startChromium(join(dir, 'chromium'), o.budgetSeconds + 30);
      s.page = await (await chromium.browser.newContext({ viewport: o.viewport ?? { width: 1440, height: 900 } })).newPage();
      s.page.on('console', (m) => {
        const line = `[${m.type()}] ${m.text()}${m.type() === 'error' && m.location().url ? ` (${m.location().url})` : ''}`.slice(0, 2000);
        consoleLines.push(line);
        // vsda: Microsoft's signing module, which code-server does not ship (the server log filter drops it too).
        if (m.type() === 'error' && !/vsda/.test(line)) consoleErrors.push(line.slice(0, 400));
      });
      s.page.on('pageerror', (e) => consoleErrors.push(`[pageerror] ${e.message}`.slice(0, 400)));
      // Waits are bounds on hangs: on a loaded 2-core machine the workbench can take far longer than Playwright's 30 s default.
      s.page.setDefaultTimeout(120_000);
      await s.step('open', async () => {
        await openWorkbench(s.page, s.server.url, s.workspace);
        // Menus and the palette get the extension's contributions a moment after the Explorer
        // shows; a context menu opened before would lack them. Its command listed = they are in.
        await palette(s.page, 'Gradient Lab: Show Log', (l) => l.includes('Gradient Lab: Show Log'), 120000);
        await s.page.keyboard.press('Escape');
      });
    });

    after(async () => {
      if (consoleLines.length) writeFileSync(join(ARTIFACTS, `vscode-console-${o.tag}.log`), consoleLines.join('\n') + '\n');
      // The web-worker host's logs live in the browser, gone with it: keep them (the Node host's stay in user-data/logs).
      if (o.web && s.page) {
        const logs = await browserLogs(s.page).catch(() => []);
        if (logs.length) writeFileSync(join(ARTIFACTS, `vscode-browser-logs-${o.tag}.log`), logs.map((l) => `=== ${l.path}\n${l.text}`).join('\n'));
      }
      await chromium?.stop();
      await s.server?.stop();
      if (dir && process.env.GL_E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
    });

    tests(s);
  });
}
