/* The feature probes on hand-built weights and data whose answers are known. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conv2D } from '../../engine/nn/layers/conv2d';
import { Dense } from '../../engine/nn/layers/dense';
import { buildModel } from '../../engine/nn/model';
import { Prng } from '../../engine/prng';
import { activationVectors, vectorPatch } from '../../engine/probes/activation-vectors';
import { atlasGrid } from '../../engine/probes/atlas-grid';
import { composition } from '../../engine/probes/composition';
import { featureLayer, featureLayers } from '../../engine/probes/feature-layers';
import { firstLayerFilters } from '../../engine/probes/filters';
import { neuronResponses } from '../../engine/probes/neuron-responses';
import { pca } from '../../engine/probes/pca';
import { ProbeCancelled, runProbe } from '../../engine/probes/progress';
import { patchAt, receptiveFields } from '../../engine/probes/receptive-field';
import { topActivations, topActivationsSteps } from '../../engine/probes/top-activations';
import { umap } from '../../engine/probes/umap';

const base = { outputs: 2, activation: 'relu' as const, init: { kind: 'zeros' as const }, biasInit: { kind: 'zeros' as const }, dropout: 0 };

test('receptive fields of conv 5 same → pool 2 → conv 5 same → pool 2: sizes 5, 6, 14, 16; jumps 1, 2, 2, 4', () => {
  const model = buildModel({
    ...base, inputs: 784, imageShape: [28, 28, 1], hidden: [],
    conv: [{ type: 'conv2d', filters: 2, kernel: 5, padding: 'same' }, { type: 'maxpool2d', size: 2 }, { type: 'conv2d', filters: 2, kernel: 5, padding: 'same' }, { type: 'maxpool2d', size: 2 }],
  }, new Prng(1), new Prng(1));
  const rf = receptiveFields(model);
  const kinds = model.layers.map((l) => l.kind);
  assert.deepEqual(rf[kinds.indexOf('conv2d')], { size: 5, jump: 1, start: -2 });
  assert.deepEqual(rf[kinds.indexOf('maxpool2d')], { size: 6, jump: 2, start: -2 });
  assert.deepEqual(rf[kinds.lastIndexOf('conv2d')], { size: 14, jump: 2, start: -6 });
  assert.deepEqual(rf[kinds.lastIndexOf('maxpool2d')], { size: 16, jump: 4, start: -6 });
  // Position (3, 1) of the last 7×7 map sees rows 6…21 and columns −2…13 of the image.
  assert.deepEqual(patchAt(rf.at(-1)!, 3, 1), { top: 6, left: -2, size: 16 });
  assert.deepEqual(featureLayers(model).map((l) => [l.name, l.shape]), [['conv1', [28, 28, 2]], ['conv2', [14, 14, 2]]]);
});

/** 8×8 images: rows 0–3 a vertical edge (dark left, bright right) at column 2+r, rows 4–7 a horizontal one, rows 8–9 blank. */
function edgeImages(): Float32Array {
  const x = new Float32Array(10 * 64);
  for (let r = 0; r < 4; r++) for (let y = 0; y < 8; y++) for (let c = 2 + r; c < 8; c++) x[r * 64 + y * 8 + c] = 1;
  for (let r = 4; r < 8; r++) for (let y = r - 2; y < 8; y++) for (let c = 0; c < 8; c++) x[r * 64 + y * 8 + c] = 1;
  return x;
}

test('top activations: a vertical-edge filter ranks the vertical-edge images first, with the edge in its patch; a horizontal one the others', () => {
  const model = buildModel({ ...base, inputs: 64, imageShape: [8, 8, 1], hidden: [], conv: [{ type: 'conv2d', filters: 2, kernel: 3 }] }, new Prng(1), new Prng(1));
  const conv = model.layers[0] as Conv2D;
  // Weights [ky, kx, c, f]: filter 0 = right column − left column (vertical edge), filter 1 = bottom row − top row.
  for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) {
    conv.weights.value[(ky * 3 + kx) * 2] = kx - 1;
    conv.weights.value[(ky * 3 + kx) * 2 + 1] = ky - 1;
  }
  const data = { x: edgeImages(), rows: 10, features: 64, imageShape: [8, 8, 1] as const };
  const tops = topActivations(model, data, featureLayer(model, 'conv1'), 4);
  assert.deepEqual(tops[0]!.top.map((t) => t.row).sort(), [0, 1, 2, 3]);
  assert.deepEqual(tops[1]!.top.map((t) => t.row).sort(), [4, 5, 6, 7]);
  for (const t of tops[0]!.top) {
    assert.equal(t.value, 3);
    // The strongest position straddles the edge: the 3×3 patch is dark on the left, bright on the right.
    const p = t.patch!;
    assert.equal(p.size, 3);
    assert.deepEqual([p.pixels[0], p.pixels[2], p.pixels[6], p.pixels[8]], [0, 1, 0, 1]);
    assert.equal(p.left + 1, t.x + 1, 'valid conv: the patch starts at the position');
  }
  // Progress is reported per chunk, and a cancelled run throws.
  const seen: number[] = [];
  runProbe(topActivationsSteps(model, data, featureLayer(model, 'conv1')), { onProgress: (p) => seen.push(p.fraction) });
  assert.deepEqual(seen, [1]);
  assert.throws(() => runProbe(topActivationsSteps(model, data, featureLayer(model, 'conv1')), { signal: { aborted: true } }), ProbeCancelled);
});

