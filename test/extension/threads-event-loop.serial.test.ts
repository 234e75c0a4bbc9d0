/*
 * Training on 2 threads from the extension's training worker (dist/worker.js starts its pool,
 * dist/pool-thread.js), while the host's event loop stays free. Timing-sensitive: serial phase.
 */
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { TrainerEvent } from '../../engine/protocol/training';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import { idleBaseline, until, workerBundle } from './helpers';

test('a run on 2 threads in the training worker keeps the host event loop within 50 ms of an idle process', async () => {
  const host = new WorkerHost(nodeWorker(workerBundle()));
  const events: TrainerEvent[] = [];
  host.onMessage((m) => { if (m.type === 'events') events.push(...m.events); });
  try {
    const baseline = idleBaseline();
    await baseline.ready;
    const h = monitorEventLoopDelay({ resolution: 5 });
    host.post({ type: 'start', config: parseConfig({ dataset: { synthetic: 'spiral', samples: 2000 }, model: { hidden: [256, 256] }, training: { epochs: 1000, batchSize: 64, threads: 2 } }) });
    await until(() => events.some((e) => e.type === 'step'), 20000, 'the first step');
    h.enable();
    const firstStep = events.filter((e) => e.type === 'step').at(-1) as Extract<TrainerEvent, { type: 'step' }>;
    await new Promise((r) => setTimeout(r, 4000));
    h.disable();
    const idle = await baseline.stop();
    const started = events.find((e): e is Extract<TrainerEvent, { type: 'started' }> => e.type === 'started')!;
    assert.deepEqual(started.threads, { count: 2, note: 'training on 2 threads (training.threads: 2)' });
    const lastStep = events.filter((e) => e.type === 'step').at(-1) as Extract<TrainerEvent, { type: 'step' }>;
    assert.ok(lastStep.step > firstStep.step + 10, `trained on: steps ${firstStep.step} → ${lastStep.step}`);
    assert.ok(!events.some((e) => e.type === 'error'), JSON.stringify(events.find((e) => e.type === 'error')));
    const max = h.max / 1e6;
    console.log(`# ${lastStep.step - firstStep.step} steps on 2 threads in 4 s; host event-loop delay max ${max.toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms; idle process: max ${idle.toFixed(1)} ms`);
    assert.ok(max < 50 + idle, `max event-loop delay ${max} ms (idle ${idle} ms)`);
    host.post({ type: 'stop' });
    await until(() => events.some((e) => e.type === 'summary'), 20000, 'the summary');
  } finally {
    await host.kill();
  }
});
