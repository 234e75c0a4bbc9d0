/*
 * TensorFlow.js as an independent oracle: the same weights and batch must give the same loss
 * and gradients (relative error ≤ 1e-4), and ten Adam steps the same losses.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { ActivationName } from '../../engine/nn/activations';
import { LossName, loss as lossByName } from '../../engine/nn/losses';
import { Sequential, buildModel } from '../../engine/nn/model';
import { Optimizer } from '../../engine/nn/optimizers';
import { Prng } from '../../engine/prng';
import { tensor } from '../../engine/nn/tensor';

before(async () => {
  await tf.setBackend('cpu');
});

/** Relative error |a − b| / max(|a|, |b|, floor), the floor keeping near-zero values comparable. */
function relErr(a: number, b: number, floor = 1e-3): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
}

interface Case {
  activation: ActivationName;
  loss: LossName;
  outputs: number;
}

const cases: Case[] = [
  { activation: 'tanh', loss: 'softmax-cross-entropy', outputs: 3 },
  { activation: 'relu', loss: 'softmax-cross-entropy', outputs: 3 },
  { activation: 'sigmoid', loss: 'binary-cross-entropy', outputs: 1 },
  { activation: 'relu', loss: 'mse', outputs: 2 },
];

function setUp(c: Case) {
  const rng = new Prng(21);
  const model = buildModel(
    { inputs: 4, outputs: c.outputs, hidden: [{ units: 6 }, { units: 5 }], activation: c.activation, init: { kind: 'glorot-uniform' }, biasInit: { kind: 'normal', mean: 0, std: 0.1 }, dropout: 0 },
    rng, new Prng(2),
  );
  const rows = 8;
  const x = tensor([rows, 4]);
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal();
  const l = lossByName(c.loss);
  const y = new Float32Array(l.classIndexTargets ? rows : rows * c.outputs);
  for (let i = 0; i < y.length; i++) y[i] = l.classIndexTargets ? rng.int(Math.max(2, c.outputs)) : rng.normal();
  return { model, x, y, rows, l };
}

/** The same network in TensorFlow.js, reading our model's current weights. */
function tfLoss(c: Case, vars: tf.Variable[], x: Float32Array, y: Float32Array, rows: number): tf.Scalar {
  const act = (t: tf.Tensor) => (c.activation === 'tanh' ? tf.tanh(t) : c.activation === 'relu' ? tf.relu(t) : tf.sigmoid(t));
  let h: tf.Tensor = tf.tensor2d(x, [rows, 4]);
  for (let i = 0; i < vars.length; i += 2) {
    h = tf.add(tf.matMul(h, vars[i]!), vars[i + 1]!);
    if (i + 2 < vars.length) h = act(h);
  }
  if (c.loss === 'softmax-cross-entropy') return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(y, 'int32'), c.outputs), h) as tf.Scalar;
  if (c.loss === 'binary-cross-entropy') return tf.losses.sigmoidCrossEntropy(tf.tensor2d(y, [rows, 1]), h) as tf.Scalar;
  return tf.losses.meanSquaredError(tf.tensor2d(y, [rows, c.outputs]), h) as tf.Scalar;
}

function tfVariables(model: Sequential): tf.Variable[] {
  // slice(): TF.js's CPU backend keeps the array it is given, and our optimizer updates in place.
  return model.params.map((p) => tf.variable(tf.tensor(p.value.slice(), [...p.shape])));
}

for (const c of cases) {
  test(`MLP 4-6-5-${c.outputs} ${c.activation} with ${c.loss}: loss and every gradient agree with TensorFlow.js`, () => {
    const { model, x, y, rows, l } = setUp(c);
    const grad = new Float32Array(rows * c.outputs);
    const ours = l.evaluate(model.forward(x, true).data, y, rows, c.outputs, grad);
    model.backward(tensor([rows, c.outputs], grad));
    const vars = tfVariables(model);
    const { value, grads } = tf.variableGrads(() => tfLoss(c, vars, x.data, y, rows), vars);
    assert.ok(relErr(ours, value.dataSync()[0]!) <= 1e-4, `loss ${ours} vs ${value.dataSync()[0]}`);
    model.params.forEach((p, i) => {
      const theirs = grads[vars[i]!.name]!.dataSync();
      for (let k = 0; k < p.grad.length; k++) {
        assert.ok(relErr(p.grad[k]!, theirs[k]!) <= 1e-4, `${p.name}[${k}]: ${p.grad[k]} vs ${theirs[k]}`);
      }
    });
    tf.dispose([value, ...Object.values(grads), ...vars]);
  });
}

test('ten Adam steps give the same losses as TensorFlow.js', () => {
  const c = cases[0]!;
  const { model, x, y, rows, l } = setUp(c);
  const vars = tfVariables(model);
  // TF.js adds ε to √v rather than to √v̂ (Kingma & Ba's ε̂ form); with ε = 1e-8 the two agree
  // far below the tolerance here.
  const theirOpt = tf.train.adam(0.01, 0.9, 0.999, 1e-8);
  const ourOpt = new Optimizer({ kind: 'adam', learningRate: 0.01, epsilon: 1e-8 });
  const grad = new Float32Array(rows * c.outputs);
  for (let step = 1; step <= 10; step++) {
    const ours = l.evaluate(model.forward(x, true).data, y, rows, c.outputs, grad);
    model.backward(tensor([rows, c.outputs], grad));
    ourOpt.step(model.params);
    const theirs = theirOpt.minimize(() => tfLoss(c, vars, x.data, y, rows), true, vars)!;
    const t = theirs.dataSync()[0]!;
    theirs.dispose();
    assert.ok(relErr(ours, t) <= 1e-4, `step ${step}: loss ${ours} vs ${t}`);
  }
  // …and the weights after ten steps agree too, relative to the step size (0.01): Adam moves a
  // weight by about the learning rate per step, whatever its size.
  model.params.forEach((p, i) => {
    const theirs = vars[i]!.dataSync();
    for (let k = 0; k < p.value.length; k++) assert.ok(relErr(p.value[k]!, theirs[k]!, 0.01) <= 1e-4, `${p.name}[${k}]: ${p.value[k]} vs ${theirs[k]}`);
  });
});
