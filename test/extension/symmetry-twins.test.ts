/**
 * The symmetry experiment with real workers (dist/worker.js): both runs start paused and move
 * only at the chosen pace; the constant run stays at one distinct neuron per layer while the
 * random one does not; "break symmetry" separates the constant run's neurons; and what the
 * page sends is validated.
 */
import assert from 'node:assert/strict';
import { keepRecord, recordsKept } from '../../shared/thinning';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { TwinRuns, initLabel, symmetryCadence } from '../../extension/labs/twin-runs';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import { parseFromSymmetryView, type SymRun } from '../../webview/views/symmetry/protocol';
import { until, workerBundle } from './helpers';

const config = parseConfig({ name: 'twins', dataset: { synthetic: 'circles', samples: 400, noise: 0.05 }, model: { hidden: [10, 5], activation: 'relu' }, optimizer: { kind: 'adam', learningRate: 0.01 }, training: { epochs: 300, batchSize: 32 } });

test('twin runs: paced, symmetric vs random, and break symmetry separates the constant run', async () => {
  const script = workerBundle();
  const updates: SymRun[] = [];
  const twins = new TwinRuns({ config, symmetric: { kind: 'constant', value: 0.5 }, random: { kind: 'he-normal' } }, () => new WorkerHost(nodeWorker(script)), (r) => updates.push(structuredClone(r)), { speed: 'slow', updatesPerSecond: 20 });
  try {
    twins.start();
    const [sym, rnd] = twins.twins;
    await until(() => (sym!.run.latest?.step ?? 0) >= 4 && (rnd!.run.latest?.step ?? 0) >= 4, 10_000, 'a few paced steps');
    // Slow is 10 steps a second: after ~half a second neither run can be far along.
    assert.ok(sym!.run.losses.length < 30, `paced: ${sym!.run.losses.length} steps`);
    assert.ok(sym!.run.points.every((p) => p.distinct.every((d) => d === 1)), 'constant: one neuron per layer at every measurement');
    assert.deepEqual(rnd!.run.latest!.layers.map((l) => l.distinctNeurons), [10, 5]);

    twins.handle(parseFromSymmetryView({ type: 'breakSymmetry', runId: 'symmetric', scale: 0.1 })!);
    await until(() => sym!.run.latest!.layers.every((l) => l.distinctNeurons > 1), 10_000, 'the neurons to separate');
    assert.deepEqual(sym!.run.latest!.layers.map((l) => l.distinctNeurons), [10, 5]);

    // Full speed: the resume is a control each worker acknowledges; both finish. (Break
    // symmetry's own acknowledgement may still be on its way: it is not counted here.)
    await until(() => twins.unacknowledged === 0, 10_000, 'break symmetry acknowledged');
    twins.setSpeed('max');
    assert.equal(twins.unacknowledged, 2, 'a resume each, awaiting its acknowledgement');
    await until(() => twins.unacknowledged === 0, 10_000, 'both resumes acknowledged');
    await until(() => twins.twins.every((t) => t.run.status === 'finished'), 30_000, 'both runs to finish');
    await until(() => updates.some((u) => u.id === 'symmetric' && u.status === 'finished'), 2000, 'the last update');
    // The timeline keeps the points shared/thinning.ts keeps by their number, and the latest.
    const probes = sym!.run.probes;
    assert.equal(sym!.run.points.length, recordsKept(probes) + (keepRecord(probes) ? 0 : 1), `${sym!.run.points.length} timeline points of ${probes}`);
    assert.ok(sym!.run.points.length > 50 && sym!.run.points.length < 2000, `${sym!.run.points.length} timeline points kept`);
    // Once apart, training keeps them apart: identical neurons only stay identical if they start so.
    assert.deepEqual(sym!.run.latest!.layers.map((l) => l.distinctNeurons), [10, 5]);
    assert.ok(rnd!.run.trainLoss! < 0.3, `He init learns the rings: loss ${rnd!.run.trainLoss}`);
  } finally {
    await twins.dispose();
  }
});

test('zeros and a constant keep their runs symmetric to the end; restart starts both again', async () => {
  const script = workerBundle();
  const twins = new TwinRuns({ config: { ...config, training: { ...config.training, epochs: 30 } }, symmetric: { kind: 'zeros' }, random: { kind: 'glorot-uniform' } }, () => new WorkerHost(nodeWorker(script)), () => undefined, { speed: 'max' });
  try {
    twins.start();
    await until(() => twins.twins.every((t) => t.run.status === 'finished'), 30_000, 'both runs to finish');
    const zeros = twins.twins[0]!.run;
    assert.ok(zeros.points.every((p) => p.distinct.every((d) => d === 1)));
    assert.ok(zeros.latest!.layers.every((l) => l.gradientNorms.every((g) => g === 0)), 'zeros + ReLU: hidden gradients exactly 0');
    assert.ok(Math.abs(zeros.trainLoss! - Math.LN2) < 2e-3, `loss at ln 2: ${zeros.trainLoss}`);
    twins.handle({ type: 'restart' });
    assert.equal(twins.twins[0]!.run.status, 'loading');
    // "Run both again" is a start each worker acknowledges once it runs, and (at full speed) a resume each.
    assert.equal(twins.unacknowledged, 4);
    await until(() => twins.unacknowledged === 0, 10_000, 'both starts acknowledged');
    await until(() => twins.twins.every((t) => t.run.status === 'finished'), 30_000, 'both runs to finish again');
    assert.ok(twins.twins.every((t) => t.run.message === undefined), 'no notice: every control was acknowledged in time');
  } finally {
    await twins.dispose();
  }
});

test('page messages are validated; init labels and cadence', () => {
  for (const bad of [null, {}, { type: 'breakSymmetry', runId: 'a', scale: 0 }, { type: 'breakSymmetry', runId: 'a', scale: 11 }, { type: 'breakSymmetry', runId: '', scale: 1 },
    { type: 'breakSymmetry', runId: 'a', scale: '1' }, { type: 'reroll' }, { type: 'pace', speed: 'warp' }, { type: 'eval', code: '1' }]) {
    assert.equal(parseFromSymmetryView(bad), undefined, JSON.stringify(bad));
  }
  assert.deepEqual(parseFromSymmetryView({ type: 'breakSymmetry', runId: 'a', scale: 0.01, extra: 1 }), { type: 'breakSymmetry', runId: 'a', scale: 0.01 });
  assert.deepEqual(parseFromSymmetryView({ type: 'pace', speed: 'slow' }), { type: 'pace', speed: 'slow' });
  assert.equal(initLabel({ kind: 'constant', value: 0.5 }), 'constant:0.5');
  assert.equal(initLabel({ kind: 'he-normal' }), 'he-normal');
  assert.equal(symmetryCadence(config), 2);
  assert.equal(symmetryCadence({ ...config, model: { ...config.model, hidden: [{ units: 256 }] } }), 8);
});
