/* The feature probes as a worker answers them: requests in, job replies out, progress, cancellation, and training that keeps going meanwhile. */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { JobDriver, serveJobs } from '../../engine/job-driver';
import type { JobReply } from '../../engine/protocol/job';
import { ProbeContext } from '../../engine/probe-handler';
import { FeaturesEvent, FeaturesRequest } from '../../engine/protocol/layer-features';
import { UMAP_EPOCHS } from '../../engine/probes/umap';
import { featureProbeJobs } from '../../engine/probes/worker-handler';
import { EngineEvent } from '../../engine/protocol/training';
import { TrainingSession, WorkerMessage } from '../../engine/session';
import { TrainedRun, answer, ask, failure, trainedDigitsCnn, trainedSpiral } from '../features-fixture';

let cnn: TrainedRun;
let spiral: TrainedRun;

before(async () => {
  cnn = await trainedDigitsCnn();
  spiral = trainedSpiral();
});

test('layers: the CNN lists its conv and hidden dense layers with receptive fields; no plane for images', async () => {
  const e = await answer(cnn, { type: 'probeLayers', id: 1 }, 'featureLayers');
  assert.deepEqual(e.layers.map((l) => [l.name, l.kind, l.shape, l.receptiveField]), [
    ['conv1', 'conv', [28, 28, 6], 5], ['conv2', 'conv', [14, 14, 8], 10], ['dense1', 'dense', [1, 1, 24], 28],
  ]);
  assert.deepEqual(e.imageShape, [28, 28, 1]);
  assert.equal(e.plane, undefined);
  assert.equal(e.classNames?.length, 10);
});

test('filters and top activations of the trained CNN: oriented, different per channel, with raw-pixel patches and progress', async () => {
  const f = await answer(cnn, { type: 'probeFilters', id: 2 }, 'filters');
  assert.equal(f.filters?.images.length, 6);
  for (const img of f.filters!.images) assert.ok(Math.max(...img) - Math.min(...img) > 0.5, 'a filter is not uniform');
  const replies = await ask(cnn, { type: 'probeTopActivations', id: 3, layer: 'conv1', k: 4, rows: { set: 'train', maxRows: 480 } }, 1);
  const progress = replies.filter((e) => e.type === 'progress');
  assert.ok(progress.length >= 1, 'progress is reported between slices');
  assert.ok(progress.every((p) => p.id === 3 && p.fraction >= 0 && p.fraction <= 1));
  const last = replies.at(-1)!;
  assert.ok(last.type === 'result' && last.id === 3);
  const top = last.value;
  assert.equal(top.type, 'topActivations');
  if (top.type !== 'topActivations') return;
  assert.equal(top.layer, 'conv1');
  assert.equal(top.neurons.length, 6);
  const firstRows = top.neurons.map((n) => n.top.map((t) => t.row).join(','));
  assert.ok(new Set(firstRows).size > 1, 'channels differ in what excites them');
  for (const n of top.neurons) {
    assert.equal(n.top.length, 4);
    assert.ok(n.top[0]!.value >= n.top[3]!.value, 'strongest first');
    assert.equal(n.top[0]!.patch!.size, 5);
    // The digits' pixels lie in [0, 1]; the patch is cut from them, not from a transformed copy.
    assert.ok(n.top[0]!.patch!.pixels.every((v) => v >= 0 && v <= 1));
  }
});

