/**
 * The bounded symmetry probe: wide layers show a fixed, seeded sample of their neurons in the
 * similarity matrices (the event says which), while the verdicts' counts cover every neuron.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { SYMMETRY_NEURONS, layerSymmetry, sampleNeurons } from '../../engine/probes/symmetry';
import { Prng } from '../../engine/prng';
import type { SymmetryEvent } from '../../engine/protocol/training';
import { parseToSymmetryView } from '../../webview/views/symmetry/protocol';
import { neuronNumber, shownNeurons, shownNeuronsText } from '../../webview/views/symmetry/sample';
import { trainerFor } from './helpers';

const wide = (init: string, symmetry?: unknown) => trainerFor({
  dataset: { synthetic: 'circle', samples: 200 }, model: { hidden: [150, 100, 8], activation: 'relu' }, init,
  training: { epochs: 1, batchSize: 20 }, ...(symmetry ? { symmetry } : {}),
});

/** A trainer after `steps` steps (so the gradients are those of a real backward pass). */
function stepped(trainer: ReturnType<typeof trainerFor>, steps: number) {
  const run = trainer.run();
  for (let i = 0; i < steps; i++) run.next();
  return trainer;
}

test('a fixed sample: sorted, distinct, in range, the same for the same seed, all neurons when the bound covers them', () => {
  const a = sampleNeurons(150, 64, new Prng(7))!, b = sampleNeurons(150, 64, new Prng(7))!, c = sampleNeurons(150, 64, new Prng(8))!;
  assert.equal(a.length, 64);
  assert.ok(a.every((j, i) => j >= 0 && j < 150 && (i === 0 || j > a[i - 1]!)));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.equal(sampleNeurons(64, 64, new Prng(7)), undefined);
});

test('wide layers are sampled (64 of 150, 64 of 100), narrow ones not; matrices are sample², the same sample at every probe', () => {
  const trainer = stepped(wide('he-normal'), 3);
  const first = trainer.symmetryEvent();
  assert.deepEqual(first.layers.map((l) => [l.units, l.sampled?.length]), [[150, SYMMETRY_NEURONS], [100, SYMMETRY_NEURONS], [8, undefined]]);
  for (const l of first.layers) {
    const n = shownNeurons(l);
    assert.equal(l.weightSimilarity.length, n * n);
    assert.equal(l.gradientSimilarity.length, n * n);
    assert.equal(l.gradientNorms.length, l.units, 'gradient norms cover every neuron');
  }
  assert.equal(shownNeuronsText(first.layers[0]!), '64 of the 150 neurons (a fixed sample)');
  assert.equal(shownNeuronsText(first.layers[2]!), 'the 8 neurons');
  assert.equal(neuronNumber(first.layers[0]!, 0), first.layers[0]!.sampled![0]! + 1);
  stepped(trainer, 2);
  assert.deepEqual(trainer.symmetryEvent().layers.map((l) => l.sampled), first.layers.map((l) => l.sampled));
});

test('the sampled matrices are exactly the full probe\'s rows and columns of the sampled neurons', () => {
  const sampled = stepped(wide('he-normal', { neurons: 20 }), 3).symmetryEvent();
  const full = stepped(wide('he-normal', { neurons: 'all' }), 3).symmetryEvent();
  for (let k = 0; k < 2; k++) {
    const s = sampled.layers[k]!, f = full.layers[k]!;
    assert.equal(f.sampled, undefined);
    assert.equal(s.sampled!.length, 20);
    const idx = s.sampled!, n = 20, u = f.units;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
      assert.equal(s.weightSimilarity[a * n + b], f.weightSimilarity[idx[a]! * u + idx[b]!]);
      assert.equal(s.gradientSimilarity[a * n + b], f.gradientSimilarity[idx[a]! * u + idx[b]!]);
    }
    // The counts behind the verdicts do not depend on the sample.
    assert.equal(s.distinctNeurons, f.distinctNeurons);
    assert.equal(s.maxDifference, f.maxDifference);
    assert.deepEqual(s.gradientNorms, f.gradientNorms);
    assert.equal(s.deadShare === undefined, false);
  }
});

test('verdict counts over every neuron: a constant init is 1 distinct of 150 and of 100, He makes them all distinct', () => {
  const constant = stepped(wide('constant:0.05'), 3).symmetryEvent();
  assert.deepEqual(constant.layers.map((l) => l.distinctNeurons), [1, 1, 1]);
  assert.ok(constant.layers.every((l) => l.maxDifference === 0 && Math.abs(l.effectiveRank - 1) < 1e-6));
  assert.ok(constant.layers.every((l) => l.weightSimilarity.every((v) => Math.abs(v - 1) < 1e-12)));
  const he = stepped(wide('he-normal'), 3).symmetryEvent();
  assert.deepEqual(he.layers.map((l) => l.distinctNeurons), [150, 100, 8]);
  // Effective rank of the sampled columns: between 1 and min(inputs, sample).
  const [first, second] = he.layers;
  assert.ok(first!.effectiveRank > 1 && first!.effectiveRank <= 3, `dense1 (2 inputs + bias): ${first!.effectiveRank}`);
  assert.ok(second!.effectiveRank > 10 && second!.effectiveRank <= 64, `dense2: ${second!.effectiveRank}`);
});

