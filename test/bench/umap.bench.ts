/*
 * UMAP of 2,000 activation vectors (issues 6 and 15): the map the Activation Atlas probe draws,
 * timed as the worker runs it (`umapSteps` driven slice by slice to the end, like `runProbe`),
 * with the probe's default settings (ATLAS_UMAP: 20 neighbours, min_dist 0.01, cosine distance;
 * UMAP_EPOCHS layout epochs). Wall clock and the process's CPU time (which a loaded machine
 * disturbs less) are both reported.
 */
import { ATLAS_UMAP, UMAP_EPOCHS, umapSteps } from '../../engine/probes/umap';
import { Prng } from '../../engine/prng';

export interface UmapBenchResult {
  vectors: number;
  dims: number;
  clusters: number;
  nNeighbors: number;
  minDist: number;
  epochs: number;
  /** Wall-clock seconds of the whole map. */
  seconds: number;
  /** CPU seconds (user + system) of the whole map, from process.cpuUsage(). */
  cpuSeconds: number;
  /** Of which: the exact neighbour search (wall clock). */
  neighbourSeconds: number;
  /** Of which: the layout epochs. */
  layoutSeconds: number;
  /** Slices the generator yielded (each one a chance for the worker to answer or cancel). */
  slices: number;
  /** The longest single slice, in seconds: how long the worker can go without answering. */
  longestSliceSeconds: number;
}

/**
 * Vectors that look like a ReLU layer's activations of images from a few classes: `clusters`
 * non-negative centres, each vector a centre plus noise, clipped at 0.
 */
export function clusteredVectors(n: number, d: number, clusters: number, seed: number): Float32Array {
  const rng = new Prng(seed);
  const centres = new Float32Array(clusters * d);
  for (let i = 0; i < centres.length; i++) centres[i] = rng.next() < 0.5 ? 0 : rng.next() * 2;
  const out = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    const c = r % clusters;
    for (let j = 0; j < d; j++) out[r * d + j] = Math.max(0, centres[c * d + j]! + (rng.next() - 0.5) * 0.8);
  }
  return out;
}

export function runUmapBench(n = 2_000, d = 64, clusters = 10): UmapBenchResult {
  const vectors = clusteredVectors(n, d, clusters, 17);
  const steps = umapSteps(vectors, n, d, { seed: 1 });
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let neighboursEnd = 0, slices = 0, longest = 0, last = t0;
  for (;;) {
    const r = steps.next();
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (r.done) break;
    slices++;
    if (!neighboursEnd && r.value.phase !== 'UMAP neighbours') neighboursEnd = now;
  }
  const used = process.cpuUsage(cpu);
  const seconds = (last - t0) / 1000, cpuSeconds = (used.user + used.system) / 1e6;
  const neighbourSeconds = (neighboursEnd - t0) / 1000;
  const result: UmapBenchResult = {
    vectors: n, dims: d, clusters, nNeighbors: ATLAS_UMAP.nNeighbors, minDist: ATLAS_UMAP.minDist, epochs: UMAP_EPOCHS,
    seconds, cpuSeconds, neighbourSeconds, layoutSeconds: seconds - neighbourSeconds, slices, longestSliceSeconds: longest / 1000,
  };
  console.log(`UMAP of ${n.toLocaleString('en-US')} vectors: ${cpuSeconds.toFixed(2)} CPU-s, ${seconds.toFixed(2)} s wall (${d}-dimensional, ${clusters} clusters; neighbours ${neighbourSeconds.toFixed(2)} s, layout ${result.layoutSeconds.toFixed(2)} s in ${slices} slices, longest slice ${(longest / 1000).toFixed(3)} s; ${ATLAS_UMAP.nNeighbors} neighbours, min_dist ${ATLAS_UMAP.minDist}, cosine, ${UMAP_EPOCHS} epochs)`);
  return result;
}
