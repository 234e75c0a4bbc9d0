/*
 * Evaluation that costs what it is worth: how many rows each epoch measures, that those are the
 * rows measured, that the last epoch measures all; the fused optimizer path the trainer takes
 * without clipping by norm gives the same weights as the separate passes; the summary's cheap
 * distinct-neuron count agrees with the full symmetry probe.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluationRows } from '../../engine/evaluation';
import { useWasmKernels } from '../../engine/nn/kernels';
import { Dense } from '../../engine/nn/layers/dense';
import { distinctNeurons, layerSymmetry } from '../../engine/probes/symmetry';
import { Prng } from '../../engine/prng';
import { EpochEvent, StartedEvent, TrainerEvent } from '../../engine/protocol/training';
import { runAll, summaryOf, trainerFor } from './helpers';

test("'auto' measures all validation rows (up to 10,000) and a training sample near a quarter of the rows", () => {
  assert.deepEqual(evaluationRows(undefined, 500, 0), { train: 125, validation: 0 }); // W1
  assert.deepEqual(evaluationRows(undefined, 10_000, 0), { train: 2_000, validation: 0 }); // W2
  assert.deepEqual(evaluationRows(undefined, 2_000, 0), { train: 500, validation: 0 }); // W3
  assert.deepEqual(evaluationRows(undefined, 300, 100), { train: 100, validation: 100 });
  assert.deepEqual(evaluationRows(undefined, 60, 20), { train: 60, validation: 20 });
  assert.deepEqual(evaluationRows(undefined, 400_000, 100_000), { train: 2_000, validation: 10_000 });
  assert.deepEqual(evaluationRows({ trainRows: 'all', validationRows: 7 }, 400, 100), { train: 400, validation: 7 });
  assert.deepEqual(evaluationRows({ trainRows: 10_000 }, 400, 100), { train: 400, validation: 100 });
});

test('each epoch measures the first rows of the shuffled training set; the last epoch and the summary measure them all', () => {
  const trainer = trainerFor({
    dataset: { synthetic: 'spiral', samples: 400 }, model: { hidden: [6], activation: 'tanh' },
    optimizer: { kind: 'adam', learningRate: 0.03 }, training: { epochs: 3, batchSize: 20, validationSplit: 0.25 },
    evaluation: { trainRows: 50, validationRows: 40 },
  });
  const { train, validation } = trainer.data;
  const first = (ds: typeof train, n: number) => ({ ...ds, rows: n, x: ds.x.subarray(0, n * ds.features), y: ds.y.subarray(0, n) });
  const events: TrainerEvent[] = [];
  for (const e of trainer.run()) {
    events.push(e);
    if (e.type !== 'epoch') continue;
    const last = e.epoch === 3;
    const t = trainer.evaluate(last ? train : first(train, 50)), v = trainer.evaluate(last ? validation : first(validation, 40));
    assert.equal(e.trainLoss, t.loss, `epoch ${e.epoch} training loss`);
    assert.equal(e.valLoss, v.loss, `epoch ${e.epoch} validation loss`);
    assert.equal(e.trainAccuracy, t.accuracy);
    if (!last) assert.notEqual(e.trainLoss, trainer.evaluate(train).loss, 'a sample, not every row');
  }
  assert.deepEqual((events[0] as StartedEvent).evaluation, { train: 50, validation: 40 });
  const s = summaryOf(events);
  assert.equal(s.trainLoss, (events.filter((e) => e.type === 'epoch').at(-1) as EpochEvent).trainLoss);
});

test('without clipping by norm the trainer takes the fused update: the same weights bit for bit, the loss within rounding, on both kernel paths', () => {
  // 64×32 weights pass the wasm threshold (WASM_MIN_PARAM_VALUES); the rest take the TypeScript loop.
  for (const [kind, wasm] of [['sgd', true], ['adam', true], ['adam', false], ['momentum', false]] as const) {
    useWasmKernels(wasm);
    const raw = (clip: Record<string, number>) => ({
      dataset: { synthetic: 'circles', samples: 300 }, model: { hidden: [64, 32], activation: 'relu' },
      optimizer: { kind, learningRate: 0.01 }, training: { epochs: 4, batchSize: 16, validationSplit: 0 },
      regularization: { l2: 1e-3, l1: 1e-4 }, clip,
    });
    // A norm limit no gradient reaches keeps the separate passes without changing any value.
    const fused = trainerFor(raw({ value: 0.5 })), separate = trainerFor(raw({ value: 0.5, norm: 1e30 }));
    const a = runAll(fused), b = runAll(separate);
    fused.model.params.forEach((p, i) => {
      const q = separate.model.params[i]!.value;
      for (let j = 0; j < q.length; j++) if (!Object.is(p.value[j], q[j])) assert.fail(`${kind} ${p.name}[${j}]: ${p.value[j]} vs ${q[j]}`);
    });
    const la = a.filter((e) => e.type === 'step').map((e) => e.loss), lb = b.filter((e) => e.type === 'step').map((e) => e.loss);
    assert.equal(la.length, lb.length);
    la.forEach((l, i) => assert.ok(Math.abs(l - lb[i]!) <= 1e-12 * Math.abs(lb[i]!), `${kind} step ${i + 1}: ${l} vs ${lb[i]}`));
    assert.equal(fused.optimizer.kernels, wasm ? 'wasm-simd' : 'typescript');
  }
  useWasmKernels(true);
});

test('the summary counts distinct neurons as the full symmetry probe does', () => {
  const rng = new Prng(4);
  for (const [inputs, units] of [[3, 5], [20, 16], [1, 9]] as const) {
    const d = new Dense('d', inputs, units);
    for (let i = 0; i < d.weights.value.length; i++) d.weights.value[i] = rng.normal();
    // Neurons 1 and 3 copies of 0 (3 within the tolerance), neuron 4 differing by more in one input only.
    for (let i = 0; i < inputs; i++) {
      d.weights.value[i * units + 1] = d.weights.value[i * units]!;
      d.weights.value[i * units + 3] = d.weights.value[i * units]! + 5e-7;
      d.weights.value[i * units + 4] = d.weights.value[i * units]! + (i === inputs - 1 ? 1e-3 : 0);
    }
    assert.equal(distinctNeurons(d), layerSymmetry(d).distinctNeurons, `${inputs}×${units}`);
    assert.equal(distinctNeurons(d), units - 2);
  }
});