test('activation map (PCA) with thumbnails and an atlas; composition of a conv2 channel; errors are failed replies, not thrown', async () => {
  const map = await answer(cnn, { type: 'probeActivationMap', id: 4, layer: 'dense1', method: 'pca', rows: { set: 'validation', maxRows: 100 }, grid: { size: 6, minPoints: 2 } }, 'activationMap');
  assert.equal(map.points.length, 200);
  assert.equal(map.labels?.length, 100);
  assert.equal(map.thumbnails?.pixels.length, 100 * 16 * 16, 'one packed array of 100 thumbnails');
  assert.equal(map.thumbnails?.size, 16, 'a whole 28×28 digit is shrunk to 16×16');
  assert.ok(map.atlas && map.atlas.cells.length > 0 && map.atlas.cells.every((c) => c.count >= 2));
  const comp = await answer(cnn, { type: 'probeComposition', id: 5, layer: 'conv2', neuron: 3, count: 4, k: 2, rows: { set: 'train', maxRows: 200 } }, 'composition');
  assert.equal(comp.composition.previous, 'conv1');
  assert.equal(comp.composition.contributions.length, 4);
  assert.ok(comp.composition.contributions.every((c) => c.top.length === 2));
  const first = await failure(cnn, { type: 'probeComposition', id: 6, layer: 'conv1', neuron: 0 });
  assert.match(first.message, /first feature layer/);
  const unknown = await failure(cnn, { type: 'probeTopActivations', id: 7, layer: 'conv9' });
  assert.match(unknown.message, /conv1, conv2, dense1/);
  const none: JobReply[] = [];
  await serveJobs(featureProbeJobs()).handle({ type: 'probeLayers', id: 8 } as FeaturesRequest, { trainer: undefined, data: undefined, post: (e) => none.push(e as JobReply) });
  assert.deepEqual(none.map((e) => e.type === 'failed' && e.userError && /no run to probe/.test(e.message)), [true]);
});

test('a cancelled probe stops between slices and answers cancelled', async () => {
  const handler = serveJobs(featureProbeJobs(), new JobDriver({ sliceMs: 1, progressMs: 0 }));
  const replies: JobReply[] = [];
  const ctx: ProbeContext = {
    trainer: cnn.trainer, data: cnn.data,
    post: (e: EngineEvent) => {
      replies.push(e as JobReply);
      // Cancel as soon as the first progress arrives, as a view does when the user switches layers.
      if (e.type === 'progress' && replies.length === 1) void handler.handle({ type: 'cancel', id: 9 } as { type: string }, ctx);
    },
  };
  await handler.handle({ type: 'probeActivationMap', id: 9, layer: 'conv2', method: 'umap', rows: { set: 'train', maxRows: 400 } } as FeaturesRequest, ctx);
  assert.equal(replies.at(-1)?.type, 'cancelled');
  assert.ok(!replies.some((e) => e.type === 'result' || (e.type === 'progress' && e.partial)));
});

test('2-D data: the plane in data units and every neuron over it; the output separates the classes', async () => {
  const layers = await answer(spiral, { type: 'probeLayers', id: 10 }, 'featureLayers');
  const plane = layers.plane!;
  assert.ok(plane, 'the spiral is 2-D: the view gets its points');
  assert.equal(plane.train.x.length, 2 * spiral.data.train.rows);
  // Standardization was undone: the spiral's raw points are not mean 0, sd 1 per axis, but within the padded range.
  for (let i = 0; i < plane.train.x.length; i += 2) {
    assert.ok(plane.train.x[i]! > plane.xRange[0] && plane.train.x[i]! < plane.xRange[1]);
  }
  const r = await answer(spiral, { type: 'probeNeuronResponses', id: 11, xRange: plane.xRange, yRange: plane.yRange, resolution: 40 }, 'neuronResponses');
  assert.deepEqual(r.layers.map((l) => [l.name, l.neurons.length, l.neurons[0]!.length]), [['dense1', 8, 1600], ['dense2', 8, 1600]]);
  assert.equal(r.output.length, 1);
  // Read the output map at each training point's cell: its sign should be the point's class for most points.
  let agree = 0;
  const n = plane.train.labels.length;
  for (let i = 0; i < n; i++) {
    const col = Math.round(((plane.train.x[2 * i]! - plane.xRange[0]) / (plane.xRange[1] - plane.xRange[0])) * 39);
    const row = Math.round(((plane.yRange[1] - plane.train.x[2 * i + 1]!) / (plane.yRange[1] - plane.yRange[0])) * 39);
    if ((r.output[0]![row * 40 + col]! > 0 ? 1 : 0) === plane.train.labels[i]) agree++;
  }
  assert.ok(agree / n > 0.9, `the decision map agrees with ${agree}/${n} training labels`);
});

