/*
 * Numerical gradient checks: every loss, activation and layer against central differences
 * (f(x+h) − f(x−h)) / 2h.
 * - Losses and activations are plain loops over arrays, so they are checked in float64 (the
 *   arrays are Float64Array at run time): h = 1e-6, tolerance 1e-6 + 1e-5·|g|.
 * - Whole networks (dense layers, activations, dropout, each loss) run in float32, as in
 *   training: h = 1e-3 on the weights (1e-2 for a single dense layer), the loss accumulated in
 *   double; tolerance 2e-3 + 1e-2·|g| + 16·|L|·2⁻²³/2h, the last term being the float32
 *   rounding of the outputs (scaled by the loss L) divided by 2h.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIVATIONS, activation } from '../../engine/nn/activations';
import { Dense } from '../../engine/nn/layers/dense';
import { Dropout } from '../../engine/nn/layers/dropout';
import { LOSSES, loss } from '../../engine/nn/losses';
import { buildModel } from '../../engine/nn/model';
import { Prng } from '../../engine/prng';
import { tensor } from '../../engine/nn/tensor';
import { checkLayer, checkModelGradients, close } from './gradcheck-helpers';

const f64 = (n: number) => new Float64Array(n) as unknown as Float32Array;


for (const name of LOSSES) {
  for (const cols of name === 'binary-cross-entropy' || name === 'mse-on-sigmoid' ? [1] : [1, 3]) {
    test(`loss ${name} (${cols} output${cols > 1 ? 's' : ''}): gradient matches central differences in float64`, () => {
      const rng = new Prng(7 + cols);
      const rows = 5;
      const z = f64(rows * cols);
      for (let i = 0; i < z.length; i++) z[i] = 2 * rng.normal();
      const l = loss(name);
      const t = f64(l.classIndexTargets ? rows : rows * cols);
      for (let i = 0; i < t.length; i++) t[i] = l.classIndexTargets ? (cols === 1 ? rng.int(2) : rng.int(cols)) : rng.normal();
      const grad = f64(rows * cols);
      l.evaluate(z, t, rows, cols, grad);
      const h = 1e-6;
      for (let i = 0; i < z.length; i++) {
        const keep = z[i]!;
        z[i] = keep + h;
        const up = l.evaluate(z, t, rows, cols);
        z[i] = keep - h;
        const down = l.evaluate(z, t, rows, cols);
        z[i] = keep;
        close(grad[i]!, (up - down) / (2 * h), 1e-6, 1e-5, `${name} dL/dz[${i}]`);
      }
    });
  }
}

for (const name of ACTIVATIONS) {
  test(`activation ${name}: backward matches central differences in float64`, () => {
    const rng = new Prng(3);
    const n = 40;
    const x = f64(n), y = f64(n), dy = f64(n), dx = f64(n), yp = f64(1), ym = f64(1);
    for (let i = 0; i < n; i++) {
      let v = 3 * rng.normal();
      if (Math.abs(v) < 0.05) v += 0.1; // keep away from ReLU's kink at 0
      x[i] = v;
      dy[i] = rng.normal();
    }
    const fn = activation(name);
    fn.forward(x, y, n);
    fn.backward(x, y, dy, dx, n);
    const h = 1e-6;
    for (let i = 0; i < n; i++) {
      fn.forward(Float64Array.of(x[i]! + h) as unknown as Float32Array, yp, 1);
      fn.forward(Float64Array.of(x[i]! - h) as unknown as Float32Array, ym, 1);
      close(dx[i]!, (dy[i]! * (yp[0]! - ym[0]!)) / (2 * h), 1e-6, 1e-5, `${name}'(${x[i]})`);
    }
  });
}

test('dense layer: weight, bias and input gradients match central differences', () => {
  const rng = new Prng(11);
  const rows = 4, inputs = 3, units = 5;
  const layer = new Dense('d', inputs, units);
  for (const p of layer.params) for (let i = 0; i < p.value.length; i++) p.value[i] = rng.normal();
  const x = tensor([rows, inputs]);
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal();
  // The scalar checked is L = Σ dy ⊙ layer(x) for random dy, whose gradient backward(dy) computes.
  checkLayer(layer, x, rng);
});

test('dropout: backward passes gradients through the same mask as forward, scaled by 1/(1−rate)', () => {
  const layer = new Dropout('drop', 6, 0.5, new Prng(5));
  const x = tensor([2, 6], Float32Array.from({ length: 12 }, (_, i) => i + 1));
  const y = layer.forward(x, true).data.slice();
  const dy = tensor([2, 6], new Float32Array(12).fill(1));
  const dx = layer.backward(dy).data;
  let dropped = 0;
  for (let i = 0; i < 12; i++) {
    assert.ok(y[i] === 0 || y[i] === 2 * x.data[i]!, `value ${i} is either dropped or doubled`);
    assert.equal(dx[i], y[i] === 0 ? 0 : 2);
    if (y[i] === 0) dropped++;
  }
  assert.ok(dropped > 0 && dropped < 12);
  assert.strictEqual(layer.forward(x, false), x, 'evaluation passes values through');
});

for (const act of ACTIVATIONS) {
  for (const lossName of LOSSES) {
    test(`network 3-5-4 ${act} with ${lossName}: every parameter gradient matches central differences`, () => {
      const rng = new Prng(act.length * 31 + lossName.length);
      const classes = lossName === 'mse' ? 0 : lossName === 'softmax-cross-entropy' || lossName === 'hinge' ? 3 : 2;
      const outputs = classes === 2 ? 1 : classes || 2;
      const model = buildModel(
        { inputs: 3, outputs, hidden: [{ units: 5 }, { units: 4 }], activation: act, init: { kind: 'normal', mean: 0, std: 0.8 }, biasInit: { kind: 'normal', mean: 0, std: 0.3 }, dropout: 0 },
        rng, new Prng(1),
      );
      const rows = 6;
      const x = tensor([rows, 3]);
      for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal();
      const l = loss(lossName);
      const t = new Float32Array(l.classIndexTargets ? rows : rows * outputs);
      for (let i = 0; i < t.length; i++) t[i] = l.classIndexTargets ? rng.int(Math.max(2, classes)) : rng.normal();
      checkModelGradients(model, x, l, t, rows, outputs);
    });
  }
}

test('the engine\'s tanh agrees with Math.tanh to float32 accuracy, and is odd and bounded', async () => {
  const { tanh } = await import('../../engine/nn/activations');
  const rng = new Prng(17);
  for (let i = 0; i < 200_000; i++) {
    const x = (rng.next() - 0.5) * 30 * 10 ** -rng.int(8);
    const want = Math.tanh(x);
    assert.ok(Math.abs(tanh(x) - want) <= 6.1e-8 * Math.abs(want) + 1e-300, `tanh(${x}) = ${tanh(x)}, Math.tanh ${want}`);
    assert.equal(tanh(-x), -tanh(x));
  }
  assert.equal(tanh(9.5), 1);
  assert.equal(tanh(-1e9), -1);
  assert.equal(tanh(0), 0);
});
