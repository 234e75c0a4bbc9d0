/**
 * The Compare Models relay on a real dist/worker.js (the extension's side of the panel without
 * VS Code): the view's intents become worker requests, the answers reach the view, a finished
 * comparison is followed by PCA, a re-created view gets everything again, and cancel works.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeatureLabEvent } from '../../engine/protocol/models';
import { ModelsRelay, type ModelsDataset } from '../../extension/labs/models-relay';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import { parseFromModelsView, type ToModelsView } from '../../webview/views/models/protocol';
import { until, workerBundle } from './helpers';

const CIRCLE: ModelsDataset = { label: 'circle', spec: { dataset: { synthetic: 'circle', samples: 300 } } };

function relay(dataset: ModelsDataset | undefined, pick: () => Promise<ModelsDataset | undefined> = async () => undefined) {
  const posted: ToModelsView[] = [];
  const r = new ModelsRelay(new WorkerHost(nodeWorker(workerBundle())), dataset, (m) => posted.push(m), pick);
  const events = () => posted.flatMap((m): FeatureLabEvent[] => (m.type === 'result' ? [m.value] : m.type === 'progress' && m.partial ? [m.partial] : []));
  return { r, posted, events };
}

test('ready starts the comparison in the worker, then the PCA analysis; a new view gets the results replayed', async () => {
  const { r, posted, events } = relay(CIRCLE);
  await r.handle({ type: 'ready' });
  assert.deepEqual(posted[0], { type: 'dataset', label: 'circle' });
  await until(() => events().some((e) => e.type === 'pcaDone'), 60_000, 'the PCA after the comparison');
  const results = events().filter((e) => e.type === 'modelResult');
  assert.equal(results.length, 6);
  const poly = results.find((e) => e.type === 'modelResult' && e.preset === 'polynomial-logistic');
  assert.ok(poly?.type === 'modelResult' && poly.valAccuracy! >= 0.95 && poly.boundary?.cells.length === 64 * 64);
  assert.ok(events().some((e) => e.type === 'pcaVariance'));
  // The view is re-created (hidden and shown again): it gets the dataset and every kept answer, no progress.
  const before = posted.length;
  await r.handle({ type: 'ready' });
  const replay = posted.slice(before);
  assert.deepEqual(replay[0], { type: 'dataset', label: 'circle' });
  const replayed = replay.slice(1).map((m) => (m.type === 'result' ? m.value.type : m.type === 'progress' ? m.partial?.type ?? 'progress' : m.type));
  assert.equal(replayed.filter((t) => t === 'modelResult').length, 6);
  assert.ok(!replayed.includes('progress') && replayed.includes('pcaDone'), 'partial answers and results, no bare progress');
  r.dispose();
});

test('compare with new options restarts; cancel stops it; a revived panel asks for a dataset first', async () => {
  let asked = 0;
  const { r, posted, events } = relay(undefined, async () => (asked++, { label: 'xor', spec: { dataset: { synthetic: 'xor', samples: 300 } } }));
  await r.handle({ type: 'ready' });
  assert.deepEqual(posted, [], 'a revived panel without a dataset posts nothing: the view shows what it kept');
  await r.handle({ type: 'compare', degree: 2, components: 2, epochs: 2000 });
  assert.equal(asked, 1);
  assert.deepEqual(posted[0], { type: 'dataset', label: 'xor' });
  const sent = posted as ToModelsView[];
  await until(() => sent.some((m) => m.type === 'progress' && !m.partial), 30_000, 'progress');
  await r.handle({ type: 'cancel' });
  await until(() => sent.some((m) => m.type === 'cancelled'), 30_000, 'the end of the comparison');
  assert.ok(!events().some((e) => e.type === 'modelsDone'));
  assert.ok(!events().some((e) => e.type === 'pcaVariance'), 'no PCA after a cancelled comparison');
  r.dispose();
});

test('messages from the view are validated: anything else is dropped', () => {
  assert.deepEqual(parseFromModelsView({ type: 'compare', degree: 3, components: 4, epochs: 10 }), { type: 'compare', degree: 3, components: 4, epochs: 10 });
  assert.deepEqual(parseFromModelsView({ type: 'pca', extra: 'ignored' }), { type: 'pca' });
  for (const bad of [
    null, 'ready', [], { type: 'compare' }, { type: 'compare', degree: 7, components: 2, epochs: 10 },
    { type: 'compare', degree: 2, components: 0, epochs: 10 }, { type: 'compare', degree: 2, components: 2, epochs: 1.5 },
    { type: 'compare', degree: '2', components: 2, epochs: 10 }, { type: 'start' }, { type: 'pickDataset ' },
  ]) assert.equal(parseFromModelsView(bad), undefined, JSON.stringify(bad));
});
