/*
 * Timing-sensitive, so it runs in the serial phase of scripts/run-tests.mjs (nothing else
 * competes for the 2 cores): the extension host's event loop while a worker trains.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { RunController } from '../../extension/run-controller';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import type { ControlValues } from '../../webview/protocol';
import { until, workerBundle } from './helpers';
import { nodeRunFiles } from '../../extension/run-files-node';

const controls: ControlValues = { init: 'glorot-uniform', optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 10, hidden: [8, 8], activation: 'tanh' };

/**
 * The event-loop delay of an idle process measured over the same moments as the test: what the
 * machine's load alone costs (other jobs on the 2 shared cores deschedule any process). Returns
 * a stop function that resolves to its p99 and max in ms.
 */
function idleBaseline(): () => Promise<{ p99: number; max: number }> {
  const probe = `const { monitorEventLoopDelay } = require('node:perf_hooks');
    const h = monitorEventLoopDelay({ resolution: 5 }); h.enable();
    process.stdin.on('data', () => { h.disable(); process.stdout.write(JSON.stringify({ p99: h.percentile(99) / 1e6, max: h.max / 1e6 })); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', probe], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const done = new Promise<void>((r) => child.on('close', () => r()));
  return async () => {
    child.stdin.write('stop\n');
    await done;
    return JSON.parse(out) as { p99: number; max: number };
  };
}

test('the extension host event loop stays under 50 ms of delay while a run trains', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'gl-runs-'));
  const host = new WorkerHost(nodeWorker(workerBundle()));
  // Listeners run in order: these two bracket the controller's own handling of each message.
  let t0 = 0, longestHandling = 0, messages = 0;
  host.onMessage(() => (t0 = performance.now()));
  const c = new RunController(host, controls, { runsFolder: () => folder, runFiles: () => nodeRunFiles, updatesPerSecond: () => 30, log: () => {} });
  host.onMessage(() => {
    messages++;
    longestHandling = Math.max(longestHandling, performance.now() - t0);
  });
  try {
    const stopBaseline = idleBaseline();
    await new Promise((r) => setTimeout(r, 300)); // the probe process is up and measuring
    const h = monitorEventLoopDelay({ resolution: 5 });
    // Small batches make many steps: the most the host has to absorb (tens of thousands a second).
    await c.start(parseConfig({ dataset: { synthetic: 'spiral', samples: 4000 }, training: { epochs: 120, batchSize: 4 } }));
    h.enable();
    const start = Date.now();
    await until(() => c.current?.status === 'finished', 120000, 'finished');
    h.disable();
    const idle = await stopBaseline();
    await c.flushed();
    const max = h.max / 1e6, p99 = h.percentile(99) / 1e6;
    console.log(
      `# event-loop delay over ${Date.now() - start} ms of training (${c.current!.summary!.steps} steps, ${messages} messages): ` +
        `max ${max.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; an idle process meanwhile: p99 ${idle.p99.toFixed(1)} ms, max ${idle.max.toFixed(1)} ms; longest message handling ${longestHandling.toFixed(1)} ms`,
    );
    // What training itself costs the host: its handling of worker messages, well under 50 ms
    // (beyond what being descheduled by other jobs adds, as the idle process saw it).
    assert.ok(longestHandling < 20 + idle.max, `handling one worker message took ${longestHandling} ms (idle max ${idle.max} ms)`);
    // What the loop saw, less what the machine's load alone causes at the same moments.
    assert.ok(p99 < 50 + idle.p99, `p99 event-loop delay ${p99} ms (idle process p99 ${idle.p99} ms)`);
    // The single worst delay is printed, not asserted: on a loaded machine one deschedule of this
    // process (hundreds of ms, seen by no other process at that instant) decides it. What our code
    // blocks for is `longestHandling`, asserted above.
    assert.ok(c.current!.steps.length <= 2001, 'the snapshot stays bounded');
  } finally {
    await c.dispose();
    await rm(folder, { recursive: true, force: true });
  }
});

