/*
 * Speed in the browser host (issue 18): our engine trains W1–W3 in a dedicated Web Worker in
 * Debian's headless Chromium, nested in a second worker as VS Code's web-worker extension host
 * nests the engine's worker (both from Blob URLs), and, timed beside it in this process, the same
 * workload in Node, so the ratio web/Node has both hosts under the same load. Both run the bench's
 * own workloads, seeds and timing (./workloads.ts, ./ours.ts, ./timing.ts; the browser side is
 * ./web/worker.ts, bundled as dist/bench-web.js) on one thread: the web host has no
 * SharedArrayBuffer, hence no training pool.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { kernelName } from '../../engine/nn/kernels';
import { prepareData } from '../../engine/trainer';
import { chromiumMissing, launchChromium } from '../browser';
import { startChildrenClock, startClock } from './cpu-clock';
import { ourStepper } from './ours';
import { Timing, benchTiming, median, timeSteps } from './timing';
import { WebEnv, WebReply, WebRequest, WebRun } from './web/protocol';
import { Workload, WorkloadId } from './workloads';

// Page-side code below runs in Chromium; the test project is compiled without DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;

/** One round of one workload: Node, then the browser worker, back to back. */
export interface WebBenchRound {
  web: WebRun & { cpuPerWall: number | undefined };
  node: Timing & { evalShare: number; cpuPerWall: number };
}

/** One workload in both hosts, over several rounds so that a burst of load from elsewhere falls on both. */
export interface WebBenchRow {
  workload: WorkloadId;
  title: string;
  /** The median over the rounds of each host's samples/s. */
  web: number;
  node: number;
  /** web / node (below 1: the browser is slower). */
  ratio: number;
  /** The same per second of CPU time (samples/s over cpu/wall, medians over the rounds): steadier on a loaded machine. */
  ratioPerCpu: number | undefined;
  rounds: WebBenchRound[];
}

export interface WebBenchResult {
  chromium: string;
  env: WebEnv;
  rows: WebBenchRow[];
}

/** The browser bundle, beside dist/bench.js (where this module runs bundled). */
export const WEB_BUNDLE = join(__dirname, 'bench-web.js');
const ORIGIN = 'http://gradient-lab.invalid';
/** Longer than any workload's warm-up and repetitions, even on a loaded machine: then the worker is taken as hung. */
const RUN_TIMEOUT_MS = 5 * 60_000;

/** Runs the section and prints it; returns why it was skipped (said loudly) when Chromium or the bundle is missing. */
export async function runWebBench(workloads: readonly Workload[], quick: boolean, bundle = WEB_BUNDLE, rounds = quick ? 1 : 3): Promise<WebBenchResult | { skipped: string }> {
  const missing = chromiumMissing() ?? (existsSync(bundle) ? undefined : skippedLoudly(`no browser bundle at ${bundle}: run npm run build`));
  if (missing) return { skipped: missing };
  const browser = await launchChromium();
  try {
    const page = await openHostPage(browser, readFileSync(bundle, 'utf8'));
    const env = await ask(page, { type: 'env' }, 'env');
    if (env.kernels !== 'wasm-simd') throw new Error(`the engine's WebAssembly kernels did not load in the browser worker (kernels: ${env.kernels})`);
    if (env.nodeProcess) throw new Error('the browser worker sees a Node `process` global: this is not a browser host');
    console.log(`In the browser: headless Chromium ${browser.version()}, a dedicated Web Worker nested in a worker (as VS Code's web-worker extension host); its kernels load (${env.kernels}); one thread: ${env.threadsUnavailable ?? 'SharedArrayBuffer is available here, but the web host has none'}`);
    const rows: WebBenchRow[] = [];
    for (const w of workloads) {
      const done: WebBenchRound[] = [];
      for (let r = 0; r < rounds; r++) done.push(await benchRound(page, w, quick));
      rows.push(webRow(w, done));
    }
    printWebTable(rows);
    return { chromium: browser.version(), env, rows };
  } finally {
    await browser.close();
  }
}

/** The workload in Node, then in the browser worker, back to back. */
async function benchRound(page: Page, w: Workload, quick: boolean): Promise<WebBenchRound> {
  const stepper = ourStepper(w, prepareData(w.config, w.dataset));
  const clock = startClock();
  const nodeTiming = timeSteps(stepper, benchTiming(w, 'ours', quick));
  const node = { ...nodeTiming, evalShare: stepper.evalShare(), cpuPerWall: clock() };
  stepper.dispose();
  console.error(`  ${w.id} node: ${Math.round(node.samplesPerSecond).toLocaleString('en-US')} samples/s`);
  const browserClock = startChildrenClock();
  const run = await ask(page, { type: 'run', workload: w.id, quick, wasmKernels: kernelName() === 'wasm-simd' }, 'run');
  if (run.kernels !== kernelName()) throw new Error(`${w.id}: the browser worker trained on ${run.kernels} kernels, Node on ${kernelName()}`);
  const web = { ...run, cpuPerWall: browserClock() };
  console.error(`  ${w.id} web worker: ${Math.round(web.samplesPerSecond).toLocaleString('en-US')} samples/s`);
  return { web, node };
}

