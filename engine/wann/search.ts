import { Prng } from '../prng';
import { WannData } from './data';
import { WannEvaluator } from './evaluate';
import { CompiledGenome, WannGenome, compileGenome, firstHiddenId, minimalGenome, nodeCount, outputsFor } from './genome';
import { DEFAULT_MUTATION_RATES, MutationRates, mutate } from './mutate';
import { rankOrder } from './rank';

/** The shared weight values every network is evaluated at (the paper's series, §3). */
export const SHARED_WEIGHTS: readonly number[] = [-2, -1, -0.5, 0.5, 1, 2];

/** How the search runs; every field has a default. */
export interface WannSearchOptions {
  /** Generations to run (default 64). */
  generations?: number;
  /** Networks per generation (default 64). */
  population?: number;
  /** Seed of the search's only random stream (default 1). */
  seed?: number;
  /** Shared weights each network is evaluated at (default SHARED_WEIGHTS). */
  weights?: readonly number[];
  /** Chance that each (input, output) pair is connected in a first-generation network (default min(0.5, 24 / pairs)). */
  initialConnectionRate?: number;
  /** Networks drawn per tournament; the best-ranked wins (default 4). */
  tournamentSize?: number;
  /** Share of the best-ranked networks copied unchanged into the next generation (default 0.2). */
  eliteFraction?: number;
  /** Share of the worst-ranked networks that may not be parents (default 0.2). */
  cullFraction?: number;
  /** How often ranking uses (mean, connections) rather than (mean, best): the paper's 80% (default 0.8). */
  simplicityShare?: number;
  mutationRates?: MutationRates;
}

/** A network and how it did at each shared weight. */
export interface WannCandidate {
  readonly genome: WannGenome;
  readonly compiled: CompiledGenome;
  /** Accuracy at each shared weight, in the order of the search's weights. */
  readonly accuracies: readonly number[];
  /** Mean accuracy over the shared weights: the paper's main objective. */
  readonly mean: number;
  /** Best accuracy at any one shared weight. */
  readonly best: number;
  readonly connections: number;
}

/** One generation's numbers, yielded as soon as it has been evaluated. */
export interface WannGenerationStats {
  /** 1 for the first generation. */
  generation: number;
  /** Population average of each network's mean accuracy over the shared weights. */
  meanPerformance: number;
  /** The best mean accuracy in the population. */
  bestMeanPerformance: number;
  /** The best accuracy of any network at any single shared weight. */
  bestPerformance: number;
  /** Population average number of connections. */
  meanConnections: number;
  /** The best network found so far (best mean, then best single, then fewest connections). */
  champion: WannCandidate;
  /** Whether this generation found a new champion. */
  championImproved: boolean;
  /** Network evaluations so far (each at every shared weight). */
  evaluations: number;
  elapsedSeconds: number;
}

/** What the search ends with. */
export interface WannSearchResult {
  champion: WannCandidate;
  generations: number;
  evaluations: number;
}

/** Default rate for the sparse first generation: about 24 connections per network, at most half of the pairs. */
function defaultConnectionRate(inputs: number, outputs: number): number {
  return Math.min(0.5, 24 / ((inputs + 1) * outputs));
}

/** Whether `a` is a better champion than `b`: higher mean, then higher best, then fewer connections. */
function betterChampion(a: WannCandidate, b: WannCandidate): boolean {
  if (a.mean !== b.mean) return a.mean > b.mean;
  if (a.best !== b.best) return a.best > b.best;
  return a.connections < b.connections;
}

/**
 * `order` with every network that scores exactly like a better-ranked one (same accuracy at
 * every weight, same size) moved to the end. Without speciation a plateau (e.g. three XOR
 * quadrants right) fills the elite with copies; demoting them keeps the population varied
 * (our addition to the paper's search: it halved the failed XOR runs in our measurements).
 */
function withoutRepeats(population: readonly WannCandidate[], order: readonly number[]): number[] {
  const seen = new Set<string>();
  const first: number[] = [], repeats: number[] = [];
  for (const i of order) {
    const c = population[i]!;
    const key = `${c.accuracies.join(',')}|${c.connections}`;
    (seen.has(key) ? repeats : first).push(i);
    seen.add(key);
  }
  return [...first, ...repeats];
}

/** Evaluates `genome` at every shared weight. */
export function scoreGenome(evaluator: WannEvaluator, genome: WannGenome, weights: readonly number[]): WannCandidate {
  const compiled = compileGenome(genome);
  return candidateOf(genome, evaluator.sweep(compiled, weights), compiled);
}

/** A candidate from its genome and its accuracy at each shared weight. */
export function candidateOf(genome: WannGenome, accuracies: readonly number[], compiled = compileGenome(genome)): WannCandidate {
  const mean = accuracies.reduce((s, a) => s + a, 0) / accuracies.length;
  return { genome, compiled, accuracies, mean, best: accuracies.reduce((m, a) => Math.max(m, a), -Infinity), connections: genome.connections.length };
}

/** What the search core yields: networks to evaluate (answered through `next`), or a finished generation. */
export type WannSearchStep =
  | { readonly kind: 'evaluate'; readonly genomes: readonly WannGenome[] }
  | { readonly kind: 'generation'; readonly stats: WannGenerationStats };

