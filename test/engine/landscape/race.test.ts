/*
 * The optimizer race, with what is asserted and under which settings:
 * - bowl (x² + 10y²)/2 from (−4, 2), 500 steps: SGD η 0.1, Momentum and Nesterov η 0.05 μ 0.9,
 *   AdaGrad η 1, RMSprop η 0.05, Adam and AdamW η 0.1: every first step lowers the loss, SGD's
 *   loss never rises, and every racer ends within 1e-3 of (0, 0) with loss < 1e-6.
 * - plain saddle x² − y² from (1.5, 0.001), 1000 steps, every η 0.01: SGD's |y| passes 1 only
 *   after ~350 steps (|y| grows by 1 + 2η = 1.02 a step); Momentum (μ 0.9) and Adam (defaults)
 *   do it in under a third of that; AdaGrad, its steps shrunk by the squared gradients summed on
 *   the way down x, never does.
 * - Rosenbrock from (−1.5, 2), 2000 steps (the README's budget): Momentum η 0.001 μ 0.9 and Adam
 *   η 0.05 get and stay within 0.05 of (1, 1); SGD at Momentum's η 0.001 does not (it needs
 *   ~8000 steps; η ≥ 0.0025 diverges on the first steep wall).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OptimizerName } from '../../../engine/nn/optimizers';
import { OptimizerRace, Racer, arrivalStep, race } from '../../../engine/landscape/race';
import { testFunction } from '../../../shared/test-functions';

const racer = (kind: OptimizerName, learningRate: number): Racer => ({ label: `${kind} ${learningRate}`, optimizer: { kind, learningRate } });

test('bowl: every optimizer lowers the loss and ends at the minimum', () => {
  const f = testFunction('bowl');
  const paths = race(f, [racer('sgd', 0.1), racer('momentum', 0.05), racer('nesterov', 0.05), racer('adagrad', 1), racer('rmsprop', 0.05), racer('adam', 0.1), racer('adamw', 0.1)], f.start, 500);
  for (const p of paths) {
    assert.equal(p.xs.length, 501, p.label);
    assert.ok(p.losses[1]! < p.losses[0]!, `${p.label}: first step`);
    assert.ok(Math.hypot(p.xs.at(-1)!, p.ys.at(-1)!) < 1e-3, `${p.label} ends at (${p.xs.at(-1)}, ${p.ys.at(-1)})`);
    assert.ok(p.losses.at(-1)! < 1e-6, `${p.label}: final loss ${p.losses.at(-1)}`);
  }
  const sgd = paths[0]!;
  assert.ok(sgd.losses.every((l, i) => i === 0 || l <= sgd.losses[i - 1]!), 'SGD never goes up on a convex quadratic with η < 1/λ_max');
});

test('saddle: started beside the ridge, SGD escapes slowly, Momentum and Adam at least 3× sooner, AdaGrad not at all', () => {
  const f = testFunction('saddle');
  const paths = race(f, [racer('sgd', 0.01), racer('momentum', 0.01), racer('adam', 0.01), racer('adagrad', 0.01)], [1.5, 0.001], 1000);
  const escape = paths.map((p) => p.ys.findIndex((y) => Math.abs(y) > 1));
  const [sgd, momentum, adam, adagrad] = escape as [number, number, number, number];
  assert.ok(sgd > 300 && sgd < 400, `SGD escapes at step ${sgd} (ln 1000 / ln 1.02 ≈ 349)`);
  assert.ok(momentum > 0 && 3 * momentum < sgd, `Momentum escapes at ${momentum}`);
  assert.ok(adam > 0 && 3 * adam < sgd, `Adam escapes at ${adam}`);
  assert.equal(adagrad, -1, 'AdaGrad stays by the saddle');
});

test('Rosenbrock from (−1.5, 2) in 2000 steps: Momentum and Adam reach (1, 1) within 0.05; SGD at the same η does not', () => {
  const f = testFunction('rosenbrock');
  const paths = race(f, [racer('momentum', 0.001), racer('adam', 0.05), racer('sgd', 0.001)], [-1.5, 2], 2000);
  const [momentum, adam, sgd] = paths.map((p) => arrivalStep(p, 1, 1, 0.05));
  assert.ok(momentum !== undefined && momentum < 2000, `Momentum arrives at ${momentum}`);
  assert.ok(adam !== undefined && adam < 2000, `Adam arrives at ${adam}`);
  assert.equal(sgd, undefined, `SGD ends at (${paths[2]!.xs.at(-1)}, ${paths[2]!.ys.at(-1)})`);
});

test('a race steps all racers together, and stops a diverging racer without stopping the others', () => {
  const f = testFunction('rosenbrock');
  const r = new OptimizerRace(f, [racer('sgd', 0.01), racer('adam', 0.01)], f.start);
  r.run(50);
  assert.equal(r.steps, 50);
  const [sgd, adam] = r.paths as [typeof r.paths[0], typeof r.paths[0]];
  assert.ok(sgd.stopped && sgd.stopped.step < 50, 'SGD at η 0.01 blows up on the steep wall');
  assert.match(sgd.stopped.reason, /not finite|left the finite/);
  assert.equal(adam.xs.length, 51);
  assert.equal(adam.stopped, undefined);
});
