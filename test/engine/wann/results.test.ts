import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { Dataset } from '../../../engine/data/dataset';
import { syntheticDataset } from '../../../engine/data/synthetic';
import { loadDatasetFile } from '../../../engine/node/load-file';
import { WannData } from '../../../engine/wann/data';
import { downsampleImages } from '../../../engine/wann/downsample';
import { WannEvaluator } from '../../../engine/wann/evaluate';
import { WannGenome } from '../../../engine/wann/genome';
import { prepareWannData } from '../../../engine/wann/prepare';
import { ensembleAccuracy, formatWannTable, spread, wannResults, wannTable } from '../../../engine/wann/results';
import { wannSearch } from '../../../engine/wann/search';

test('ensemble: each weight votes, the majority wins, a tie goes to the lowest class', () => {
  // out = w·x1: w > 0 votes class 1 where x1 > 0, w < 0 votes class 1 where x1 < 0.
  const data: WannData = { rows: 2, features: 1, classes: 2, columns: [Float32Array.of(1, -1)], labels: Int32Array.of(1, 1), featureNames: ['x'], classNames: ['0', '1'] };
  const g: WannGenome = { inputs: 1, outputs: 1, activations: ['linear', 'linear', 'linear'], connections: [[0, 2]] };
  const ev = new WannEvaluator(data);
  assert.equal(ensembleAccuracy(ev, g, [1, 2, -1]), 0.5); // row 0: 2 votes for 1; row 1: 1 vote for 1
  assert.equal(ensembleAccuracy(ev, g, [1, -1]), 0); // ties on both rows → class 0
});

test('spread is the mean and population standard deviation', () => {
  assert.deepEqual(spread([0.5, 0.7]), { mean: 0.6, sd: 0.09999999999999998, samples: 2 });
});

test('area averaging to 8×8: a 28×28 image of ones stays ones, 12 left columns of ones give 1, 1, 1, 1.5/3.5, 0, …', () => {
  const x = new Float32Array(2 * 28 * 28);
  for (let i = 0; i < 28 * 28; i++) x[i] = 1;
  for (let y = 0; y < 28; y++) for (let c = 0; c < 12; c++) x[28 * 28 + y * 28 + c] = 1;
  const ds: Dataset = { source: 'test', task: 'classification', rows: 2, features: 784, x, y: Float32Array.of(0, 1), targets: 1, featureNames: [], labelName: 'label', classNames: ['a', 'b'], imageShape: [28, 28, 1] };
  const small = downsampleImages(ds, 8);
  assert.equal(small.features, 64);
  assert.deepEqual(small.imageShape, [8, 8, 1]);
  for (let i = 0; i < 64; i++) assert.ok(Math.abs(small.x[i]! - 1) < 1e-6);
  assert.deepEqual([...small.x.subarray(64, 72)].map((v) => Math.round(v * 1000) / 1000), [1, 1, 1, 0.429, 0, 0, 0, 0]);
  assert.equal(downsampleImages(syntheticDataset('circle', { samples: 10 }), 8).features, 2, 'non-images pass through');
});

test('the results table of a searched circle network is well formed, on held-out rows, with labels that say what each row is', () => {
  const { train, test: heldOut } = prepareWannData(syntheticDataset('circle', { samples: 300, seed: 2 }), { seed: 2 });
  assert.equal(train.rows + heldOut.rows, 300);
  let last;
  for (const s of wannSearch(train, { generations: 30, population: 64, seed: 1 })) last = s;
  const r = wannResults(last!.champion.genome, train, heldOut, { randomSamples: 20, training: { steps: 50 } });
  assert.equal(r.accuracies.length, 6);
  assert.equal(r.sweep.weights.length, r.sweep.accuracies.length);
  assert.equal(r.randomWeight.samples, 20);
  assert.ok(r.sweep.weights.includes(r.bestWeight.weight));
  assert.ok(r.trained.tuningAccuracy >= r.trained.startTuningAccuracy);
  const rows = wannTable(r);
  assert.match(rows[0]!.label, /^random shared weight: mean ± sd over 20 draws of w from −2…2$/);
  assert.match(rows[1]!.label, /^ensemble: majority vote of w = −2, −1, −0\.5, 0\.5, 1, 2$/);
  assert.match(rows[2]!.label, /^best single weight: w = −?\d+(\.\d+)?, the best of −3…3 in steps of 0\.25 on the search rows$/);
  assert.match(rows[3]!.label, /^tuned weights: one per connection, from w = −?[\d.]+, Adam on minibatches of 128 of 80% of the search rows \(learning rate (0\.003|0\.01|0\.03|0\.1), the best of 0\.003, 0\.01, 0\.03, 0\.1\), (kept at step \d+ of 50|no step beat the start on the tuning rows \(50 steps tried\)) on the other 20%$/);
  assert.match(rows[4]!.label, /^fully connected \(10 tanh\), random shared weight: mean ± sd over 20 draws/);
  const md = formatWannTable(rows);
  assert.equal(md.split('\n').length, 7);
  assert.match(md, /\| random shared weight: .* \| \d+\.\d% ± \d+\.\d \|/);
  assert.deepEqual(wannResults(last!.champion.genome, train, heldOut, { randomSamples: 20, training: { steps: 50 } }), r, 'reproducible');
});

test('the table keeps the paper\'s order on circle (mean over seeds 1–4): tuned ≥ best single weight − 1 point; ensemble and best single ≥ random shared weight', () => {
  const rows = [1, 2, 3, 4].map((seed) => {
    const { train, test: heldOut } = prepareWannData(syntheticDataset('circle', { samples: 300, seed }), { seed });
    let last;
    for (const s of wannSearch(train, { generations: 60, population: 128, seed })) last = s;
    const r = wannResults(last!.champion.genome, train, heldOut, { seed });
    assert.ok(r.trained.tuningAccuracy >= r.trained.startTuningAccuracy, `seed ${seed}: tuning made it worse on the tuning rows`);
    return { random: r.randomWeight.mean, ensemble: r.ensemble, best: r.bestWeight.accuracy, tuned: r.trained.accuracy };
  });
  const mean = (k: keyof (typeof rows)[0]) => rows.reduce((s, r) => s + r[k], 0) / rows.length;
  const [random, ensemble, best, tuned] = [mean('random'), mean('ensemble'), mean('best'), mean('tuned')];
  const shown = `random ${random}, ensemble ${ensemble}, best ${best}, tuned ${tuned}`;
  assert.ok(tuned >= best - 0.01, shown);
  assert.ok(ensemble >= random && best >= random, shown);
  // Not a table of zeros or ones either: the search works and a random weight is not always right.
  assert.ok(random >= 0.6 && random <= 0.97 && tuned <= 1, shown);
});

test('digits (8×8 by area averaging): a tiny search gives a well-formed table', async () => {
  const ds = await loadDatasetFile(path.join(__dirname, '../../../samples/digits/t10k-images-idx3-ubyte.gz'));
  const { train, test: heldOut, notes } = prepareWannData(ds, { imageSize: 8 });
  assert.equal(train.features, 64);
  assert.equal(train.classes, 10);
  assert.match(notes.join(' '), /8×8/);
  let last;
  for (const s of wannSearch(train, { generations: 3, population: 8, seed: 1 })) last = s;
  assert.equal(last!.champion.genome.outputs, 10);
  const rows = wannTable(wannResults(last!.champion.genome, train, heldOut, { randomSamples: 10, training: { steps: 20 } }));
  assert.equal(rows.length, 5);
  for (const row of rows) assert.ok(Number.isFinite(row.accuracy) && row.accuracy >= 0 && row.accuracy <= 1);
});
