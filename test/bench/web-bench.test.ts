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
import { runWebBench } from './web.bench';
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
  assert.equal(row.web.kernels, 'wasm-simd');
  assert.match(row.web.threadsNote, /training on 1 thread/);
  // The same timing in both hosts: W1's 7 repetitions of at least 3 steps each.
  for (const side of [row.web, row.node]) {
    assert.equal(side.repetitions.length, 7);
    assert.ok(side.stepsPerRepetition >= 3, `${side.stepsPerRepetition} steps per repetition`);
    assert.ok(side.repetitions.every((r) => Number.isFinite(r) && r > 0), `repetitions ${side.repetitions.join(', ')}`);
  }
  assert.equal(row.ratio, row.web.samplesPerSecond / row.node.samplesPerSecond);
});
