/**
 * A 2-D map of activation vectors with UMAP (McInnes et al., 2018) via `umap-js`: nearby
 * points are images the layer represents alike. Cosine distance, as the Activation Atlas
 * uses, since a direction in activation space matters more than its length.
 */
import { UMAP } from 'umap-js';
import { Prng } from '../prng';
import { ProbeSteps, runProbe } from './progress';

/**
 * UMAP settings. The Activation Atlas notebook (Carter et al., 2019) used n_neighbors = 20,
 * min_dist = 0.01, metric = cosine; those are the defaults here (umap-js's own are 15 and 0.1).
 */
export interface UmapOptions {
  /** Neighbours each point's fuzzy neighbourhood uses: larger keeps more global structure. */
  nNeighbors?: number;
  /** How tightly points may pack in 2-D: smaller gives denser, more separated clumps. */
  minDist?: number;
  /** Optimization epochs (umap-js picks 200–500 by data size when absent). */
  nEpochs?: number;
  /** Seeds the engine's Prng, which drives all of umap-js's randomness: same seed, same map. */
  seed?: number;
}

/** The Activation Atlas's UMAP settings. */
export const ATLAS_UMAP = { nNeighbors: 20, minDist: 0.01 } as const;

/** 1 − cosine similarity; two zero vectors are at distance 0, a zero vector and another at 1. */
export function cosineDistance(a: readonly number[], b: readonly number[]): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  if (na === 0 || nb === 0) return na === nb ? 0 : 1;
  return 1 - dot / Math.sqrt(na * nb);
}

/** Epochs of layout optimization per yielded slice: a few milliseconds each for 2,000 points. */
const EPOCHS_PER_SLICE = 5;

/** UMAP of n vectors of d values to n×2 coordinates, as probe slices (neighbour search first, then layout epochs). */
export function* umapSteps(vectors: Float32Array, n: number, d: number, options: UmapOptions = {}): ProbeSteps<Float32Array> {
  if (n < 3) return new Float32Array(n * 2);
  const prng = new Prng(options.seed ?? 1);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.nNeighbors ?? ATLAS_UMAP.nNeighbors, n - 1),
    minDist: options.minDist ?? ATLAS_UMAP.minDist,
    ...(options.nEpochs !== undefined ? { nEpochs: options.nEpochs } : {}),
    distanceFn: cosineDistance,
    random: () => prng.next(),
  });
  const rows = Array.from({ length: n }, (_, i) => Array.from(vectors.subarray(i * d, (i + 1) * d)));
  yield { phase: 'UMAP neighbours', fraction: 0 };
  const epochs = umap.initializeFit(rows);
  yield { phase: 'UMAP layout', fraction: 0 };
  for (let e = 0; e < epochs;) {
    for (let s = 0; s < EPOCHS_PER_SLICE && e < epochs; s++) e = umap.step();
    yield { phase: 'UMAP layout', fraction: e / epochs };
  }
  const out = new Float32Array(n * 2);
  umap.getEmbedding().forEach((p, i) => {
    out[2 * i] = p[0]!;
    out[2 * i + 1] = p[1]!;
  });
  return out;
}

/** UMAP of n vectors of d values to n×2 coordinates, computed at once. */
export function umap(vectors: Float32Array, n: number, d: number, options: UmapOptions = {}): Float32Array {
  return runProbe(umapSteps(vectors, n, d, options));
}
