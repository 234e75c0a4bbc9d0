/*
 * Our UMAP (engine/probes/umap.ts): it separates clusters that the PCA map mixes, keeps more
 * of each point's neighbours than PCA, starts from the PCA map and shows its refinement, and is
 * deterministic. The CPU time of the 2,000 × 64 map is printed (no time is asserted: the
 * machine is shared).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pca } from '../../engine/probes/pca';
import { runProbe } from '../../engine/probes/progress';
import { UMAP_EPOCHS, UmapProgress, curveParameters, fuzzyGraph, nearestNeighbours, pcaStart, umap, umapSteps } from '../../engine/probes/umap';
import { Prng } from '../../engine/prng';

/** Ten Gaussian clusters in 64-D, centres N(0, 1) per coordinate, spread σ = 1: apart in 64-D, overlapping on any 2 axes. */
function clusters(n: number, d: number, classes: number, seed: number): { v: Float32Array; labels: Int32Array } {
  const rng = new Prng(seed);
  const centres = Float64Array.from({ length: classes * d }, () => rng.normal());
  const v = new Float32Array(n * d), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % classes;
    for (let j = 0; j < d; j++) v[i * d + j] = centres[labels[i]! * d + j]! + rng.normal();
  }
  return { v, labels };
}

/** The k nearest other points of point i in a 2-D map. */
function mapNeighbours(y: Float32Array, n: number, i: number, k: number): number[] {
  const best: [number, number][] = [];
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const d = (y[2 * i]! - y[2 * j]!) ** 2 + (y[2 * i + 1]! - y[2 * j + 1]!) ** 2;
    if (best.length === k && d >= best[k - 1]![0]) continue;
    let p = best.length === k ? k - 1 : best.length;
    best[p] = [d, j];
    while (p > 0 && best[p - 1]![0] > d) {
      [best[p], best[p - 1]] = [best[p - 1]!, best[p]!];
      p--;
    }
  }
  return best.map(([, j]) => j);
}

/** Share of points whose nearest map neighbour has their class, and mean share of their 10 nearest 64-D neighbours that stay among their 10 nearest on the map. */
function quality(y: Float32Array, v: Float32Array, labels: Int32Array, n: number, d: number): { agreement: number; kept: number } {
  const k = 10;
  const high = runProbe(nearestNeighbours(v, n, d, k));
  let agree = 0, kept = 0;
  for (let i = 0; i < n; i++) {
    const m = mapNeighbours(y, n, i, k);
    if (labels[m[0]!] === labels[i]) agree++;
    const h = new Set(high.indices.subarray(i * k, (i + 1) * k));
    kept += m.filter((j) => h.has(j)).length / k;
  }
  return { agreement: agree / n, kept: kept / n };
}

test('UMAP of 2,000 × 64 vectors separates ten clusters that the PCA map mixes, and keeps more neighbours (CPU time printed)', () => {
  const n = 2000, d = 64;
  const { v, labels } = clusters(n, d, 10, 3);
  const cpu = process.cpuUsage();
  const y = umap(v, n, d, { seed: 1 });
  const used = process.cpuUsage(cpu);
  const seconds = (used.user + used.system) / 1e6;
  const u = quality(y, v, labels, n, d), p = quality(pca(v, n, d).projection, v, labels, n, d);
  console.log(`UMAP of ${n} × ${d}: ${seconds.toFixed(2)} CPU-s (${UMAP_EPOCHS} epochs); nearest-neighbour class agreement UMAP ${(100 * u.agreement).toFixed(1)}% vs PCA ${(100 * p.agreement).toFixed(1)}%; 10-NN kept UMAP ${(100 * u.kept).toFixed(1)}% vs PCA ${(100 * p.kept).toFixed(1)}%`);
  // UMAP: nearly every point beside its own class (measured 100%); PCA: clearly mixed (measured 68%), so the data is a real test.
  assert.ok(u.agreement >= 0.97 && u.agreement <= 1, `UMAP agreement ${u.agreement}`);
  assert.ok(p.agreement >= 0.5 && p.agreement <= 0.85, `PCA agreement ${p.agreement}`);
  // Within a Gaussian cluster the nearest neighbours are mostly noise, so neither keeps many; UMAP keeps clearly more (measured 10.4% vs 4.8%).
  assert.ok(u.kept >= 1.5 * p.kept && u.kept <= 0.5, `10-NN kept: UMAP ${u.kept}, PCA ${p.kept}`);
});

test('UMAP starts from the PCA map, yields its layout every 25 epochs, and one seed gives one map', () => {
  const n = 300, d = 16;
  const { v } = clusters(n, d, 3, 5);
  const layouts: UmapProgress[] = [];
  const steps = umapSteps(v, n, d, { seed: 7, nNeighbors: 10 });
  let final: Float32Array;
  for (;;) {
    const r = steps.next();
    if (r.done) { final = r.value; break; }
    if ((r.value as UmapProgress).layout) layouts.push(r.value as UmapProgress);
  }
  assert.deepEqual(layouts.map((l) => l.epoch), [0, 25, 50, 75, 100, 125, 150, 175]);
  assert.deepEqual(layouts[0]!.layout, pcaStart(v, n, d), 'the first layout is the PCA map, scaled');
  assert.notDeepEqual(layouts[1]!.layout, layouts[0]!.layout);
  assert.deepEqual(umap(v, n, d, { seed: 7, nNeighbors: 10 }), final);
  assert.notDeepEqual(umap(v, n, d, { seed: 8, nNeighbors: 10 }), final, 'the seed drives the negative sampling');
});

test('UMAP pieces: exact cosine neighbours, a symmetric fuzzy graph with weights in (0, 1], and the curve of umap-learn', () => {
  // Four vectors: two pairs of nearly equal directions, and a zero vector's distance rule.
  const v = Float32Array.of(1, 0, 2, 0.1, 0, 1, 0.1, 3);
  const nb = runProbe(nearestNeighbours(v, 4, 2, 2));
  assert.deepEqual(Array.from(nb.indices), [1, 3, 0, 3, 3, 1, 2, 1]);
  assert.ok(Math.abs(nb.distances[0]! - (1 - 2 / Math.sqrt(4.01))) < 1e-6);
  const g = fuzzyGraph(nb, 4);
  for (let e = 0; e < g.weights.length; e++) {
    assert.ok(g.heads[e]! < g.tails[e]!, 'each pair once, head < tail');
    assert.ok(g.weights[e]! > 0 && g.weights[e]! <= 1);
  }
  // Nearest neighbours have membership 1 (d = ρ), so the pairs (0,1) and (2,3) are full edges.
  const weight = (i: number, j: number) => g.weights[[...g.heads].findIndex((h, e) => h === i && g.tails[e] === j)];
  assert.equal(weight(0, 1), 1);
  assert.equal(weight(2, 3), 1);
  // umap-learn's find_ab_params gives a = 1.577, b = 0.895 for min_dist 0.1 and 1.896, 0.801 for 0.01.
  const ab1 = curveParameters(0.1), ab01 = curveParameters(0.01);
  assert.ok(Math.abs(ab1.a - 1.577) < 0.01 && Math.abs(ab1.b - 0.895) < 0.005, JSON.stringify(ab1));
  assert.ok(Math.abs(ab01.a - 1.896) < 0.01 && Math.abs(ab01.b - 0.801) < 0.005, JSON.stringify(ab01));
});
