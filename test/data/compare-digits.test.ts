/*
 * Compare Models on the bundled digits with the panel's default options, as the worker runs it:
 * the degree-2 family does not fit (308,504 terms) and is skipped with its count while the others
 * run, and the kernel SVM — γ chosen from the data — is a real SVM, not below chance.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FeatureLabEvent, ModelResultEvent } from '../../engine/protocol/models';
import { featureLabJobs } from '../../engine/inputs/worker-handler';
import { serveJobs } from '../../engine/job-driver';
import type { JobReply } from '../../engine/protocol/job';
import { loadDatasetFile } from '../../engine/node/load-file';
import { TrainingSession } from '../../engine/session';

const DIGITS = join(__dirname, '..', '..', 'samples', 'digits', 'train-images-idx3-ubyte.gz');

test('digits, default degree 2: polynomial skipped with 308,504 terms; kernel SVM (γ "scale") ≥ 90%; majority baseline ≈ 11%', async () => {
  const replies: JobReply<FeatureLabEvent, FeatureLabEvent>[] = [];
  const session = new TrainingSession((m) => m.type === 'probe' && replies.push(m.event as JobReply<FeatureLabEvent, FeatureLabEvent>), { probes: [serveJobs(featureLabJobs({ loadFile: loadDatasetFile }))] });
  await session.handle({ type: 'compareModels', id: 1, dataset: { file: DIGITS }, presets: ['polynomial-logistic', 'kernel-svm'] });
  const events = replies.flatMap((r) => (r.type === 'result' ? [r.value] : r.type === 'progress' && r.partial ? [r.partial] : []));
  const data = events.find((e) => e.type === 'modelsData');
  assert.ok(data?.type === 'modelsData');
  assert.ok(data.baseline.valAccuracy! >= 0.09 && data.baseline.valAccuracy! <= 0.13, `baseline ${data.baseline.valAccuracy}`);
  const r = new Map(events.filter((e): e is ModelResultEvent => e.type === 'modelResult').map((e) => [e.preset, e]));
  const poly = r.get('polynomial-logistic')!;
  assert.equal(poly.status, 'refused');
  assert.equal(poly.terms, 308_504);
  const svm = r.get('kernel-svm')!;
  assert.equal(svm.status, 'finished');
  assert.ok(svm.valAccuracy! >= 0.9 && svm.valAccuracy! <= 0.99, `kernel SVM ${svm.valAccuracy}`);
  assert.match(svm.stages.join('; '), /random Fourier features: 1000, γ = 0\.01\d+ \('scale': 1 \/ \(784 inputs × variance/);
  assert.equal(svm.belowBaseline, undefined);
  assert.deepEqual(replies.at(-1), { type: 'result', id: 1, value: { type: 'modelsDone', id: 1 } });
});
