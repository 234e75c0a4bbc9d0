/**
 * The features lab's jobs, driven through a real TrainingSession as the worker
 * drives it: compare models (results, boundaries, progress, cancel), term counts, PCA with
 * eigen-images, and refusals of malformed requests.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FeatureLabEvent, FeatureLabRequest, LabBoundary, ModelResultEvent } from '../../../engine/protocol/models';
import { featureLabJobs } from '../../../engine/inputs/worker-handler';
import { serveJobs } from '../../../engine/job-driver';
import type { FailedReply, JobReply } from '../../../engine/protocol/job';
import { loadDatasetFile } from '../../../engine/node/load-file';
import type { EngineEvent } from '../../../engine/protocol/training';
import { TrainingSession, WorkerMessage } from '../../../engine/session';

const ROOT = join(__dirname, '..', '..', '..');

/** A session serving the jobs, and every event it answered with (job replies and errors). */
function session() {
  const events: EngineEvent[] = [];
  const s = new TrainingSession((m: WorkerMessage) => {
    if (m.type === 'probe') events.push(m.event);
    if (m.type === 'events') events.push(...m.events);
  }, { probes: [serveJobs(featureLabJobs({ loadFile: loadDatasetFile }))] });
  const ask = (req: FeatureLabRequest | { type: 'cancel'; id: number }) => s.handle(req);
  const replies = (id: number) => events.filter((e): e is JobReply<FeatureLabEvent, FeatureLabEvent> => 'id' in e && e.id === id && ['progress', 'result', 'failed', 'cancelled'].includes(e.type));
  /** The answer's pieces (partials) and the answer, of job `id`. */
  const lab = (id: number) => replies(id).flatMap((r) => (r.type === 'result' ? [r.value] : r.type === 'progress' && r.partial ? [r.partial] : []));
  const failed = (id: number) => replies(id).find((r): r is FailedReply => r.type === 'failed');
  return { events, ask, lab, replies, failed };
}

function results(events: FeatureLabEvent[]): Map<string, ModelResultEvent> {
  return new Map(events.filter((e): e is ModelResultEvent => e.type === 'modelResult').map((e) => [e.preset, e]));
}

/** The predicted class at the grid cell nearest the point (x, y). */
function classAt(b: LabBoundary, plane: { xRange: [number, number]; yRange: [number, number]; resolution: number }, x: number, y: number): number {
  const r = plane.resolution;
  const col = Math.round(((x - plane.xRange[0]) / (plane.xRange[1] - plane.xRange[0])) * (r - 1));
  const row = Math.round(((plane.yRange[1] - y) / (plane.yRange[1] - plane.yRange[0])) * (r - 1));
  return b.cells[row * r + col]!;
}

test('compareModels on the circle: every family with accuracy, time, parameters; degree 2 draws a closed curve, logistic a line', async () => {
  const { ask, lab, replies } = session();
  await ask({ type: 'compareModels', id: 1, dataset: { synthetic: 'circle', samples: 500 }, resolution: 40 });
  const progress = replies(1).filter((r) => r.type === 'progress' && !r.partial);
  assert.ok(progress.length > 0, 'no progress replies');
  assert.ok(progress.every((r) => r.type === 'progress' && r.fraction >= 0 && r.fraction <= 1), 'progress is a share of all families');
  const events = lab(1);
  const data = events.find((e) => e.type === 'modelsData');
  assert.ok(data?.type === 'modelsData' && data.plane);
  assert.deepEqual(data.presets, ['logistic-regression', 'polynomial-logistic', 'svm', 'kernel-svm', 'pca-logistic', 'mlp']);
  assert.equal(data.baseline.kind, 'majority');
  assert.ok(data.baseline.valAccuracy! >= 0.45 && data.baseline.valAccuracy! <= 0.55, `baseline ${data.baseline.valAccuracy}`);
  assert.equal(data.dataset.trainRows + data.dataset.validationRows, 500);
  assert.equal(data.plane.train.length, 3 * data.dataset.trainRows);
  const plane = data.plane;
  const r = results(events);
  assert.equal(r.size, 6);
  const logistic = r.get('logistic-regression')!, poly = r.get('polynomial-logistic')!;
  assert.ok(logistic.valAccuracy! < 0.8, `logistic ${logistic.valAccuracy}`);
  assert.ok(poly.valAccuracy! >= 0.95, `degree 2 ${poly.valAccuracy}`);
  assert.ok(r.get('mlp')!.valAccuracy! >= 0.9);
  assert.equal(logistic.parameters, 3);
  assert.equal(poly.parameters, 6);
  assert.ok(poly.stages.some((s) => /polynomial degree 2: 5 terms/.test(s)));
  for (const e of r.values()) {
    assert.ok(e.seconds > 0 && Number.isFinite(e.seconds));
    assert.equal(e.boundary?.cells.length, 40 * 40);
    assert.equal(e.boundary?.confidence?.length, 40 * 40);
  }
  // Degree 2: the inner disc (class 1) is enclosed — the centre is 1, the border all 0.
  const b = poly.boundary!;
  assert.equal(classAt(b, plane, 0, 0), 1);
  const border = [...Array(40).keys()].flatMap((i) => [b.cells[i], b.cells[39 * 40 + i], b.cells[i * 40], b.cells[i * 40 + 39]]);
  assert.ok(border.every((c) => c === 0), 'the degree-2 region touches the border: not a closed curve');
  // A straight boundary cannot enclose the disc: it disagrees with degree 2 on many cells.
  const differ = b.cells.filter((c, i) => c !== logistic.boundary!.cells[i]).length;
  assert.ok(differ > 200, `only ${differ} cells differ`);
  assert.deepEqual(events.at(-1), { type: 'modelsDone', id: 1 });
});

