/**
 * The weight-agnostic search inside a worker: a ProbeHandler for `wann-start`, `wann-pause`,
 * `wann-resume`, `wann-stop` and `wann-evaluate`. The search's generations run as a job of the
 * worker's driver (engine/job-driver.ts), so pause, stop and the weight slider's requests are
 * read between slices.
 * Events are the CLI's (`gradient-lab wann --json`), posted as probe events.
 */
import { Dataset } from '../data/dataset';
import { isSyntheticName, syntheticDataset } from '../data/synthetic';
import { UserError, isUserError } from '../errors';
import { ProbeContext, ProbeHandler } from '../probe-handler';
import { wholeOr } from '../../shared/validate';
import { JobDriver, JobSteps } from '../job-driver';
import type { FileLoader } from '../session';
import { WannData } from './data';
import { WannEvaluator } from './evaluate';
import { championEvent, generationEvent, sweepEvent, tableEvent } from './events';
import { prepareWannData } from './prepare';
import { WannEvaluateRequest, WannStartRequest, WannStateEvent } from '../protocol/wann';
import { wannResults } from './results';
import { SHARED_WEIGHTS, WannGenerationStats, WannSearchResult, wannSearch } from './search';

export interface WannHandlerOptions {
  /** Reads a dataset file by path (Node); without it only built-in sets and bytes can be searched. */
  loadFile?: FileLoader;
  /** The worker's job driver, whose budget the search shares (default: one of its own). */
  driver?: JobDriver;
}

/** Defaults of a start request: the README's budget for the 2-D sets. */
export const WANN_DEFAULTS = { generations: 150, population: 256, seed: 1, imageSize: 8, samples: 300 } as const;

/** A whole number in [min, max] or the default; anything else is the caller's error. */
function whole(value: unknown, name: string, fallback: number, min: number, max: number): number {
  return wholeOr(value, `weight-agnostic search: ${name}`, [min, max], fallback, (m) => new UserError(m));
}

/** One search and what it needs between slices. */
interface Search {
  readonly id: number;
  readonly ctx: ProbeContext;
  readonly train: WannData;
  readonly test: WannData;
  readonly seed: number;
  readonly generations: number;
  /** Whether a job of the driver is running its generations. */
  driving: boolean;
  readonly steps: Generator<WannGenerationStats, WannSearchResult, void>;
  readonly startedAt: number;
  state: WannStateEvent['state'];
  last: WannGenerationStats | undefined;
  /** The generation that found the current champion. */
  championGeneration: number;
  /** Evaluators for the weight slider, made on its first use (the search's own are private to it). */
  slider: { onTrain: WannEvaluator; onTest: WannEvaluator } | undefined;
}

export class WannWorkerHandler implements ProbeHandler {
  readonly types = ['wann-start', 'wann-pause', 'wann-resume', 'wann-stop', 'wann-evaluate'] as const;
  private search: Search | undefined;
  /** Bumped by every start, so slices of an abandoned search never continue. */
  private ids = 0;
  /** The id of a start whose data is still being read. */
  private loading: number | undefined;
  private readonly driver: JobDriver;

  constructor(private readonly options: WannHandlerOptions = {}) {
    this.driver = options.driver ?? new JobDriver();
  }

  /** The current search's state, or 'idle' (for tests and drivers). */
  get state(): WannStateEvent['state'] | 'idle' {
    return this.search?.state ?? (this.loading !== undefined ? 'loading' : 'idle');
  }

  /** Errors go back as probe events, like the search's other news, so whoever drives the search hears of them. */
  async handle(request: { type: string }, ctx: ProbeContext): Promise<void> {
    try {
      await this.dispatch(request, ctx);
    } catch (e) {
      ctx.post({ type: 'error', message: e instanceof Error ? e.message : String(e), userError: isUserError(e) });
      if (request.type === 'wann-start' && !this.search) ctx.post({ type: 'wann-state', state: 'done' });
    }
  }

  private async dispatch(request: { type: string }, ctx: ProbeContext): Promise<void> {
    const s = this.search;
    switch (request.type) {
      case 'wann-start': return this.start(request as WannStartRequest, ctx);
      case 'wann-pause':
        if (s?.state === 'running') this.setState(s, 'paused');
        return;
      case 'wann-resume':
        if (s?.state === 'paused') {
          this.setState(s, 'running');
          this.schedule(s);
        }
        return;
      case 'wann-stop':
        // A running search stops at its next slice; a paused one has no slice coming, so it ends here.
        if (s && (s.state === 'running' || s.state === 'paused')) this.finish(s, 'stopped');
        else if (this.loading !== undefined) {
          // Still reading the data: abandon the start.
          this.ids++;
          this.loading = undefined;
          ctx.post({ type: 'wann-state', state: 'done' });
        }
        return;
      case 'wann-evaluate': return this.evaluate((request as WannEvaluateRequest).weight, ctx);
      default: throw new Error(`the weight-agnostic search does not handle ${JSON.stringify(request.type)}`);
    }
  }