/** A workload's rounds summed up: medians of each host, and their ratio. */
export function webRow(w: Workload, rounds: WebBenchRound[]): WebBenchRow {
  const web = median(rounds.map((r) => r.web.samplesPerSecond)), node = median(rounds.map((r) => r.node.samplesPerSecond));
  const perCpu = rounds.every((r) => r.web.cpuPerWall)
    ? median(rounds.map((r) => r.web.samplesPerSecond / r.web.cpuPerWall!)) / median(rounds.map((r) => r.node.samplesPerSecond / r.node.cpuPerWall))
    : undefined;
  return { workload: w.id, title: w.title, web, node, ratio: web / node, ratioPerCpu: perCpu, rounds };
}

export function printWebTable(rows: readonly WebBenchRow[]): void {
  const n = (v: number): string => Math.round(v).toLocaleString('en-US');
  const cpu = (v: number | undefined): string => (v === undefined ? '?' : v.toFixed(2));
  const ratios = (r: WebBenchRow): string => {
    const each = r.rounds.map((x) => x.web.samplesPerSecond / x.node.samplesPerSecond);
    return `${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)}`;
  };
  const table = [['workload', 'web worker samples/s', 'node samples/s', 'web/node', 'rounds', 'web/node per CPU-s', 'cpu/wall web', 'cpu/wall node']];
  for (const r of rows) {
    table.push([
      r.workload, n(r.web), n(r.node), `${r.ratio.toFixed(2)}×`, `${r.rounds.length}: ${ratios(r)}`,
      r.ratioPerCpu === undefined ? '?' : `${r.ratioPerCpu.toFixed(2)}×`,
      r.rounds.map((x) => cpu(x.web.cpuPerWall)).join(' '), r.rounds.map((x) => cpu(x.node.cpuPerWall)).join(' '),
    ]);
  }
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]): string => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(line(table[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) console.log(line(row));
  console.log('web: our engine in a Chromium dedicated worker (one thread); node: the same steps in this process, timed just before it, in rounds (Node then web, back to back). Steps only (the end-of-epoch evaluation is not counted); samples/s are the medians over the rounds of each round\'s median repetition; "rounds" gives the range of web/node over them.');
  console.log("cpu/wall web: CPU time of all Chromium's processes over wall time while the worker trained (1.00 = a whole core; its idle browser processes add a little).");
}

function skippedLoudly(why: string): string {
  const msg = `!!! SKIPPED the browser section: ${why}`;
  console.error(`\n${'!'.repeat(msg.length)}\n${msg}\n${'!'.repeat(msg.length)}\n`);
  return msg;
}

/**
 * Page side, as plain text (what tsx or esbuild make of a function, such as their __name helper,
 * does not exist in the page): a "host" worker that starts the engine worker from the bundle's
 * text as a Blob URL and passes messages both ways, and `benchAsk(request)`, which sends one
 * request and resolves with the answer (one at a time).
 */
const HOST_PAGE = `{
  const host = \`let engine;
onmessage = (e) => {
  if (e.data.type === 'start') {
    engine = new Worker(URL.createObjectURL(new Blob([e.data.source], { type: 'text/javascript' })));
    engine.onmessage = (m) => postMessage(m.data);
    engine.onerror = (err) => postMessage({ type: 'error', message: 'the engine worker failed: ' + err.message });
  } else engine.postMessage(e.data);
};\`;
  const worker = new Worker(URL.createObjectURL(new Blob([host], { type: 'text/javascript' })));
  let waiting;
  const answer = (reply) => {
    const w = waiting;
    waiting = undefined;
    if (w) w(reply);
  };
  worker.onmessage = (m) => answer(m.data);
  worker.onerror = (err) => answer({ type: 'error', message: 'the host worker failed: ' + err.message });
  worker.postMessage({ type: 'start', source: window.benchSource });
  window.benchAsk = (request) => new Promise((resolve) => {
    waiting = resolve;
    worker.postMessage(request);
  });
}`;

/**
 * A page on a made-up http origin (served by the route below: nothing leaves the machine) running
 * HOST_PAGE with the bundle's text.
 */
async function openHostPage(browser: Browser, bundle: string): Promise<Page> {
  const page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
  await page.goto(`${ORIGIN}/`);
  await page.evaluate((source: string) => { window.benchSource = source; }, bundle);
  await page.evaluate(HOST_PAGE);
  return page;
}

/** Sends one request to the engine worker and waits for its answer of the expected type. */
async function ask<T extends 'env' | 'run'>(page: Page, request: WebRequest, expect: T): Promise<T extends 'env' ? WebEnv : WebRun> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the browser worker did not answer ${JSON.stringify(request)} within ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS);
  });
  try {
    const reply = (await Promise.race([page.evaluate((r) => window.benchAsk(r), request), timeout])) as WebReply;
    if (reply.type === 'error') throw new Error(`in the browser worker: ${reply.message}`);
    if (reply.type !== expect) throw new Error(`the browser worker answered ${reply.type} to ${request.type}`);
    return (reply.type === 'env' ? reply.env : reply.run) as T extends 'env' ? WebEnv : WebRun;
  } finally {
    clearTimeout(timer);
  }
}
