import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { syntheticDataset } from '../../engine/data/synthetic';
import { WannRelay } from '../../extension/labs/wann-relay';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import { parseFromWannView, type ToWannView } from '../../webview/views/wann/protocol';
import { until, workerBundle } from './helpers';

/** A relay on a real dist/worker.js, recording what it would post to the view. */
function relay(title = 'circle') {
  const posted: ToWannView[] = [];
  const host = new WorkerHost(nodeWorker(workerBundle()));
  const r = new WannRelay(host, title, (m) => posted.push(m));
  const events = () => posted.flatMap((m) => (m.type === 'wann-event' ? [m.event] : []));
  return { r, host, posted, events };
}

test('the real worker runs a search the relay starts; a view that says ready gets all of it replayed', async () => {
  const { r, posted, events } = relay();
  r.start({ type: 'wann-start', dataset: { synthetic: 'circle', samples: 200 }, generations: 8, population: 24, seed: 1 });
  await until(() => events().some((e) => e.type === 'wann-table'), 30_000, 'the table');
  const live = events();
  assert.equal(live.filter((e) => e.type === 'wann-generation').length, 8);
  r.handle({ type: 'ready' });
  const replay = posted.at(-1)!;
  assert.equal(replay.type, 'wann-replay');
  assert.deepEqual(replay.type === 'wann-replay' && replay.events, live, 'the replay is exactly what was relayed');
  // The slider: an answer is relayed but not kept for replays.
  r.handle({ type: 'evaluate', weight: 1.5 });
  await until(() => events().some((e) => e.type === 'wann-evaluation'), 10_000, 'the evaluation');
  r.handle({ type: 'ready' });
  const again = posted.at(-1)!;
  assert.ok(again.type === 'wann-replay' && again.events.every((e) => e.type !== 'wann-evaluation'));
  r.dispose();
});

test('pause and stop from the view reach the worker; a file is read by path in the worker', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-wann-'));
  const file = join(dir, 'xor.csv');
  const ds = syntheticDataset('xor', { samples: 200, seed: 1 });
  const rows = Array.from({ length: ds.rows }, (_, r) => `${ds.x[2 * r]},${ds.x[2 * r + 1]},${ds.y[r]}`);
  writeFileSync(file, ['x1,x2,label', ...rows].join('\n') + '\n');
  const { r, events } = relay('xor.csv');
  r.start({ type: 'wann-start', dataset: { name: file }, generations: 100_000, population: 16, seed: 1 });
  await until(() => events().some((e) => e.type === 'wann-generation'), 30_000, 'a generation');
  const started = events().find((e) => e.type === 'wann-started');
  assert.ok(started?.type === 'wann-started' && started.dataset.source.endsWith('xor.csv') && started.dataset.features === 2);
  r.handle({ type: 'control', action: 'pause' });
  await until(() => events().some((e) => e.type === 'wann-state' && e.state === 'paused'), 10_000, 'paused');
  r.handle({ type: 'control', action: 'stop' });
  await until(() => events().some((e) => e.type === 'wann-table'), 30_000, 'the table');
  const table = events().find((e) => e.type === 'wann-table');
  assert.equal(table?.type === 'wann-table' && table.status, 'stopped');
  r.dispose();
});

test('messages from the view are validated: anything else is dropped', () => {
  assert.deepEqual(parseFromWannView({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromWannView({ type: 'control', action: 'resume', extra: 1 }), { type: 'control', action: 'resume' });
  assert.deepEqual(parseFromWannView({ type: 'evaluate', weight: -0.5 }), { type: 'evaluate', weight: -0.5 });
  for (const bad of [null, undefined, 7, 'ready', [], {}, { type: 'control', action: 'reset' }, { type: 'control' }, { type: 'evaluate', weight: '1' },
    { type: 'evaluate', weight: Number.NaN }, { type: 'evaluate', weight: 3.5 }, { type: 'evaluate', weight: Infinity }, { type: 'wann-start' }]) {
    assert.equal(parseFromWannView(bad), undefined, JSON.stringify(bad));
  }
});
