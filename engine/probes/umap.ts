/**
 * A 2-D map of activation vectors with UMAP (McInnes, Healy & Melville, 2018), written for
 * this engine: nearby points are images the layer represents alike. Cosine distance, as the
 * Activation Atlas uses, since a direction in activation space matters more than its length.
 *
 * The steps, as in the paper: (1) the exact k nearest neighbours of every vector, by brute
 * force on unit vectors (for 2,000 × 64 that is ~130 M multiply-adds, a fraction of a second,
 * faster here than approximate search at this size); (2) the fuzzy simplicial set: each point's
 * neighbour distances become memberships exp(−(d − ρ)/σ) with ρ the nearest distance and σ
 * found by bisection so they sum to log2(k), and the directed graph is symmetrized by the
 * fuzzy union a + b − ab; (3) a layout that starts from the PCA map (so the map the user sees
 * first is where UMAP starts) and is refined by SGD on the fuzzy cross-entropy: each edge pulls
 * its ends together as often as its weight says, and each pull comes with a few random points
 * pushed away (negative sampling). A fixed number of epochs (UMAP_EPOCHS), a learning rate
 * falling linearly to 0, one seeded random stream: same input and seed, same map.
 */
import { Prng } from '../prng';
import { pca } from './pca';
import { ProbeProgress, ProbeSteps, runProbe } from './progress';
import type { UmapOptions } from '../protocol/layer-features';
export type { UmapOptions } from '../protocol/layer-features';

/** The Activation Atlas's UMAP settings. */
export const ATLAS_UMAP = { nNeighbors: 20, minDist: 0.01 } as const;

/**
 * Layout epochs: 200, umap-learn's choice for large sets (it uses 500 below 10,000 points).
 * On 2,000 clustered vectors the map's neighbour preservation no longer changes after ~150.
 */
export const UMAP_EPOCHS = 200;

/** Random points pushed away per pull (umap-learn's negative_sample_rate). */
const NEGATIVE_RATE = 5;
/** Largest move of one coordinate in one update (umap-learn clips at 4 too). */
const CLIP = 4;
/** Half-width of the box the PCA start is scaled into (umap-learn's spectral start spans ±10). */
const INIT_SPAN = 10;
/** Rows of distances computed per slice of the neighbour search. */
const NEIGHBOUR_ROWS_PER_SLICE = 25;
/** Edge updates per slice of the layout: a few milliseconds. */
const UPDATES_PER_SLICE = 40_000;

/** 1 − cosine similarity; two zero vectors are at distance 0, a zero vector and another at 1. */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  if (na === 0 || nb === 0) return na === nb ? 0 : 1;
  return 1 - dot / Math.sqrt(na * nb);
}

/** A progress report of UMAP; layout phases carry the n×2 layout every `snapshotEvery` epochs. */
export interface UmapProgress extends ProbeProgress {
  /** A copy of the layout after `epoch` epochs (absent on most yields). */
  layout?: Float32Array;
  epoch?: number;
}

/** The k nearest neighbours (by cosine distance) of each of n vectors: indices and distances, k per row, nearest first. */
export interface Neighbours {
  k: number;
  indices: Int32Array;
  distances: Float32Array;
}

/** Exact k nearest neighbours by cosine distance, a slice of rows per yield. */
export function* nearestNeighbours(vectors: Float32Array, n: number, d: number, k: number): Generator<UmapProgress, Neighbours, void> {
  // Unit vectors make cosine distance 1 − dot; a zero vector is at distance 1 from every other (and 0 from another zero).
  const unit = new Float32Array(n * d);
  const zero = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += vectors[i * d + j]! * vectors[i * d + j]!;
    if (s === 0) zero[i] = 1;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < d; j++) unit[i * d + j] = vectors[i * d + j]! * inv;
  }
  const indices = new Int32Array(n * k), distances = new Float32Array(n * k).fill(Infinity);
  for (let i0 = 0; i0 < n; i0 += NEIGHBOUR_ROWS_PER_SLICE) {
    const i1 = Math.min(n, i0 + NEIGHBOUR_ROWS_PER_SLICE);
    for (let i = i0; i < i1; i++) {
      const base = i * k, oi = i * d;
      let worst = Infinity;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        let dist: number;
        if (zero[i] || zero[j]) dist = zero[i] && zero[j] ? 0 : 1;
        else {
          let dot = 0;
          const oj = j * d;
          for (let t = 0; t < d; t++) dot += unit[oi + t]! * unit[oj + t]!;
          dist = Math.max(0, 1 - dot);
        }
        if (dist >= worst) continue;
        // Insert into the sorted list (ties keep the lower index first: deterministic).
        let p = k - 1;
        while (p > 0 && distances[base + p - 1]! > dist) {
          distances[base + p] = distances[base + p - 1]!;
          indices[base + p] = indices[base + p - 1]!;
          p--;
        }
        distances[base + p] = dist;
        indices[base + p] = j;
        worst = distances[base + k - 1]!;
      }
    }
    yield { phase: 'UMAP neighbours', fraction: i1 / n };
  }
  return { k, indices, distances };
}

