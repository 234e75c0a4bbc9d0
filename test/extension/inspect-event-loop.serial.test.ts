/*
 * Issue 13: Inspect Dataset parses in a worker, so the extension host's event loop stays free
 * while a big CSV is read. Timing-sensitive: it runs in the serial phase. The file is generated
 * (GL_INSPECT_MB megabytes, default 200; the 500 with GL_INSPECT_MB=500) into a temp dir.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { test } from 'node:test';
import { inspectInWorker } from '../../extension/inspect-worker';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import { idleBaseline, workerBundle } from './helpers';

test('inspecting a big CSV in the worker keeps the host event loop within 50 ms of an idle process measured at the same time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-inspect-'));
  try {
    const file = join(dir, 'big.csv');
    const mb = Number(process.env.GL_INSPECT_MB ?? 200);
    // 1,000 distinct rows repeated: fast to write, a real parse to read.
    const block = Buffer.from(Array.from({ length: 1000 }, (_, i) => `${(i * 0.731) % 97},${(i * 1.37) % 13},${i % 7},${(i * 3.1) % 101},${i % 3}\n`).join(''));
    const fd = openSync(file, 'w');
    writeSync(fd, 'a,b,c,d,label\n');
    const repeats = Math.ceil((mb * 1024 * 1024) / block.length);
    for (let k = 0; k < repeats; k++) writeSync(fd, block);
    closeSync(fd);
    const baseline = idleBaseline();
    await baseline.ready;
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const t0 = performance.now();
    const summary = await inspectInWorker(() => new WorkerHost(nodeWorker(workerBundle())), file, {});
    const seconds = (performance.now() - t0) / 1000;
    h.disable();
    const idle = await baseline.stop();
    const max = h.max / 1e6;
    console.log(`# inspected ${mb} MB (${summary!.rows} rows) in ${seconds.toFixed(1)} s; host event-loop delay max ${max.toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms; idle process over the same time: max ${idle.toFixed(1)} ms`);
    assert.equal(summary!.rows, repeats * 1000);
    assert.equal(summary!.decisions.rowsInFile, repeats * 1000);
    assert.ok(max < 50 + idle, `max event-loop delay ${max} ms (idle ${idle} ms)`);
    // Cancelling ends the worker: the promise settles at once with nothing.
    let cancel: () => void = () => {};
    const pending = inspectInWorker(() => new WorkerHost(nodeWorker(workerBundle())), file, {}, { onCancellationRequested: (l) => (cancel = l) });
    setTimeout(() => cancel(), 200);
    assert.equal(await pending, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