test('top activations of a dense neuron are the inputs with the largest weighted sum; first-layer filters are scaled around grey', () => {
  const model = buildModel({ ...base, inputs: 3, hidden: [{ units: 2 }] }, new Prng(1), new Prng(1));
  const dense = model.layers[0] as Dense;
  dense.weights.value.set([1, 0, 0, -2, 0, 0]); // neuron 0 = x0, neuron 1 = −2·x1 (ReLU after)
  const x = Float32Array.of(5, 0, 0, -1, -3, 0, 2, 1, 0, 9, 2, 0);
  const tops = topActivations(model, { x, rows: 4, features: 3 }, featureLayer(model, 'dense1'), 2);
  assert.deepEqual(tops[0]!.top.map((t) => [t.row, t.value]), [[3, 9], [0, 5]]);
  assert.deepEqual(tops[1]!.top.map((t) => [t.row, t.value]), [[1, 6], [0, 0]]);
  assert.equal(firstLayerFilters(model), undefined, 'no image shape: no filter images');
  const img = firstLayerFilters(model, [1, 3, 1])!;
  assert.deepEqual([...img.images[1]!], [0.5, 0, 0.5]);
  assert.deepEqual(img.scales, [1, 2]);
});

test('PCA finds known principal axes and variances', () => {
  const rng = new Prng(3);
  const n = 4000, d = 3;
  const v = new Float32Array(n * d);
  const s = Math.SQRT1_2;
  for (let i = 0; i < n; i++) {
    const a = 3 * rng.normal(), b = rng.normal(), c = 0.1 * rng.normal();
    v[i * 3] = 10 + s * (a + b); v[i * 3 + 1] = -4 + s * (a - b); v[i * 3 + 2] = c;
  }
  const r = pca(v, n, d);
  assert.ok(Math.abs(r.axes[0]![0]! - s) < 0.01 && Math.abs(r.axes[0]![1]! - s) < 0.01 && Math.abs(r.axes[0]![2]!) < 0.01, `axis 0 ${r.axes[0]}`);
  assert.ok(Math.abs(Math.abs(r.axes[1]![0]!) - s) < 0.01 && Math.abs(r.axes[1]![0]! + r.axes[1]![1]!) < 0.02, `axis 1 ${r.axes[1]}`);
  assert.ok(Math.abs(r.variances[0]! - 9) < 0.6 && Math.abs(r.variances[1]! - 1) < 0.1, `variances ${r.variances}`);
  assert.ok(Math.abs(r.mean[0]! - 10) < 0.2);
});

/** Share of points whose nearest other point in 2-D has the same label. */
function neighbourAgreement(points: Float32Array, labels: ArrayLike<number>, n: number): number {
  let same = 0;
  for (let i = 0; i < n; i++) {
    let best = -1, bestD = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dd = (points[2 * i]! - points[2 * j]!) ** 2 + (points[2 * i + 1]! - points[2 * j + 1]!) ** 2;
      if (dd < bestD) { bestD = dd; best = j; }
    }
    if (labels[best] === labels[i]) same++;
  }
  return same / n;
}

test('UMAP (cosine) separates two well-separated clusters, and the same seed gives the same map', () => {
  const rng = new Prng(9);
  const n = 120, d = 10;
  const v = new Float32Array(n * d), labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let j = 0; j < d; j++) v[i * d + j] = 0.2 * Math.abs(rng.normal()) + ((j < 5) === (i % 2 === 0) ? 2 : 0);
  }
  const a = umap(v, n, d, { nNeighbors: 10, minDist: 0.1, seed: 5 });
  assert.equal(a.length, n * 2);
  assert.ok(neighbourAgreement(a, labels, n) >= 0.98);
  assert.deepEqual(umap(v, n, d, { nNeighbors: 10, minDist: 0.1, seed: 5 }), a);
});