/** The symmetric fuzzy graph as an edge list (i < j), each edge with its membership weight in (0, 1]. */
export interface FuzzyGraph {
  heads: Int32Array;
  tails: Int32Array;
  weights: Float32Array;
}

/**
 * The fuzzy simplicial set of the neighbour graph: memberships exp(−(d − ρᵢ)/σᵢ), with ρᵢ the
 * distance to the nearest neighbour and σᵢ such that the k memberships sum to log2(k), then the
 * fuzzy union w = a + b − ab of the two directions.
 */
export function fuzzyGraph(nb: Neighbours, n: number): FuzzyGraph {
  const { k, indices, distances } = nb;
  const target = Math.log2(k);
  const directed = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let rho = 0;
    for (let t = 0; t < k; t++) if (distances[base + t]! > 0) { rho = distances[base + t]!; break; }
    let lo = 0, hi = Infinity, sigma = 1;
    for (let iter = 0; iter < 64; iter++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += Math.exp(-Math.max(0, distances[base + t]! - rho) / sigma);
      if (Math.abs(s - target) < 1e-5) break;
      if (s > target) { hi = sigma; sigma = (lo + hi) / 2; } else { lo = sigma; sigma = hi === Infinity ? sigma * 2 : (lo + hi) / 2; }
    }
    // umap-learn's floor keeps a point whose neighbours are all at one distance from a σ of 0.
    let mean = 0;
    for (let t = 0; t < k; t++) mean += distances[base + t]!;
    sigma = Math.max(sigma, 1e-3 * (mean / k));
    for (let t = 0; t < k; t++) directed[base + t] = sigma > 0 ? Math.exp(-Math.max(0, distances[base + t]! - rho) / sigma) : 1;
  }
  // Symmetrize: each unordered pair once, in a map keyed by i·n + j (i < j).
  const union = new Map<number, number>();
  const other = (i: number, j: number): number => {
    const base = j * k;
    for (let t = 0; t < k; t++) if (indices[base + t] === i) return directed[base + t]!;
    return 0;
  };
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t]!;
      const lo = Math.min(i, j), hi = Math.max(i, j), key = lo * n + hi;
      if (union.has(key)) continue;
      const a = directed[i * k + t]!, b = other(i, j);
      const w = a + b - a * b;
      if (w > 0) union.set(key, w);
    }
  }
  const keys = [...union.keys()].sort((a, b) => a - b);
  const heads = new Int32Array(keys.length), tails = new Int32Array(keys.length), weights = new Float32Array(keys.length);
  keys.forEach((key, e) => {
    heads[e] = Math.floor(key / n);
    tails[e] = key % n;
    weights[e] = union.get(key)!;
  });
  return { heads, tails, weights };
}

/**
 * The curve 1 / (1 + a·d^(2b)) that UMAP's low-dimensional similarity follows, fitted (least
 * squares over d in 0…3) to the target "1 up to min_dist, then exp(−(d − min_dist))" (spread 1).
 * For min_dist 0.1 this gives a ≈ 1.58, b ≈ 0.90, as umap-learn's curve fit does.
 */
export function curveParameters(minDist: number): { a: number; b: number } {
  const known = fittedCurves.get(minDist);
  if (known) return known;
  const xs = Array.from({ length: 300 }, (_, i) => (3 * (i + 1)) / 300);
  const ys = xs.map((x) => (x < minDist ? 1 : Math.exp(-(x - minDist))));
  const logs = xs.map((x) => 2 * Math.log(x));
  const error = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += (1 / (1 + a * Math.exp(b * logs[i]!)) - ys[i]!) ** 2;
    return s;
  };
  // A coarse grid, then shrinking grids around the best point: deterministic and plenty accurate.
  let best = { a: 1, b: 1, e: error(1, 1) };
  let span = { a: 4, b: 1 };
  let centre = { a: 4.05, b: 1.05 };
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i <= 20; i++) {
      for (let j = 0; j <= 20; j++) {
        const a = centre.a - span.a + (2 * span.a * i) / 20, b = centre.b - span.b + (2 * span.b * j) / 20;
        if (a <= 0 || b <= 0) continue;
        const e = error(a, b);
        if (e < best.e) best = { a, b, e };
      }
    }
    centre = { a: best.a, b: best.b };
    span = { a: span.a / 4, b: span.b / 4 };
  }
  const fitted = { a: best.a, b: best.b };
  fittedCurves.set(minDist, fitted);
  return fitted;
}

/** Curves fitted so far, by min_dist (the fit takes ~30 ms; the same few values recur). */
const fittedCurves = new Map<number, { a: number; b: number }>();

/** The PCA map (or `projection`, the PCA map already made) scaled into ±INIT_SPAN: where the layout starts. */
export function pcaStart(vectors: Float32Array, n: number, d: number, projection?: Float32Array): Float32Array {
  const p = projection ?? pca(vectors, n, d, 2).projection;
  const out = new Float32Array(n * 2);
  if (p.length < n * 2) return out;
  let max = 0;
  for (let i = 0; i < n * 2; i++) max = Math.max(max, Math.abs(p[i]!));
  const s = max > 0 ? INIT_SPAN / max : 1;
  for (let i = 0; i < n * 2; i++) out[i] = p[i]! * s;
  return out;
}