test('degree 2 on xor draws a hyperbola: opposite quadrants share a class', async () => {
  const { ask, lab } = session();
  await ask({ type: 'compareModels', id: 2, dataset: { synthetic: 'xor', samples: 400 }, presets: ['polynomial-logistic'], resolution: 32 });
  const events = lab(2);
  const data = events.find((e) => e.type === 'modelsData');
  assert.ok(data?.type === 'modelsData' && data.plane);
  const poly = results(events).get('polynomial-logistic')!;
  assert.ok(poly.valAccuracy! >= 0.9, `xor degree 2: ${poly.valAccuracy}`);
  const at = (x: number, y: number) => classAt(poly.boundary!, data.plane!, x, y);
  assert.deepEqual([at(3, 3), at(-3, -3), at(3, -3), at(-3, 3)], [1, 1, 0, 0]);
});

test('a polynomial expansion too large for the size cap is a refused row with its term count, not a failure', async () => {
  const { ask, lab } = session();
  await ask({
    type: 'compareModels', id: 3, dataset: { file: join(ROOT, 'samples', 'digits', 'train-images-idx3-ubyte.gz') },
    presets: ['polynomial-logistic'], degree: 3, epochs: 1,
  });
  const poly = results(lab(3)).get('polynomial-logistic')!;
  assert.equal(poly.status, 'refused');
  // 784 pixels, degree 3: C(787, 3) − 1 terms.
  assert.match(poly.refused!, /80,931,144 terms/);
  assert.equal(poly.terms, 80_931_144);
  assert.equal(poly.boundary, undefined);
});

test('cancel stops a comparison between steps; it ends with a cancelled reply', async () => {
  const { ask, lab, replies } = session();
  const running = ask({ type: 'compareModels', id: 4, dataset: { synthetic: 'spiral', samples: 500 }, presets: ['mlp', 'logistic-regression'], epochs: 5000 });
  while (!replies(4).some((e) => e.type === 'progress' && !e.partial)) await new Promise((r) => setTimeout(r, 5));
  await ask({ type: 'cancel', id: 4 });
  await running;
  assert.deepEqual(replies(4).at(-1), { type: 'cancelled', id: 4 });
  assert.equal(results(lab(4)).size, 0, 'the cancel was not read between steps: the 5,000-epoch MLP finished');
});

test('termCount: the 100×100 image gives 50,005,000 quadratic terms and a refusal with its memory', async () => {
  const { ask, lab } = session();
  await ask({ type: 'termCount', id: 5, features: 10_000, degree: 2, rows: 1000 });
  const [e] = lab(5);
  assert.ok(e?.type === 'termCount');
  assert.equal(e.quadratic, 50_005_000);
  assert.equal(e.terms, 50_015_000); // C(10002, 2) − 1: the 10,000 linear terms as well
  assert.equal(e.bytes, 50_015_000 * 1000 * 4);
  assert.equal(e.refused, true);
  assert.deepEqual(e.perDegree.map((d) => d.terms), [10_000, 50_015_000]);
  await ask({ type: 'termCount', id: 6, features: 2, degree: 6 });
  const [six] = lab(6);
  assert.ok(six?.type === 'termCount' && six.terms === 27 && !six.refused); // C(8, 6) − 1
});