test('atlas grid: points binned by position, mean activation per cell, nearest point kept, sparse cells dropped', () => {
  // Four points in the bottom-left cell of a 2×2 grid, one alone top-right.
  const points = Float32Array.of(0, 0, 0.1, 0.2, 0.3, 0.1, 0.2, 0.4, 1, 1);
  const vectors = Float32Array.of(1, 0, 3, 0, 2, 2, 2, 0, 9, 9);
  const g = atlasGrid(points, vectors, 5, 2, 2, 2);
  assert.equal(g.cells.length, 1);
  const c = g.cells[0]!;
  assert.deepEqual([c.gx, c.gy, c.count], [0, 0, 4]);
  assert.deepEqual([...c.mean], [2, 0.5]);
  assert.equal(c.nearest, 3, 'vector (2, 0) is closest to the mean (2, 0.5)');
  assert.equal(atlasGrid(points, vectors, 5, 2, 2, 1).cells.length, 2);
});

test('composition: previous neurons ranked by weight × mean activation; conv maps are grouped by channel', () => {
  const model = buildModel({ ...base, inputs: 2, hidden: [{ units: 3, activation: 'linear' }, { units: 1 }] }, new Prng(1), new Prng(1));
  const [d1, , d2] = model.layers as [Dense, unknown, Dense];
  d1.weights.value.set([1, 0, 1, 0, 1, 1]); // neuron 0 = x0, neuron 1 = x1, neuron 2 = x0 + x1
  d2.weights.value.set([2, -10, 0.5]);
  const x = Float32Array.of(1, 0, 3, 1); // means: x0 = 2, x1 = 0.5 → neurons 2, 0.5, 2.5
  const c = composition(model, { x, rows: 2, features: 2 }, featureLayer(model, 'dense2'), 0, 2, 1);
  assert.equal(c.previous, 'dense1');
  assert.deepEqual(c.contributions.map((k) => [k.neuron, k.contribution]), [[1, -5], [0, 4]]);
  assert.equal(c.contributions[0]!.top[0]!.row, 1);
  assert.throws(() => composition(model, { x, rows: 2, features: 2 }, featureLayer(model, 'dense1'), 0), /first feature layer/);

  const cnn = buildModel({ ...base, inputs: 16, imageShape: [4, 4, 1], hidden: [{ units: 1 }], conv: [{ type: 'conv2d', filters: 2, kernel: 1, activation: 'linear' }, { type: 'maxpool2d', size: 2 }] }, new Prng(1), new Prng(1));
  (cnn.layers[0] as Conv2D).weights.value.set([1, -1]); // channel 0 = pixel, channel 1 = −pixel
  const dense = cnn.dense[0]!;
  for (let i = 0; i < 8; i++) dense.weights.value[i] = i % 2 === 0 ? 1 : 3; // flattened 2×2×2: even indices are channel 0
  const img = new Float32Array(16).fill(-2); // linear conv: channel 0 pools to −2, channel 1 to 2
  const cc = composition(cnn, { x: img, rows: 1, features: 16, imageShape: [4, 4, 1] }, featureLayer(cnn, 'dense1'), 0);
  assert.deepEqual(cc.contributions.map((k) => [k.neuron, k.weight, k.meanActivation, k.contribution]), [[1, 12, 2, 24], [0, 4, -2, -8]]);
});

