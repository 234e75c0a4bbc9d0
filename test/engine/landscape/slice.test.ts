/*
 * Slices of a real network's landscape (Li et al. 2018): the grid's centre is the current loss,
 * the weights come back bit for bit, filter normalization holds per neuron, projections recover
 * known coordinates, PCA finds the plane of a planar path, and the slice can be cancelled.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterNormalize, gaussianDirection, randomPlane } from '../../../engine/landscape/directions';
import { flattenSnapshot, paramSlots, readFlat } from '../../../engine/landscape/flat-params';
import { objectiveLoss, trainerObjective } from '../../../engine/landscape/objective';
import { JobCancelled, JobDriver } from '../../../engine/job-driver';
import { race } from '../../../engine/landscape/race';
import { lossSlice, sliceRows } from '../../../engine/landscape/slice';
import { sliceSurface } from '../../../engine/landscape/slice-surface';
import { pcaDirections, projectOntoPlane } from '../../../engine/landscape/trajectory';
import { Prng } from '../../../engine/prng';
import { trainerFor } from '../helpers';

/** A 2-8-8-1 tanh network on the spiral, trained for a few epochs, with its weights recorded after each. */
function trainedSpiral(validationSplit = 0.2) {
  const trainer = trainerFor({ dataset: { synthetic: 'spiral' }, model: { hidden: [8, 8] }, training: { epochs: 6, validationSplit } });
  const trajectory: Float64Array[] = [flattenSnapshot(trainer.model.snapshot())];
  for (const e of trainer.run()) if (e.type === 'epoch') trajectory.push(flattenSnapshot(trainer.model.snapshot()));
  return { trainer, trajectory, objective: trainerObjective(trainer) };
}

const sameWeights = (a: Float32Array[], b: Float32Array[]): void =>
  a.forEach((v, i) => assert.deepEqual(v, b[i], `param ${i} changed`));

test('slice: the centre is the current loss, the weights come back bit for bit, the grid is 41×41', () => {
  const { trainer, objective } = trainedSpiral();
  const before = trainer.model.snapshot();
  const lossNow = objectiveLoss(objective);
  const slice = lossSlice(objective, { directions: randomPlane(trainer.model, 7), range: [-1, 1], resolution: 41 });
  assert.equal(slice.values.length, 41 * 41);
  assert.equal(slice.xAxis[20], 0);
  assert.equal(slice.centerLoss, lossNow);
  assert.equal(slice.values[20 * 41 + 20], Math.fround(lossNow));
  sameWeights(trainer.model.snapshot(), before);
  assert.ok(slice.max.value > slice.min.value && slice.min.value <= lossNow + 1e-6);
  // Trained weights sit in a basin: the loss one filter norm away is higher on average than at the centre.
  const corners = [0, 40, 40 * 41, 41 * 41 - 1].map((i) => slice.values[i]!);
  assert.ok(corners.reduce((a, b) => a + b) / 4 > lossNow, `corners ${corners} vs centre ${lossNow}`);
});

test('filter normalization: each neuron\'s direction has the norm of its incoming weights; bias directions are 0', () => {
  const { trainer } = trainedSpiral();
  const model = trainer.model;
  const theta = readFlat(model.params);
  const d = filterNormalize(model, gaussianDirection(theta.length, new Prng(3)));
  for (const slot of paramSlots(model)) {
    const n = slot.param.value.length;
    if (slot.param.isBias) {
      for (let i = 0; i < n; i++) assert.equal(d[slot.offset + i], 0, `${slot.param.name}[${i}]`);
      continue;
    }
    const { inputs, units } = slot.dense!;
    for (let j = 0; j < units; j++) {
      let dd = 0, tt = 0;
      for (let i = 0; i < inputs; i++) {
        const k = slot.offset + i * units + j;
        dd += d[k]! ** 2;
        tt += theta[k]! ** 2;
      }
      assert.ok(Math.abs(Math.sqrt(dd) - Math.sqrt(tt)) <= 1e-12 * Math.sqrt(tt), `${slot.param.name} neuron ${j}: ${Math.sqrt(dd)} vs ${Math.sqrt(tt)}`);
    }
  }
});

test('projection: a point built as θ₀ + a·d1 + b·d2 projects to (a, b) with no residual', () => {
  const { trainer } = trainedSpiral();
  const [d1, d2] = randomPlane(trainer.model, 11);
  const origin = readFlat(trainer.model.params);
  const coords = [[0, 0], [0.3, -0.2], [-1.5, 0.75], [2, 2]] as const;
  const points = coords.map(([a, b]) => origin.map((v, i) => v + a * d1[i]! + b * d2[i]!));
  const path = projectOntoPlane(points, origin, d1, d2);
  coords.forEach(([a, b], k) => {
    assert.ok(Math.abs(path.alpha[k]! - a) < 1e-9 && Math.abs(path.beta[k]! - b) < 1e-9, `point ${k}: (${path.alpha[k]}, ${path.beta[k]})`);
    assert.ok(path.residual[k]! < 1e-9);
  });
  assert.throws(() => projectOntoPlane(points, origin, d1, d1), /parallel/);
});

