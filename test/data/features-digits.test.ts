/* Issue 6's acceptance checks for the feature probes, on the CNN preset trained on the shipped digits. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { loadDataset } from '../../engine/node/load-dataset';
import { activationVectors } from '../../engine/probes/activation-vectors';
import { atlasGrid } from '../../engine/probes/atlas-grid';
import { featureLayer } from '../../engine/probes/feature-layers';
import { firstLayerFilters } from '../../engine/probes/filters';
import { pca } from '../../engine/probes/pca';
import { topActivations } from '../../engine/probes/top-activations';
import { umap } from '../../engine/probes/umap';
import { Trainer, prepareData } from '../../engine/trainer';

const samples = join(__dirname, '..', '..', 'samples');

/** Share of points whose 5 nearest neighbours in 2-D mostly share its label. */
function knnAgreement(points: Float32Array, labels: Float32Array, n: number, k = 5): number {
  let agree = 0;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) d[j] = j === i ? Infinity : (points[2 * i]! - points[2 * j]!) ** 2 + (points[2 * i + 1]! - points[2 * j + 1]!) ** 2;
    const nearest = Array.from({ length: n }, (_, j) => j).sort((a, b) => d[a]! - d[b]!).slice(0, k);
    if (nearest.filter((j) => labels[j] === labels[i]).length * 2 > k) agree++;
  }
  return agree / n;
}

test('digits CNN: filters are strokes, not noise; top patches differ by channel; the UMAP map of the last hidden layer separates the classes', async () => {
  const raw = JSON.parse(readFileSync(join(samples, 'digits-cnn.glab.json'), 'utf8'));
  const config = parseConfig({ ...raw, training: { ...raw.training, epochs: 3 } });
  const ds = await loadDataset(config.dataset, config.seeds.data, samples);
  const split = prepareData(config, ds);
  const trainer = new Trainer(config, split);
  for (const _ of trainer.run());
  const model = trainer.model;
  const v = split.validation;
  const data = { x: v.x, rows: v.rows, features: v.features, imageShape: v.imageShape!, labels: v.y };

  const filters = firstLayerFilters(model)!;
  assert.deepEqual(filters.shape, [5, 5, 1]);
  for (const img of filters.images) {
    const mean = img.reduce((a, b) => a + b) / img.length;
    const sd = Math.sqrt(img.reduce((a, b) => a + (b - mean) ** 2, 0) / img.length);
    assert.ok(sd > 0.1, `a filter is nearly uniform (sd ${sd})`);
  }
  const tops = topActivations(model, data, featureLayer(model, 'conv1'), 9);
  const signatures = new Set(tops.map((t) => t.top.map((a) => `${a.row}@${a.y},${a.x}`).join(' ')));
  assert.ok(signatures.size >= tops.length - 1, `top patches of ${tops.length} channels: only ${signatures.size} distinct sets`);

  const layer = featureLayer(model, 'dense1');
  const av = activationVectors(model, data, layer, 600, 1);
  const t0 = performance.now();
  const map = umap(av.vectors, av.n, av.dims, { seed: 1 });
  const seconds = (performance.now() - t0) / 1000;
  const agreement = knnAgreement(map, av.labels!, av.n);
  assert.ok(agreement >= 0.8, `UMAP 5-NN label agreement ${agreement}`);
  const flat = pca(av.vectors, av.n, av.dims);
  const grid = atlasGrid(map, av.vectors, av.n, av.dims, 12, 3);
  assert.ok(grid.cells.length >= 10);
  console.log(`UMAP of ${av.n} × ${av.dims}: ${seconds.toFixed(1)} s, 5-NN agreement ${(agreement * 100).toFixed(1)}% (PCA: ${(knnAgreement(flat.projection, av.labels!, av.n) * 100).toFixed(1)}%); atlas cells ${grid.cells.length}`);
});
