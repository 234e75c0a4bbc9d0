/*
 * The browser section of the bench (./web.bench.ts) runs for real: the worker bundle
 * (dist/bench-web.js, `npm run build` first) loads in a nested Chromium Web Worker with the
 * engine's WebAssembly kernels, sees no Node and no SharedArrayBuffer, and trains W1 there and in
 * Node with the same timing. Speeds are printed, never asserted.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromiumMissing } from '../browser';
import { ROOT } from '../extension/helpers';
import { WebBenchRound, runWebBench, webRow } from './web.bench';
import { w1 } from './workloads';

const skip = chromiumMissing();

test('the bench trains W1 in a Chromium worker on the wasm kernels, one thread, without Node', { skip }, async () => {
  const result = await runWebBench([w1()], true, join(ROOT, 'dist', 'bench-web.js'));
  if ('skipped' in result) assert.fail(result.skipped);
  const { env, rows } = result;
  assert.equal(env.kernels, 'wasm-simd');
  assert.equal(env.nodeProcess, false);
  // As in VS Code's web-worker extension host: no cross-origin isolation, so no training pool.
  assert.equal(env.sharedArrayBuffer, false);
  assert.equal(env.crossOriginIsolated, false);
  assert.match(env.threadsUnavailable ?? '', /SharedArrayBuffer is not available/);
  assert.equal(rows.length, 1);
  const row = rows[0]!;
  assert.equal(row.workload, 'W1');
  assert.equal(row.rounds.length, 1);
  const round = row.rounds[0]!;
  assert.equal(round.web.kernels, 'wasm-simd');
  assert.match(round.web.threadsNote, /training on 1 thread/);
  // The same timing in both hosts: W1's 7 repetitions of at least 3 steps each.
  for (const side of [round.web, round.node]) {
    assert.equal(side.repetitions.length, 7);
    assert.ok(side.stepsPerRepetition >= 3, `${side.stepsPerRepetition} steps per repetition`);
    assert.ok(side.repetitions.every((r) => Number.isFinite(r) && r > 0), `repetitions ${side.repetitions.join(', ')}`);
  }
  assert.equal(row.web, round.web.samplesPerSecond);
  assert.equal(row.ratio, round.web.samplesPerSecond / round.node.samplesPerSecond);
});

test('a workload\'s rounds sum up as the medians of each host, their ratio, and the same per CPU-second', () => {
  const round = (web: number, webCpu: number | undefined, node: number, nodeCpu: number): WebBenchRound => ({
    web: { workload: 'W1', samplesPerSecond: web, repetitions: [web], stepsPerRepetition: 3, evalShare: 0, kernels: 'wasm-simd', threadsNote: '', cpuPerWall: webCpu },
    node: { samplesPerSecond: node, repetitions: [node], stepsPerRepetition: 3, evalShare: 0, cpuPerWall: nodeCpu },
  });
  // Medians: web 200 (of 100, 200, 900), node 400 (of 400, 100, 800); per CPU-s web 400, node 500.
  const row = webRow(w1(), [round(100, 0.5, 400, 1), round(200, 0.5, 100, 0.2), round(900, 1, 800, 1)]);
  assert.equal(row.web, 200);
  assert.equal(row.node, 400);
  assert.equal(row.ratio, 0.5);
  assert.equal(row.ratioPerCpu, 400 / 500);
  // Without the browser's CPU time (no /proc) there is no per-CPU ratio, rather than a wrong one.
  assert.equal(webRow(w1(), [round(100, undefined, 400, 1)]).ratioPerCpu, undefined);
});
