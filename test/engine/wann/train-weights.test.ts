import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Prng } from '../../../engine/prng';
import { syntheticDataset } from '../../../engine/data/synthetic';
import { WannData, splitWannRows } from '../../../engine/wann/data';
import { WannEvaluator } from '../../../engine/wann/evaluate';
import { WannGenome, compileGenome } from '../../../engine/wann/genome';
import { prepareWannData } from '../../../engine/wann/prepare';
import { WeightedNetwork, trainWeights } from '../../../engine/wann/train-weights';

/** Random rows with 3 features and `classes` labels. */
function randomData(rows: number, classes: number, seed: number): WannData {
  const rng = new Prng(seed);
  const columns = Array.from({ length: 3 }, () => Float32Array.from({ length: rows }, () => rng.uniform(-1.5, 1.5)));
  return { rows, features: 3, classes, columns, labels: Int32Array.from({ length: rows }, () => rng.int(classes)), featureNames: ['a', 'b', 'c'], classNames: [] };
}

// Every smooth activation on some path; node ids: 0-2 inputs, 3 bias, outputs from 4, hidden after.
function genome(outputs: number): WannGenome {
  const h = 4 + outputs;
  const acts = ['tanh', 'sin', 'gaussian', 'sigmoid', 'cosine', 'inverse', 'abs', 'relu'] as const;
  const connections: [number, number][] = [
    [0, h], [1, h], [3, h + 1], [2, h + 1], [h, h + 2], [h + 1, h + 2], [0, h + 3], [h + 2, h + 3],
    [h + 3, h + 4], [1, h + 4], [h + 4, h + 5], [h + 1, h + 5], [2, h + 6], [h + 2, h + 6], [0, h + 7], [h + 5, h + 7],
  ];
  for (let o = 0; o < outputs; o++) connections.push([h + 6, 4 + o], [h + 7, 4 + o], [h + ((o + 2) % 8), 4 + o], [o % 3, 4 + o]);
  return { inputs: 3, outputs, activations: [...Array<'linear'>(4 + outputs).fill('linear'), ...acts], connections };
}

for (const [outputs, classes] of [[1, 2], [3, 3]] as const) {
  test(`backprop through the genome matches central differences (${outputs} output${outputs > 1 ? 's' : ''}, ${classes === 2 ? 'logistic' : 'softmax'} cross-entropy)`, () => {
    const data = randomData(40, classes, 7);
    const g = genome(outputs);
    const net = new WeightedNetwork(compileGenome(g), data);
    const rng = new Prng(4);
    const w = Float32Array.from(g.connections, () => rng.uniform(-1.2, 1.2));
    const grad = new Float32Array(w.length);
    net.loss(w, grad);
    for (let i = 0; i < w.length; i++) {
      const up = w.slice(), down = w.slice();
      up[i]! += 1e-4; // small: one row of the abs node sits 3e-4 from its kink
      down[i]! -= 1e-4;
      const numeric = (net.loss(up) - net.loss(down)) / (up[i]! - down[i]!); // the float32 step actually taken
      assert.ok(Math.abs(numeric - grad[i]!) <= 1e-4 + 1e-3 * Math.abs(numeric), `weight ${i} (${g.connections[i]}): analytic ${grad[i]} vs numeric ${numeric}`);
    }
  });
}

test('with every weight equal to w, the weighted network computes what the shared-weight evaluator does', () => {
  const data = randomData(50, 3, 2);
  const g = genome(3);
  const c = compileGenome(g);
  const net = new WeightedNetwork(c, data), ev = new WannEvaluator(data);
  for (const w of [-2, -0.5, 1, 2]) {
    const a = net.forward(new Float32Array(g.connections.length).fill(w)), b = ev.outputs(c, w);
    for (let o = 0; o < 3; o++) for (let r = 0; r < data.rows; r++) assert.ok(Math.abs(a[o]![r]! - b[o]![r]!) < 1e-4, `w ${w}, output ${o}, row ${r}`);
    assert.equal(net.accuracy(new Float32Array(g.connections.length).fill(w)), ev.accuracy(c, w));
  }
});

test('training the weights of a logistic-regression topology on gauss lowers the loss and is deterministic', () => {
  const { train } = prepareWannData(syntheticDataset('gauss', { samples: 200, seed: 3 }), { testFraction: 0 });
  const { kept, held } = splitWannRows(train, 0.2, 1);
  assert.equal(kept.rows + held.rows, 200);
  assert.equal(held.rows, 40);
  // x1, x2, bias → out: logistic regression with the shared weight as a start.
  const g: WannGenome = { inputs: 2, outputs: 1, activations: ['linear', 'linear', 'linear', 'linear'], connections: [[0, 3], [1, 3], [2, 3]] };
  const c = compileGenome(g);
  const a = trainWeights(c, kept, held, -1, { steps: 200 });
  assert.ok(a.finalLoss < a.initialLoss / 2, `${a.initialLoss} → ${a.finalLoss}`);
  assert.ok(a.keptStep > 0);
  assert.ok(new WeightedNetwork(c, train).accuracy(a.weights) > 0.9);
  assert.deepEqual(trainWeights(c, kept, held, -1, { steps: 200 }).weights, a.weights);
});

test('the tuned weights are never worse than their start on the held-out rows: a learning rate that only hurts keeps the start', () => {
  const { train } = prepareWannData(syntheticDataset('gauss', { samples: 200, seed: 3 }), { testFraction: 0 });
  const { kept, held } = splitWannRows(train, 0.2, 1);
  const g: WannGenome = { inputs: 2, outputs: 1, activations: ['linear', 'linear', 'linear', 'linear'], connections: [[0, 3], [1, 3], [2, 3]] };
  const c = compileGenome(g);
  for (const [start, lr] of [[1, 0.03], [1, 50], [-1, 0.03]] as const) {
    const t = trainWeights(c, kept, held, start, { steps: 100, optimizer: { kind: 'sgd', learningRate: lr } });
    const startAccuracy = new WeightedNetwork(c, held).accuracy(new Float32Array(3).fill(start));
    assert.equal(t.startHeldOutAccuracy, startAccuracy);
    assert.ok(t.heldOutAccuracy >= startAccuracy, `start ${start}, lr ${lr}: ${t.heldOutAccuracy} < ${startAccuracy}`);
    assert.equal(new WeightedNetwork(c, held).accuracy(t.weights), t.heldOutAccuracy);
    if (t.keptStep === 0) assert.deepEqual([...t.weights], [start, start, start]);
  }
});
