import assert from 'node:assert/strict';
import { Loss } from '../../engine/nn/losses';
import { Sequential } from '../../engine/nn/model';
import { Layer } from '../../engine/nn/layers/layer';
import { Prng } from '../../engine/prng';
import { Tensor, tensor } from '../../engine/nn/tensor';

/** |actual − expected| ≤ abs + rel·|expected|, or a message naming `what` and both values. */
export function close(actual: number, expected: number, abs: number, rel: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= abs + rel * Math.abs(expected), `${what}: analytic ${actual}, numeric ${expected}`);
}

/**
 * Checks every parameter gradient of a float32 model against central differences (h = 1e-3)
 * of the loss, accumulated in double. Tolerance 2e-3 + 1e-2·|g| + 16·|L|·2⁻²³/2h: the last term
 * is the float32 rounding of the outputs (scaled by the loss L) divided by 2h.
 */
export function checkModelGradients(model: Sequential, x: Tensor, loss: Loss, targets: Float32Array, rows: number, outputs: number): void {
  const objective = (grad?: Float32Array): number => loss.evaluate(model.forward(x, true).data, targets, rows, outputs, grad);
  const grad = new Float32Array(rows * outputs);
  const lossValue = objective(grad);
  model.backward(tensor([rows, outputs], grad));
  const h = 1e-3;
  const noise = (16 * Math.abs(lossValue) * 2 ** -23) / (2 * h);
  for (const p of model.params) {
    const analytic = p.grad.slice();
    for (let i = 0; i < p.value.length; i++) {
      const keep = p.value[i]!;
      p.value[i] = keep + h;
      const up = objective();
      p.value[i] = keep - h;
      const down = objective();
      p.value[i] = keep;
      close(analytic[i]!, (up - down) / (2 * h), 2e-3 + noise, 1e-2, `${p.name}[${i}]`);
    }
  }
}

/** Checks a layer's param and input gradients on L = Σ dy ⊙ layer(x), which backward(dy) differentiates. */
export function checkLayer(layer: Layer, x: Tensor, rng: Prng, h = 1e-2): void {
  const dy = tensor([x.shape[0]!, layer.outputSize]);
  for (let i = 0; i < dy.data.length; i++) dy.data[i] = rng.normal();
  const objective = (): number => {
    const y = layer.forward(x, true).data;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += dy.data[i]! * y[i]!;
    return s;
  };
  objective();
  const dx = layer.backward(dy).data.slice();
  const grads = layer.params.map((p) => p.grad.slice());
  const check = (arr: Float32Array, analytic: Float32Array, what: string): void => {
    for (let i = 0; i < arr.length; i++) {
      const keep = arr[i]!;
      arr[i] = keep + h;
      const up = objective();
      arr[i] = keep - h;
      const down = objective();
      arr[i] = keep;
      close(analytic[i]!, (up - down) / (2 * h), 2e-3, 1e-2, `${layer.name} ${what}[${i}]`);
    }
  };
  layer.params.forEach((p, i) => check(p.value, grads[i]!, p.name));
  check(x.data, dx, 'input');
}