  private async start(req: WannStartRequest, ctx: ProbeContext): Promise<void> {
    const id = ++this.ids;
    this.search = undefined;
    const generations = whole(req.generations, 'generations', WANN_DEFAULTS.generations, 1, 1_000_000);
    const population = whole(req.population, 'population', WANN_DEFAULTS.population, 2, 100_000);
    const seed = whole(req.seed, 'seed', WANN_DEFAULTS.seed, 0, 2 ** 32 - 1);
    const imageSize = whole(req.imageSize, 'imageSize', WANN_DEFAULTS.imageSize, 1, 4096);
    ctx.post({ type: 'wann-state', state: 'loading' });
    this.loading = id;
    let ds: Dataset;
    try {
      ds = await this.load(req.dataset, seed);
    } finally {
      if (this.loading === id) this.loading = undefined;
    }
    if (id !== this.ids) return; // stopped, or another start came, while the file was read
    const { train, test, notes } = prepareWannData(ds, { seed, imageSize });
    const s: Search = {
      id, ctx, train, test, seed, generations, driving: false, state: 'running', last: undefined, championGeneration: 0, slider: undefined,
      steps: wannSearch(train, { generations, population, seed }), startedAt: performance.now(),
    };
    this.search = s;
    ctx.post({
      type: 'wann-started', generations, population, seed, weights: [...SHARED_WEIGHTS], notes,
      dataset: { source: ds.source, features: train.features, classes: train.classes, classNames: train.classNames, searchRows: train.rows, heldOutRows: test.rows },
    });
    ctx.post({ type: 'wann-state', state: 'running' });
    this.schedule(s);
  }

  private async load(d: WannStartRequest['dataset'], seed: number): Promise<Dataset> {
    if (!d || typeof d !== 'object') throw new UserError('weight-agnostic search: no dataset given');
    if ('synthetic' in d) {
      if (!isSyntheticName(d.synthetic)) throw new UserError(`weight-agnostic search: there is no built-in set "${String(d.synthetic)}"`);
      const samples = whole(d.samples, 'samples', WANN_DEFAULTS.samples, 4, 10_000_000);
      const noise = d.noise ?? 0;
      if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0) throw new UserError(`weight-agnostic search: noise must be a number ≥ 0; got ${JSON.stringify(noise)}`);
      // The CLI's convention: one seed for the search, the split and the set's points.
      return syntheticDataset(d.synthetic, { samples, noise, seed });
    }
    if (!this.options.loadFile) throw new Error('this worker cannot read files');
    return this.options.loadFile(d.name, { task: 'classification' }, () => undefined);
  }

  /** Runs the search's generations on the worker's driver until it ends, pauses or stops (a resume schedules it again). */
  private schedule(s: Search): void {
    // A resume while the last job has not yet seen the pause finds it still driving: it just goes on.
    if (s.driving) return;
    s.driving = true;
    this.driver.run(this.generations(s)).then(
      (result) => result && this.finish(s, 'finished', result),
      (e) => this.fail(s, e),
    ).finally(() => (s.driving = false));
  }

  /** One generation per step, its events posted as it goes; returns the result if the search ran to its end. */
  private *generations(s: Search): JobSteps<WannSearchResult | undefined> {
    while (this.search === s && s.state === 'running') {
      const step = s.steps.next();
      if (step.done) return step.value;
      const stats = (s.last = step.value);
      s.ctx.post(generationEvent(stats));
      if (stats.championImproved) s.championGeneration = stats.generation;
      if (stats.championImproved) s.ctx.post(championEvent(stats.champion, stats.generation, SHARED_WEIGHTS, s.train));
      yield { phase: 'generation', fraction: stats.generation / s.generations };
    }
    return undefined;
  }

  /** Ends the search: the sweep and the paper's table of its champion, on the held-out rows. */
  private finish(s: Search, status: 'finished' | 'stopped', result?: WannSearchResult): void {
    if (!s.last) {
      // Stopped before the first generation: there is no champion to report.
      this.setState(s, 'done');
      return;
    }
    this.setState(s, 'finishing');
    try {
      const r = result ?? { champion: s.last.champion, generations: s.last.generation, evaluations: s.last.evaluations };
      const results = wannResults(r.champion.genome, s.train, s.test, { seed: s.seed });
      s.ctx.post(sweepEvent(results));
      s.ctx.post(tableEvent(results, r, status, (performance.now() - s.startedAt) / 1000));
      this.setState(s, 'done');
    } catch (e) {
      this.fail(s, e);
    }
  }

  /** The champion's accuracy at `weight`, on the search rows and the held-out rows. */
  private evaluate(weight: unknown, ctx: ProbeContext): void {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || Math.abs(weight) > 100) {
      throw new UserError(`weight-agnostic search: the shared weight must be a number from −100 to 100; got ${JSON.stringify(weight)}`);
    }
    const s = this.search;
    if (!s?.last) throw new UserError('weight-agnostic search: there is no champion yet to evaluate');
    const c = s.last.champion.compiled;
    s.slider ??= { onTrain: new WannEvaluator(s.train), onTest: new WannEvaluator(s.test) };
    ctx.post({
      type: 'wann-evaluation', weight, generation: s.championGeneration,
      searchAccuracy: s.slider.onTrain.accuracy(c, weight), heldOutAccuracy: s.slider.onTest.accuracy(c, weight),
    });
  }

  private setState(s: Search, state: WannStateEvent['state']): void {
    if (s.state === state) return;
    s.state = state;
    s.ctx.post({ type: 'wann-state', state });
  }

  private fail(s: Search, e: unknown): void {
    s.ctx.post({ type: 'error', message: e instanceof Error ? e.message : String(e), userError: isUserError(e) });
    this.setState(s, 'done');
  }
}