test('neuron responses: heatmaps over the input plane (row 0 at the top), standardized like training rows', () => {
  const model = buildModel({ ...base, outputs: 1, inputs: 2, hidden: [{ units: 2, activation: 'linear' }] }, new Prng(1), new Prng(1));
  const d1 = model.layers[0] as Dense;
  d1.weights.value.set([1, 0, 0, 1]); // neuron 0 = x, neuron 1 = y
  model.dense[1]!.weights.value.set([1, 1]);
  const r = neuronResponses(model, [-1, 1], [0, 4], 3);
  assert.deepEqual([...r.layers[0]!.neurons[0]!], [-1, 0, 1, -1, 0, 1, -1, 0, 1]);
  assert.deepEqual([...r.layers[0]!.neurons[1]!], [4, 4, 4, 2, 2, 2, 0, 0, 0]);
  assert.deepEqual([...r.output[0]!], [3, 4, 5, 1, 2, 3, -1, 0, 1]);
  const s = neuronResponses(model, [-1, 1], [0, 4], 3, { mean: Float32Array.of(0, 2), std: Float32Array.of(1, 2) });
  assert.deepEqual([...s.layers[0]!.neurons[1]!], [1, 1, 1, 0, 0, 0, -1, -1, -1]);
  // A feature pipeline (here: swap x and y) is applied to the raw grid points.
  const swapped = neuronResponses(model, [-1, 1], [0, 4], 3, { apply: (p, rows) => Float32Array.from({ length: rows * 2 }, (_, i) => p[i ^ 1]!) });
  assert.deepEqual([...swapped.layers[0]!.neurons[0]!], [...r.layers[0]!.neurons[1]!]);
});

test('activation vectors: one vector per image, at a position whose receptive field is inside the image', () => {
  const model = buildModel({ ...base, inputs: 64, imageShape: [8, 8, 1], hidden: [], conv: [{ type: 'conv2d', filters: 3, kernel: 3, padding: 'same' }] }, new Prng(1), new Prng(1));
  (model.layers[0] as Conv2D).bias.value.set([1, 2, 3]);
  const data = { x: edgeImages(), rows: 10, features: 64, imageShape: [8, 8, 1] as const, labels: Float32Array.from({ length: 10 }, (_, i) => i) };
  const layer = featureLayer(model, 'conv1');
  const av = activationVectors(model, data, layer, 6, 2);
  assert.equal(av.n, 6);
  assert.deepEqual([...av.vectors.subarray(0, 6)], [1, 2, 3, 1, 2, 3]);
  assert.deepEqual([...av.labels!], [...av.rows]);
  for (let i = 0; i < 6; i++) {
    assert.ok(av.ys[i]! >= 1 && av.ys[i]! <= 6 && av.xs[i]! >= 1 && av.xs[i]! <= 6, 'padding-free positions only');
    const p = vectorPatch(model, data, layer, av, i)!;
    assert.deepEqual([p.top, p.left, p.size], [av.ys[i]! - 1, av.xs[i]! - 1, 3]);
  }
});

test('a saturated tanh unit: ranked by pre-activation (distinct, descending) though the activations tie at 1.0000, and the saturated share is reported', () => {
  // One tanh neuron z = 10·(x1 + x2): every row with x1 + x2 > 0.27 gives tanh ≥ 0.99.
  const model = buildModel({ ...base, activation: 'tanh', inputs: 2, hidden: [{ units: 1 }] }, new Prng(1), new Prng(1));
  const dense = model.layers.find((l): l is Dense => l instanceof Dense)!;
  dense.weights.value.set([10, 10]);
  const rows = 40, x = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) x.set([r / 10, (r % 7) / 10], 2 * r); // x1 + x2 from 0 to 4.5
  const [unit] = topActivations(model, { x, rows, features: 2 }, featureLayer(model, 'dense1'), 8);
  const pre = unit!.top.map((t) => t.pre!);
  for (let i = 1; i < pre.length; i++) assert.ok(pre[i - 1]! > pre[i]!, `pre-activations strictly descending: ${pre}`);
  // The row with the largest x1 + x2 first (row 39: 3.9 + 0.4), not an arbitrary tie.
  assert.equal(unit!.top[0]!.row, 39);
  assert.ok(unit!.top.every((t) => t.value > 0.9999), 'the activations themselves tie');
  // Saturated rows: 10·(x1 + x2) ≥ atanh(0.99) = 2.65 ⇔ x1 + x2 ≥ 0.265: all but rows 0, 1, 2 (sums 0, 0.2, 0.4 → row 2 is saturated).
  const expected = Array.from({ length: rows }, (_, r) => Math.abs(Math.tanh(10 * (r / 10 + (r % 7) / 10))) >= 0.99).filter(Boolean).length / rows;
  assert.equal(unit!.saturated, expected);
  assert.ok(expected > 0.9);
  // ReLU has no saturation bound: no share is claimed.
  const relu = buildModel({ ...base, inputs: 2, hidden: [{ units: 1 }] }, new Prng(1), new Prng(1));
  relu.layers.find((l): l is Dense => l instanceof Dense)!.weights.value.set([1, 1]);
  assert.equal(topActivations(relu, { x, rows, features: 2 }, featureLayer(relu, 'dense1'), 3)[0]!.saturated, undefined);
});