const clip = (v: number): number => (v > CLIP ? CLIP : v < -CLIP ? -CLIP : v);

/**
 * UMAP of n vectors of d values to n×2 coordinates, as probe slices: the neighbour search, then
 * the layout epochs; every `snapshotEvery` epochs a yield carries a copy of the layout so far
 * (starting with the PCA start at epoch 0). `pcaProjection`: the vectors' PCA map when the
 * caller has it already (the worker shows it first), so it is not computed twice.
 */
export function* umapSteps(vectors: Float32Array, n: number, d: number, options: UmapOptions = {}, pcaProjection?: Float32Array): ProbeSteps<Float32Array> & Generator<UmapProgress, Float32Array, void> {
  if (n < 3) return new Float32Array(n * 2);
  const k = Math.max(2, Math.min(options.nNeighbors ?? ATLAS_UMAP.nNeighbors, n - 1));
  const epochs = Math.max(1, Math.round(options.nEpochs ?? UMAP_EPOCHS));
  const every = Math.max(1, Math.round(options.snapshotEvery ?? 25));
  const rng = new Prng(options.seed ?? 1);
  const nb = yield* nearestNeighbours(vectors, n, d, k);
  const graph = fuzzyGraph(nb, n);
  yield { phase: 'UMAP graph', fraction: 1 };
  const { a, b } = curveParameters(options.minDist ?? ATLAS_UMAP.minDist);
  const y = pcaStart(vectors, n, d, pcaProjection);
  yield { phase: 'UMAP layout', fraction: 0, epoch: 0, layout: y.slice() };

  // An edge of weight w is pulled every max(w)/w epochs; edges too weak to be pulled once are left out.
  const m = graph.weights.length;
  let wMax = 0;
  for (let e = 0; e < m; e++) wMax = Math.max(wMax, graph.weights[e]!);
  const perSample = new Float64Array(m), nextSample = new Float64Array(m), perNegative = new Float64Array(m), nextNegative = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const w = graph.weights[e]!;
    perSample[e] = w * epochs >= wMax ? wMax / w : -1;
    nextSample[e] = perSample[e]!;
    perNegative[e] = perSample[e]! / NEGATIVE_RATE;
    nextNegative[e] = perNegative[e]!;
  }
  const { heads, tails } = graph;
  let updates = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const alpha = 1 - (epoch - 1) / epochs;
    for (let e = 0; e < m; e++) {
      if (perSample[e]! < 0 || nextSample[e]! > epoch) continue;
      const i = heads[e]!, j = tails[e]!;
      // Attraction along the edge: d/dy of the log-membership, moving both ends.
      let dx = y[2 * i]! - y[2 * j]!, dy = y[2 * i + 1]! - y[2 * j + 1]!;
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const pw = Math.pow(d2, b);
        const g = (-2 * a * b * pw / d2) / (a * pw + 1);
        const gx = clip(g * dx) * alpha, gy = clip(g * dy) * alpha;
        y[2 * i]! += gx; y[2 * i + 1]! += gy;
        y[2 * j]! -= gx; y[2 * j + 1]! -= gy;
      }
      nextSample[e]! += perSample[e]!;
      // Repulsion from random points, as many as the edge's negative-sample schedule owes.
      const negatives = Math.floor((epoch - nextNegative[e]!) / perNegative[e]!);
      for (let s = 0; s < negatives; s++) {
        const q = rng.int(n);
        if (q === i) continue;
        dx = y[2 * i]! - y[2 * q]!; dy = y[2 * i + 1]! - y[2 * q + 1]!;
        d2 = dx * dx + dy * dy;
        let gx: number, gy: number;
        if (d2 > 0) {
          const g = (2 * b) / ((0.001 + d2) * (a * Math.pow(d2, b) + 1));
          gx = clip(g * dx); gy = clip(g * dy);
        } else gx = gy = CLIP;
        y[2 * i]! += gx * alpha; y[2 * i + 1]! += gy * alpha;
      }
      nextNegative[e]! += negatives * perNegative[e]!;
      updates += 1 + negatives;
      if (updates >= UPDATES_PER_SLICE) {
        updates = 0;
        yield { phase: 'UMAP layout', fraction: (epoch - 1 + e / m) / epochs };
      }
    }
    const progress: UmapProgress = { phase: 'UMAP layout', fraction: epoch / epochs, epoch };
    if (epoch % every === 0 && epoch < epochs) progress.layout = y.slice();
    yield progress;
  }
  return y;
}

/** UMAP of n vectors of d values to n×2 coordinates, computed at once. */
export function umap(vectors: Float32Array, n: number, d: number, options: UmapOptions = {}): Float32Array {
  return runProbe(umapSteps(vectors, n, d, options));
}