test('in a session, training keeps stepping and pause is obeyed while a long probe runs', async () => {
  const messages: WorkerMessage[] = [];
  const session = new TrainingSession((m) => messages.push(m), { probes: [serveJobs(featureProbeJobs())] });
  const config = parseConfig({ dataset: { synthetic: 'spiral', samples: 3000 }, model: { hidden: [16, 16] }, training: { epochs: 10_000, batchSize: 16 } });
  void session.handle({ type: 'start', config });
  const steps = () => messages.flatMap((m) => (m.type === 'events' ? m.events : [])).filter((e) => e.type === 'step').length;
  while (steps() < 5) await new Promise((r) => setTimeout(r, 5));
  const before = steps();
  const probe = session.handle({ type: 'probeActivationMap', id: 20, layer: 'dense2', method: 'umap', rows: { set: 'train', maxRows: 1500 } });
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(steps() > before, `training stepped while the probe worked (${before} → ${steps()})`);
  await session.handle({ type: 'pause' });
  assert.equal(session.state, 'paused', 'pause got through mid-probe');
  await probe;
  const answers = messages.filter((m) => m.type === 'probe').map((m) => (m.type === 'probe' ? m.event : undefined));
  const last = answers.at(-1);
  const result = last?.type === 'result' ? (last.value as FeaturesEvent) : undefined;
  assert.equal(result?.type, 'activationMap');
  if (result?.type === 'activationMap') assert.equal(result.points.length, 3000);
  const pausedAt = messages.findIndex((m) => m.type === 'state' && m.state === 'paused');
  // The UMAP answer (the result), not the PCA preview that comes at once (a partial).
  const answeredAt = messages.findIndex((m) => m.type === 'probe' && m.event.type === 'result');
  assert.ok(pausedAt < answeredAt, 'the pause was handled before the probe finished');
  await session.handle({ type: 'stop' });
});

test('a UMAP map request gets the PCA map at once (a partial preview), UMAP layouts as it refines (partials), then the UMAP map as its result', async () => {
  const events = (await ask(cnn, { type: 'probeActivationMap', id: 30, layer: 'dense1', method: 'umap', rows: { set: 'validation', maxRows: 150 }, grid: { size: 5, minPoints: 2 } }))
    .flatMap((r) => (r.type === 'result' ? [r.value] : r.type === 'progress' && r.partial ? [r.partial] : [])) as (FeaturesEvent & { type: 'activationMap' })[];
  const first = events[0]!, last = events.at(-1)!, refining = events.slice(1, -1);
  assert.deepEqual([first.id, first.method, first.preview], [30, 'pca', true]);
  assert.deepEqual([last.id, last.method, last.preview, last.epochs], [30, 'umap', undefined, { done: UMAP_EPOCHS, of: UMAP_EPOCHS }]);
  // A layout every 25 of the 200 epochs, before the last.
  assert.deepEqual(refining.map((e) => [e.method, e.preview, e.epochs?.done, e.epochs?.of]), [25, 50, 75, 100, 125, 150, 175].map((d) => ['umap', true, d, UMAP_EPOCHS]));
  for (const e of events) assert.equal(e.points.length, first.points.length);
  assert.notDeepEqual(refining[0]!.points, last.points, 'the layout moves as UMAP refines it');
  assert.ok(first.thumbnails && first.thumbnails.pixels === last.thumbnails?.pixels, 'thumbnails made once, for every map');
  assert.ok(first.atlas && last.atlas, 'each map has its atlas');
  assert.ok(first.seconds <= last.seconds);
});
