/**
 * Headless Chromium for the browser tests: Debian's `chromium` driven by playwright-core over
 * CDP (playwright's own browser downloads cannot work offline). `.ci/run` installs the package;
 * where it is missing locally the tests skip with a loud message instead of failing.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.GL_CHROMIUM ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const msg = `!!! SKIPPED: no Chromium at ${CHROMIUM}. Install it (apt-get install -y chromium) or set GL_CHROMIUM; CI installs it.`;
  console.error(`\n${'!'.repeat(msg.length)}\n${msg}\n${'!'.repeat(msg.length)}\n`);
  return msg;
}

/** Flags that keep Chromium from reaching the network or a shared profile. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Headless, with a fresh profile: playwright gives every launch() its own temporary --user-data-dir. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
