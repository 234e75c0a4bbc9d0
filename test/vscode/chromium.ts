/**
 * Debian's headless Chromium for the workbench, started here (not by playwright's launch) so it
 * runs in a process group this test owns and the watchdog of ./processes can kill it even if the
 * test process is killed outright. playwright-core attaches over CDP.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../browser';
import { spawnGroup } from './processes';

export async function startChromium(profileDir: string, deadlineSeconds: number): Promise<{ browser: Browser; stop(): Promise<void> }> {
  // A fresh profile, no network of its own (no sync, updates, QUIC), no crash handler writing to
  // ~/.config/chromium, and a DevTools port the OS picks.
  const args = ['--headless', ...CHROMIUM_ARGS, '--disable-crash-reporter', '--disable-breakpad', `--user-data-dir=${profileDir}`, '--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1', 'about:blank'];
  const group = spawnGroup(CHROMIUM, args, { stdio: 'ignore' }, deadlineSeconds);
  // Chromium writes the port it picked into the profile once DevTools listens.
  const portFile = join(profileDir, 'DevToolsActivePort');
  const end = Date.now() + 30000;
  while (!existsSync(portFile) || !readFileSync(portFile, 'utf8').includes('\n')) {
    if (group.exited || Date.now() > end) {
      await group.stop();
      throw new Error(`Chromium did not start (${JSON.stringify(group.exited ?? 'no DevTools port after 30 s')})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const port = readFileSync(portFile, 'utf8').split('\n')[0];
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  return {
    browser,
    async stop() {
      await browser.close().catch(() => undefined);
      await group.stop();
    },
  };
}