test('PCA directions: a path that lies in a plane is recovered exactly; the slice along them is centred on the last point', () => {
  const { trainer } = trainedSpiral();
  const size = trainer.model.parameterCount, rng = new Prng(5);
  const u = gaussianDirection(size, rng), v = gaussianDirection(size, rng), start = gaussianDirection(size, rng);
  // A curved path in the plane start + s·u + t·v: its PCA plane is that plane.
  const points = Array.from({ length: 12 }, (_, k) => start.map((x, i) => x + k * u[i]! + 0.1 * k * k * v[i]!));
  const pca = pcaDirections(points);
  const path = projectOntoPlane(points, pca.origin, ...pca.directions);
  for (let k = 0; k < points.length; k++) assert.ok(path.residual[k]! < 1e-8 * size, `residual ${path.residual[k]}`);
  assert.ok(Math.abs(pca.explained[0] + pca.explained[1] - 1) < 1e-9, `explained ${pca.explained}`);
  assert.ok(pca.explained[0] >= pca.explained[1]);
  assert.equal(path.alpha[11], 0);
  // On the real training path: project it, and slice around its last point along the PCA plane.
  const real = trainedSpiral();
  const plane = pcaDirections(real.trajectory);
  const slice = lossSlice(real.objective, { directions: plane.directions, origin: plane.origin, resolution: 11, range: [-2, 2] });
  assert.equal(slice.centerLoss, objectiveLoss(real.objective), 'the last snapshot is the current model');
  assert.ok(plane.explained[0] > 0.3, `first component explains ${plane.explained[0]}`);
});

test('slice rows: the model holds its own weights between rows; cancelling stops early and restores them', async () => {
  const { trainer, objective } = trainedSpiral();
  const before = trainer.model.snapshot();
  const rows = sliceRows(objective, { directions: randomPlane(trainer.model, 1), resolution: 9 });
  assert.deepEqual(rows.next().value, { phase: 'rows', fraction: 1 / 9 });
  sameWeights(trainer.model.snapshot(), before);
  const signal = { aborted: false };
  const seen: number[] = [];
  // Every step reported (progressMs 0), so the cancel lands after exactly the fourth row.
  const driver = new JobDriver({ progressMs: 0 });
  const cancelled = driver.run(rows, signal, (s) => { seen.push(Math.round(s.fraction * 9)); if (seen.at(-1) === 4) signal.aborted = true; });
  await assert.rejects(cancelled, JobCancelled);
  assert.deepEqual(seen, [2, 3, 4]);
  sameWeights(trainer.model.snapshot(), before);
  const whole = await driver.run(sliceRows(objective, { directions: randomPlane(trainer.model, 1), resolution: 9 }));
  assert.equal(whole.values.length, 81);
});

// Its time is printed, not asserted: wall-clock bounds fail on a loaded machine; `npm run bench` measures speed.
test('a 41×41 slice of a 2-8-8-1 network on 500 spiral points: every grid point a finite loss (time printed)', () => {
  const { trainer, objective } = trainedSpiral(0);
  assert.equal(objective.data.rows, 500);
  const directions = randomPlane(trainer.model, 2);
  lossSlice(objective, { directions, resolution: 5 }); // warm up the JIT
  const t0 = performance.now();
  const slice = lossSlice(objective, { directions, resolution: 41 });
  const ms = performance.now() - t0;
  console.log(`# 41×41 slice, 2-8-8-1 tanh, 500 rows: ${ms.toFixed(0)} ms`);
  assert.equal(slice.values.length, 41 * 41);
  assert.ok(slice.values.every((l) => Number.isFinite(l) && l >= 0), 'every grid point a finite loss');
});

test('slice surface: the loss on the plane as f(α, β), its gradient (d1·∇L, d2·∇L) matching differences; weights untouched', () => {
  const { trainer, objective } = trainedSpiral();
  const before = trainer.model.snapshot();
  const [d1, d2] = randomPlane(trainer.model, 4);
  const f = sliceSurface(objective, readFlat(trainer.model.params), d1, d2);
  assert.equal(f.value(0, 0), objectiveLoss(objective));
  const g = new Float64Array(2), h = 1e-2;
  f.gradient(0.2, -0.1, g);
  const nx = (f.value(0.2 + h, -0.1) - f.value(0.2 - h, -0.1)) / (2 * h), ny = (f.value(0.2, -0.1 + h) - f.value(0.2, -0.1 - h)) / (2 * h);
  assert.ok(Math.abs(g[0]! - nx) < 2e-3 + 1e-2 * Math.abs(nx) && Math.abs(g[1]! - ny) < 2e-3 + 1e-2 * Math.abs(ny), `(${g[0]}, ${g[1]}) vs (${nx}, ${ny})`);
  const paths = race(f, [{ label: 'adam', optimizer: { kind: 'adam', learningRate: 0.05 } }], [0.5, 0.5], 30);
  assert.ok(paths[0]!.losses.at(-1)! < paths[0]!.losses[0]!, 'Adam descends the slice');
  sameWeights(trainer.model.snapshot(), before);
});