/** Each genome's accuracy at every shared weight, in the order asked. */
export type WannAccuracies = readonly (readonly number[])[];

/**
 * The weight-agnostic search of Gaier & Ha (2019): a population of minimal networks grows by
 * mutation; each network is scored at every shared weight and ranked by Pareto fronts over
 * (mean accuracy, fewest connections) or, a fifth of the time, (mean accuracy, best accuracy);
 * elites survive and tournaments pick the parents (networks scoring exactly like a better one
 * rank last).
 *
 * This core does not evaluate: each generation it yields all its new networks at once
 * ({kind: 'evaluate'}) and the driver answers `next(accuracies)` — in-process (`wannSearch`)
 * or over a pool of worker threads (engine/node/wann-pool.ts). Mutation draws from the one
 * random stream before any answer is used, so one seed gives one champion, bit for bit,
 * whoever evaluates and with however many workers.
 */
export function* wannSearchCore(features: number, classes: number, options: WannSearchOptions = {}): Generator<WannSearchStep, WannSearchResult, WannAccuracies | undefined> {
  const generations = options.generations ?? 64;
  const size = Math.max(2, options.population ?? 64);
  const rng = new Prng(options.seed ?? 1);
  const outputs = outputsFor(classes);
  const rate = options.initialConnectionRate ?? defaultConnectionRate(features, outputs);
  const tournament = Math.max(1, options.tournamentSize ?? 4);
  const elites = Math.min(size - 1, Math.round(size * (options.eliteFraction ?? 0.2)));
  const parents = Math.max(1, size - Math.round(size * (options.cullFraction ?? 0.2)));
  const simplicityShare = options.simplicityShare ?? 0.8;
  const rates = options.mutationRates ?? DEFAULT_MUTATION_RATES;
  const started = performance.now();
  /** Asks the driver to evaluate `genomes`; checks the answer's shape. */
  function* evaluate(genomes: WannGenome[]): Generator<WannSearchStep, WannCandidate[], WannAccuracies | undefined> {
    const answer = yield { kind: 'evaluate', genomes };
    if (!answer || answer.length !== genomes.length) throw new Error(`the WANN search asked for ${genomes.length} evaluations and got ${answer?.length ?? 'none'}`);
    return genomes.map((g, i) => candidateOf(g, answer[i]!));
  }

  const first: WannGenome[] = [];
  for (let i = 0; i < size; i++) first.push(minimalGenome(features, outputs, rate, () => rng.next()));
  let population = yield* evaluate(first);
  let evaluations = size;
  let champion: WannCandidate | undefined;
  let generation = 0;
  for (; generation < generations; ) {
    generation++;
    let improved = false;
    for (const c of population) {
      if (!champion || betterChampion(c, champion)) { champion = c; improved = true; }
    }
    yield {
      kind: 'generation',
      stats: {
        generation,
        meanPerformance: population.reduce((s, c) => s + c.mean, 0) / size,
        bestMeanPerformance: population.reduce((m, c) => Math.max(m, c.mean), -Infinity),
        bestPerformance: population.reduce((m, c) => Math.max(m, c.best), -Infinity),
        meanConnections: population.reduce((s, c) => s + c.connections, 0) / size,
        champion: champion!,
        championImproved: improved,
        evaluations,
        elapsedSeconds: (performance.now() - started) / 1000,
      },
    };
    if (generation === generations) break;
    // The paper alternates the second objective: mostly simplicity, sometimes peak performance.
    const bySimplicity = rng.next() < simplicityShare;
    const order = withoutRepeats(population, rankOrder(population.map((c) => [c.mean, bySimplicity ? -c.connections : c.best])));
    const next = order.slice(0, elites).map((i) => population[i]!);
    const children: WannGenome[] = [];
    while (next.length + children.length < size) {
      let pick = rng.int(parents);
      for (let t = 1; t < tournament; t++) pick = Math.min(pick, rng.int(parents));
      children.push(mutate(population[order[pick]!]!.genome, rng, rates));
    }
    const scored = yield* evaluate(children);
    evaluations += children.length;
    population = next.concat(scored);
  }
  return { champion: champion!, generations: generation, evaluations };
}

/**
 * The search on `data`, evaluated in this thread: one generation per `next()`, so a driver may
 * stop between any two. Same champion as any other driver of wannSearchCore for the same seed.
 */
export function* wannSearch(data: WannData, options: WannSearchOptions = {}): Generator<WannGenerationStats, WannSearchResult, void> {
  const weights = options.weights ?? SHARED_WEIGHTS;
  const evaluator = new WannEvaluator(data);
  const core = wannSearchCore(data.features, data.classes, options);
  let answer: WannAccuracies | undefined;
  for (;;) {
    const r = core.next(answer);
    answer = undefined;
    if (r.done) return r.value;
    if (r.value.kind === 'evaluate') answer = r.value.genomes.map((g) => evaluator.sweep(compileGenome(g), weights));
    else yield r.value.stats;
  }
}

/** Number of hidden nodes of `g`. */
export function hiddenCount(g: WannGenome): number {
  return nodeCount(g) - firstHiddenId(g);
}
