/**
 * The page a browser test drives: a local server that serves the extension's own webview HTML
 * (extension/webview-html.ts, same CSP) with the built bundle from dist/, and a Chromium page on it
 * that stands in for VS Code (acquireVsCodeApi, theme variables) and records what goes wrong.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { pageHtml } from '../../extension/webview-html';
import { launchChromium } from '../browser';
import { ROOT } from '../extension/helpers';

// Page-side code below runs in Chromium; the test project is compiled without DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;
declare function requestAnimationFrame(f: () => void): number;
declare class MessageEvent { constructor(type: string, init: { data: unknown }); }

/** Where the browser tests put their screenshots. */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** A running page server: its origin (http://127.0.0.1:port) and how to stop it. */
export interface PageServer {
  origin: string;
  close(): void;
}

/** Serves the page for one of `views` (chosen by `?view=`, else the first) and dist/webview.js|.css (the one bundle). */
export async function startPageServer(options: { views: readonly string[] }): Promise<PageServer> {
  const assets = ['/dist/webview.js', '/dist/webview.css'];
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const asked = url.searchParams.get('view') ?? '';
    const view = options.views.includes(asked) ? asked : options.views[0]!;
    if (url.pathname === '/') {
      res.setHeader('content-type', 'text/html');
      // The CSP names the server's own origin, as VS Code names its webview resource origin.
      res.end(pageHtml({ cspSource: origin, scriptUri: `${origin}${assets[0]}`, styleUri: `${origin}${assets[1]}`, nonce: 'testnonce0123456789abcdefghijklmn', view, title: 'test' }));
    } else if (assets.includes(url.pathname)) {
      res.setHeader('content-type', url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css');
      res.end(readFileSync(join(ROOT, url.pathname)));
    } else {
      // Chromium asks for a favicon on its own; a 404 there would read as a page error.
      res.statusCode = url.pathname === '/favicon.ico' ? 204 : 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => server.close() };
}

/** How to open a page: which view, its size, the theme VS Code would set, the saved webview state. */
export interface PageOptions {
  view?: string;
  viewport?: { width: number; height: number };
  themeVars?: Record<string, string>;
  /** The body class: vscode-dark (the default) or vscode-light. */
  dark?: boolean;
  /** What getState() returns before the page first calls setState (left undefined when omitted). */
  state?: unknown;
  /** What send() waits for after dispatching: two animation frames (figures redraw on the next one) or some milliseconds. */
  settle?: 'frames' | number;
}

/** An open page with its collected errors, and the two ends of its message channel. */
export interface OpenedPage {
  page: Page;
  /** Page errors, console errors and CSP violations, which every test expects to stay empty. */
  errors: string[];
  /** Posts messages into the page, in one burst, as the extension would. */
  send(...messages: unknown[]): Promise<void>;
  /** Everything the page has posted to the extension so far. */
  sent(): Promise<{ type: string; [k: string]: unknown }[]>;
}

/** Opens the page served at `origin` in `browser` and waits until it has posted 'ready'. */
export async function openPage(browser: Browser, origin: string, options: PageOptions = {}): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1200, height: 1000 } });
  // Waits are bounds on hangs: on a loaded 2-core machine a render can take far longer than Playwright's 30 s default.
  page.setDefaultTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  // tsx compiles test files with esbuild's keepNames, which wraps functions sent to the page in
  // __name(); the page needs that helper too.
  await page.addInitScript('window.__name = (f) => f;');
  // What VS Code provides a webview: acquireVsCodeApi and the theme variables and body class.
  await page.addInitScript(({ vars, dark, hasState, state }) => {
    window.__sent = [];
    if (hasState) window.__state = state;
    window.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => window.__sent.push(m), getState: () => window.__state, setState: (s: unknown) => (window.__state = s) });
    document.addEventListener('DOMContentLoaded', () => {
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v as string);
      document.body.classList.add(dark ? 'vscode-dark' : 'vscode-light');
    });
  }, { vars: options.themeVars ?? {}, dark: options.dark ?? true, hasState: options.state !== undefined, state: options.state ?? null });
  await page.goto(options.view === undefined ? origin : `${origin}/?view=${options.view}`);
  await page.waitForFunction(() => window.__sent.some((m: { type: string }) => m.type === 'ready'), undefined, { timeout: 60000 }).catch((e: Error) => {
    throw new Error(`${e.message}; page errors: ${errors.join(' | ')}`);
  });
  const settle = options.settle;
  return {
    page,
    errors,
    send: async (...messages) => {
      await page.evaluate((list) => { for (const data of list) window.dispatchEvent(new MessageEvent('message', { data })); }, messages as object[]);
      if (settle === 'frames') await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(undefined)))));
      else if (settle !== undefined) await page.waitForTimeout(settle);
    },
    sent: () => page.evaluate(() => window.__sent),
  };
}

/** A page server and a Chromium to open its pages in: what each browser test file starts once. */
export interface PageLab {
  browser: Browser;
  origin: string;
  open(options?: PageOptions): Promise<OpenedPage>;
  close(): Promise<void>;
}

/** Starts the server and Chromium, and makes sure the screenshot folder exists. */
export async function startPageLab(options: { views: readonly string[] }): Promise<PageLab> {
  const server = await startPageServer(options);
  const browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    browser,
    origin: server.origin,
    open: (pageOptions) => openPage(browser, server.origin, pageOptions),
    close: async () => {
      await browser.close();
      server.close();
    },
  };
}
