/*
 * Issue 13: Inspect Dataset parses in a worker, so the extension host's event loop stays free
 * while a big CSV is read. Timing-sensitive: it runs in the serial phase. The file is generated
 * (GL_INSPECT_MB megabytes, default 200; the 500 with GL_INSPECT_MB=500) into a temp dir.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { test } from 'node:test';
import { inspectInWorker } from '../../extension/inspect-worker';
import { WorkerHost } from '../../extension/worker-host';
import { workerBundle } from './helpers';

/**
 * An idle process measuring its own event-loop delay over the same window: what the machine's
 * load alone costs a loop that does nothing (2 shared cores). `stop()` returns its max in ms.
 */
function idleBaseline(): { ready: Promise<void>; stop(): Promise<number> } {
  const child = spawn(process.execPath, ['-e', `
    const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    process.stdout.write('ready\\n');
    process.stdin.on('data', () => { h.disable(); process.stdout.write(String(h.max / 1e6) + '\\n'); process.exit(0); });
  `], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const lines: ((l: string) => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    let i;
    while ((i = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, i);
      out = out.slice(i + 1);
      lines.shift()?.(line);
    }
  });
  const next = () => new Promise<string>((r) => lines.push(r));
  const ready = next().then(() => undefined);
  return {
    ready,
    async stop() {
      const line = next();
      child.stdin.write('stop\n');
      return Number(await line);
    },
  };
}

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
    const summary = await inspectInWorker(() => new WorkerHost(workerBundle()), file, {});
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
    const pending = inspectInWorker(() => new WorkerHost(workerBundle()), file, {}, { onCancellationRequested: (l) => (cancel = l) });
    setTimeout(() => cancel(), 200);
    assert.equal(await pending, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