test('the probe rows: 64 by default, symmetry.rows sets them, and the dead share is measured on them', () => {
  const layer = (rows?: number | 'all') => stepped(wide('he-normal', rows === undefined ? undefined : { rows }), 1).symmetryEvent().layers[0]!;
  // A ReLU neuron dead on every row of the 160 training rows is also dead on any subset of them: the share can only grow with fewer rows.
  const few = layer(2).deadShare!, all = layer('all').deadShare!, dflt = layer().deadShare!;
  assert.ok(few >= dflt && dflt >= all, `${few} ≥ ${dflt} ≥ ${all}`);
  assert.ok(few > all, 'two rows leave more neurons without a positive output than all rows do');
});

test('symmetry settings are checked: bad values name the field and what it accepts', () => {
  assert.deepEqual(parseConfig({ dataset: { synthetic: 'xor' }, symmetry: { neurons: 16, rows: 'all' } }).symmetry, { neurons: 16, rows: 'all' });
  assert.throws(() => parseConfig({ dataset: { synthetic: 'xor' }, symmetry: { neurons: 'some' } }), /symmetry\.neurons[\s\S]*"all" or a whole number of neurons/);
  assert.throws(() => parseConfig({ dataset: { synthetic: 'xor' }, symmetry: { rows: 0 } }), /symmetry\.rows/);
  assert.throws(() => parseConfig({ dataset: { synthetic: 'xor' }, symmetry: { neuron: 3 } }), /neuron/);
});

test('the view accepts a sampled layer (matrices of sample²) and refuses a malformed sample', () => {
  const e = stepped(wide('he-normal', { neurons: 4 }), 1).symmetryEvent();
  const run = { id: 'r1', title: 't', role: 'random', init: 'he-normal', status: 'running', points: [], losses: [], probes: 1, canReroll: true, latest: e };
  const msg = (latest: SymmetryEvent) => ({ type: 'symmetry-run', run: { ...run, latest: JSON.parse(JSON.stringify(latest)) } });
  assert.ok(parseToSymmetryView(msg(e)));
  const bad = (change: (l: Record<string, unknown>) => void) => {
    const copy = JSON.parse(JSON.stringify(e)) as SymmetryEvent;
    change(copy.layers[0] as unknown as Record<string, unknown>);
    return parseToSymmetryView(msg(copy));
  };
  assert.equal(bad((l) => { l.sampled = [3, 1, 2, 0]; }), undefined, 'not ascending');
  assert.equal(bad((l) => { l.sampled = [0, 1, 2, 150]; }), undefined, 'out of range');
  assert.equal(bad((l) => { delete l.sampled; }), undefined, 'matrices of 4² without a sample do not fit 150 units');
});

test("symmetryEvery 'auto': a probe at step 0, then as the 2% time budget allows — more than one, far fewer than the steps", () => {
  const trainer = trainerFor({ dataset: { synthetic: 'circle', samples: 200 }, model: { hidden: [8, 8], activation: 'tanh' }, training: { epochs: 400, batchSize: 10 } });
  // A counting clock (each reading 1 ms later) makes the budget exact: a step and a probe each
  // read it twice, so a probe fits once the steps have taken 50 times the probes' time.
  let ms = 0;
  const auto = new (trainer.constructor as typeof import('../../engine/trainer').Trainer)(trainer.config, trainer.data, { symmetryEvery: 'auto' }, () => ++ms);
  const events = [...auto.run()];
  const steps = events.filter((e) => e.type === 'step').length;
  const probes = events.filter((e): e is SymmetryEvent => e.type === 'symmetry');
  assert.equal(probes[0]!.step, 0);
  // 1 + one per 50 steps of 6,400 (the 2% budget), within a probe either way.
  assert.ok(Math.abs(probes.length - (1 + steps / 50)) <= 2, `${probes.length} probes in ${steps} steps`);
  // The same run without probes trains identically: the budget decides only when to look.
  const plain = [...trainer.run()].filter((e) => e.type === 'step').map((e) => e.type === 'step' && e.loss);
  assert.deepEqual(events.filter((e) => e.type === 'step').map((e) => e.type === 'step' && e.loss), plain);
});

test('layerSymmetry without a sample still covers every neuron (the twin panel\'s small layers)', () => {
  const trainer = stepped(trainerFor({ dataset: { synthetic: 'circle', samples: 200 }, model: { hidden: [10, 5] }, training: { epochs: 1 } }), 2);
  const l = layerSymmetry(trainer.model.dense[0]!);
  assert.equal(l.sampled, undefined);
  assert.equal(l.weightSimilarity.length, 100);
});