test('pca on the digits: decreasing variance shares, 28×28 eigen-images, and accuracy that grows with k', async () => {
  const { ask, lab } = session();
  await ask({ type: 'pca', id: 7, dataset: { file: join(ROOT, 'samples', 'digits', 'train-images-idx3-ubyte.gz') }, maxComponents: 20, ks: [1, 5, 20], epochs: 3 });
  const events = lab(7);
  const v = events.find((e) => e.type === 'pcaVariance');
  assert.ok(v?.type === 'pcaVariance');
  assert.equal(v.standardized, false);
  assert.equal(v.ratios.length, 20);
  for (let i = 1; i < 20; i++) assert.ok(v.ratios[i]! <= v.ratios[i - 1]! + 1e-9);
  assert.ok(Math.abs(v.cumulative[19]! - v.ratios.reduce((a, b) => a + b, 0)) < 1e-4);
  assert.ok(v.cumulative[19]! > 0.4 && v.cumulative[19]! < 1);
  assert.deepEqual(v.eigenImages?.shape, [28, 28, 1]);
  assert.equal(v.eigenImages?.components.length, 16);
  assert.equal(v.eigenImages?.components[0]!.length, 784);
  // Components are unit vectors.
  const norm = Math.hypot(...v.eigenImages!.components[0]!);
  assert.ok(Math.abs(norm - 1) < 1e-3, `norm ${norm}`);
  const acc = events.filter((e) => e.type === 'pcaAccuracy');
  assert.deepEqual(acc.map((e) => e.type === 'pcaAccuracy' && e.k), [1, 5, 20]);
  const [a1, a5, a20] = acc.map((e) => (e.type === 'pcaAccuracy' ? e.valAccuracy! : NaN));
  assert.ok(a1! < a5! && a5! < a20!, `accuracy by k: ${a1}, ${a5}, ${a20}`);
  assert.ok(a20! > 0.75, `20 components: ${a20}`);
  assert.deepEqual(events.at(-1), { type: 'pcaDone', id: 7 });
});

test('pca on a 2-D table standardizes, has no eigen-images, and caps k at the feature count', async () => {
  const { ask, lab } = session();
  await ask({ type: 'pca', id: 8, dataset: { synthetic: 'gauss', samples: 300 }, epochs: 5 });
  const events = lab(8);
  const v = events.find((e) => e.type === 'pcaVariance');
  assert.ok(v?.type === 'pcaVariance');
  assert.equal(v.standardized, true);
  assert.equal(v.ratios.length, 2);
  assert.ok(Math.abs(v.cumulative[1]! - 1) < 1e-4);
  assert.equal(v.eigenImages, undefined);
  assert.deepEqual(events.filter((e) => e.type === 'pcaAccuracy').map((e) => e.type === 'pcaAccuracy' && e.k), [1, 2]);
});

test('malformed requests are refused with what was wrong, and the handler keeps answering', async () => {
  const { ask, lab, events, failed } = session();
  await ask({ type: 'termCount', id: 9, features: 10, degree: 9 });
  await ask({ type: 'compareModels', id: 10, dataset: { synthetic: 'nowhere' as never } });
  await ask({ type: 'compareModels', id: 11, dataset: { synthetic: 'circle' }, presets: ['magic' as never] });
  await ask({ type: 'pca', id: 12, dataset: { synthetic: 'circle' }, ks: [0] });
  await ask({ type: 'termCount', features: 3, degree: 2 } as never);
  assert.match(JSON.stringify(failed(9)), /degree must be a whole number from 1 to 6; got 9/);
  assert.match(JSON.stringify(failed(10)), /dataset\.synthetic/);
  assert.match(JSON.stringify(failed(11)), /presets must be/);
  assert.match(JSON.stringify(failed(12)), /ks must be/);
  for (const id of [9, 10, 11, 12]) assert.equal(failed(id)?.userError, true);
  // No id: nothing to answer to, so it is an error event of its own.
  assert.ok(events.some((e) => e.type === 'error' && /needs a whole-number id/.test(e.message)));
  await ask({ type: 'termCount', id: 13, features: 3, degree: 2 });
  const [answer] = lab(13);
  assert.ok(answer?.type === 'termCount' && answer.terms === 9); // C(5, 2) − 1
});
