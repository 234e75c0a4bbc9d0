/*
 * `npm run bench`: trains the workloads of issues 2 and 6 in our engine and in TensorFlow.js (cpu and
 * wasm backends) in one process, prints samples/s and the ratios ours/theirs, and writes
 * test-artifacts/bench.json. Then times UMAP of 2,000 vectors (./umap.bench.ts), the WANN search on 16×16 digits in one
 * thread and over a worker pool (./wann.bench.ts), and runs the
 * CSV parse benchmark (./parse.bench.ts). The browser section (./web.bench.ts) trains W1–W3 in a
 * Web Worker in headless Chromium against Node, after the training table (skipped loudly without Chromium).
 * Our engine is reported twice: steps alone, and as configured (the end-of-epoch evaluation,
 * timed beside the steps in the same window, counted as a user's run pays for it).
 * Flags: --quick (shorter timing, smaller CSV), --only=W1|W2|W3|web|umap|wann|parse, --no-parse, --no-web,
 * --kernels=ts (our engine on the TypeScript reference kernels only, to see what wasm adds),
 * --threads=1,2 (the thread counts our engine is timed at; default 1,2: TF.js is compared with 1,
 * the others are reported as a speed-up over it).
 */
import * as tf from '@tensorflow/tfjs-core';
import { cpus, loadavg } from 'node:os';
import { kernelName, useWasmKernels } from '../../engine/nn/kernels';
import { nodeThreads } from '../../engine/node/pool-threads';
import { installThreadPlatform } from '../../engine/parallel/platform';
import { prepareData } from '../../engine/trainer';
import { startClock } from './cpu-clock';
import { measure, memoryBaseline } from './measure';
import { ourStepper } from './ours';
import { ParseBenchResult, runParseBench } from './parse.bench';
import { Result, printTable, withRatios, writeJson } from './report';
import { BackendInfo, InitialParams, standInReport, tfjsHiddenBytes, tfjsStepper, useBackend } from './tfjs-train';
import { UmapBenchResult, runUmapBench } from './umap.bench';
import { WebBenchResult, runWebBench } from './web.bench';
import { WannBenchResult, runWannBench } from './wann.bench';
import { MeasureOptions, benchTiming } from './timing';
import { TfBackend, Workload, w1, w2, w3 } from './workloads';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
if (args.includes('--kernels=ts')) useWasmKernels(false);
installThreadPlatform(nodeThreads);
const threadCounts = (args.find((a) => a.startsWith('--threads='))?.slice('--threads='.length) ?? '1,2').split(',').map(Number);
if (threadCounts.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--threads= takes thread counts separated by commas, e.g. --threads=1,2');

const options = (w: Workload, engine: 'ours' | `tfjs-${TfBackend}`): MeasureOptions => benchTiming(w, engine, quick);

async function benchWorkload(w: Workload, backends: Map<TfBackend, BackendInfo>): Promise<Result[]> {
  const results: Result[] = [];
  const base = { workload: w.id, title: w.title };

  // Ours first; its initial weights are handed to TF.js so both train the same network.
  const data = prepareData(w.config, w.dataset);
  let baseline = memoryBaseline();
  const ours = ourStepper(w, data);
  const initial: InitialParams[] = ours.trainer.model.params.map((p) => ({ shape: p.shape, value: p.value.slice() }));
  // The snapshot handed to TF.js is not ours to count.
  let clock = startClock();
  const mine = measure(ours, baseline + initial.reduce((n, p) => n + p.value.byteLength, 0), options(w, 'ours'));
  ours.dispose();
  // As a user's run pays for it: the steps and the end-of-epoch evaluations between them.
  const configured = mine.samplesPerSecond * (1 - ours.evalShare());
  results.push({ ...base, engine: 'ours', threads: 1, ...mine, cpuPerWall: clock(), configuredSamplesPerSecond: configured });
  report(w, 'ours', mine.samplesPerSecond);
  report(w, `ours as configured (evaluation ${(100 * ours.evalShare()).toFixed(1)}% of the time)`, configured);
  // The same run on more threads (engine/parallel/): samples/s and the speed-up over one thread.
  for (const threads of threadCounts.filter((n) => n > 1)) {
    baseline = memoryBaseline();
    const more = ourStepper(w, data, threads);
    clock = startClock();
    const m = measure(more, baseline, options(w, 'ours'));
    const cpuPerWall = clock();
    more.dispose();
    results.push({ ...base, engine: `ours-${threads}t`, threads, ...m, cpuPerWall, speedUp: m.samplesPerSecond / mine.samplesPerSecond });
    report(w, `ours-${threads}t`, m.samplesPerSecond);
  }

  for (const backend of ['cpu', 'wasm'] as const) {
    backends.set(backend, await useBackend(backend));
    baseline = memoryBaseline();
    const theirs = tfjsStepper(w, initial);
    clock = startClock();
    const m = measure(theirs, baseline, options(w, `tfjs-${backend}`), () => tfjsHiddenBytes(backend));
    const cpuPerWall = clock();
    theirs.dispose?.();
    results.push({ ...base, engine: `tfjs-${backend}`, ...m, cpuPerWall });
    report(w, `tfjs-${backend}`, m.samplesPerSecond);
  }
  return results;
}

const loadText = (): string => loadavg().map((l) => l.toFixed(2)).join(', ');

function report(w: Workload, engine: string, sps: number): void {
  console.error(`  ${w.id} ${engine}: ${Math.round(sps).toLocaleString('en-US')} samples/s`);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  console.error(`our matmul kernels: ${kernelName()}`);
  const loadBefore = loadavg();
  console.log(`load average at start: ${loadText()} (${cpus().length} cores)`);
  const workloads = [w1, w2, w3].map((f) => f()).filter((w) => !only || w.id === only);
  const webBench = (!only || only === 'web') && !args.includes('--no-web');
  const parse = (!only || only === 'parse') && !args.includes('--no-parse');
  const umapBench = !only || only === 'umap';
  const wannBench = !only || only === 'wann';
  const backends = new Map<TfBackend, BackendInfo>();
  let results: Result[] = [];
  for (const w of workloads) {
    console.error(`${w.id}: ${w.title}`);
    results.push(...(await benchWorkload(w, backends)));
  }
  results = withRatios(results, { W1: w1().target, W2: w2().target, W3: w3().target });
  if (results.length) {
    console.log('');
    printTable(results);
  }
  const wasm = backends.get('wasm');
  if (results.length) console.log(`\nours: matmul kernels ${kernelName()}; tfjs ${tf.version_core}; wasm backend: SIMD ${wasm?.simd ? 'on' : 'off'}, threads ${wasm?.threads ? 'on' : 'off (Node has no cross-origin isolation for the threaded build)'}; ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}`);
  if (results.length) console.log('memory: bytes (JS heap + external: typed arrays, wasm memories; + TF.js tensor bytes inside its wasm memory) held after training, over a GC baseline taken before each engine was built; lower ratio = we hold less.');
  if (results.length) console.log('        ours includes the end-of-epoch evaluation buffers and the wasm kernel memory; TF.js evaluates nothing.');
  if (results.length) console.log('cpu/wall: process CPU time over wall time while each engine was timed (1.00 = a whole core to itself; lower = the machine was loaded).');
  if (results.length) console.log('as configured: our samples/s counting the end-of-epoch evaluations (defaults: engine/evaluation.ts), timed beside the steps in the same window; eval share = their share of the time.');
  if (standInReport) console.log(standInReport);
  let webResult: WebBenchResult | { skipped: string } | undefined;
  if (webBench) {
    console.log('');
    webResult = await runWebBench([w1(), w2(), w3()], quick);
  }
  let umapResult: UmapBenchResult | undefined;
  if (umapBench) {
    console.log('');
    umapResult = runUmapBench();
  }
  let wannResult: WannBenchResult | undefined;
  if (wannBench) {
    console.log('');
    wannResult = await runWannBench(quick ? 4 : 8);
  }
  // Last, so its ~100 MB of CSV text does not sit in the training measurements' memory.
  let parseResult: ParseBenchResult | undefined;
  if (parse) {
    console.log('');
    parseResult = await runParseBench(quick ? 200_000 : 1_000_000);
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`load average at end: ${loadText()}`);
  writeJson('test-artifacts/bench.json', {
    date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length,
    loadAverage: { start: loadBefore, end: loadavg() }, tfjsWasmFilterGradient: standInReport || null,
    kernels: kernelName(), tfjs: tf.version_core, wasm: wasm ?? null, quick, seconds, results,
    web: webResult ?? null, umap: umapResult ?? null, wann: wannResult ?? null, parse: parseResult ?? null,
  });
  console.log(`wrote test-artifacts/bench.json (${seconds.toFixed(0)} s)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
