/**
 * One training worker's state machine, independent of how messages travel: the Node worker
 * (engine/node/worker.ts) and a web Worker both wrap it. It drives `Trainer.run()` in short
 * slices so requests (pause, stop, a new learning rate) are read between slices, answers every
 * request that carries an id with an `ack` once it took effect, and batches events so a fast
 * trainer does not flood the channel: of the steps, only those shared/thinning.ts keeps (and
 * the latest) are posted, and only those kept reach metrics.jsonl unless every step is asked for.
 */
import { describeModel } from './bundle/bundle';
import { ExperimentConfig, datasetReadOptions } from './config';
import { parseConfig } from './config-parse';
import { Dataset } from './data/dataset';
import { DatasetOptions, ParseProgress } from './data/options';
import { syntheticDataset } from './data/synthetic';
import { UserError, isUserError } from './errors';
import { ProbeContext, ProbeHandler } from './probe-handler';
import { EngineRequest, EpochEvent, StepEvent, TrainerEvent, WorkerRequest } from './protocol/training';
import { keepRecord } from '../shared/thinning';
import { PreparedData, ProbeOptions, Trainer, prepareData } from './trainer';
import type { SessionState, WorkerMessage } from './protocol/worker';
export type { SessionState, WeightsMessage, AckMessage, WorkerMessage } from './protocol/worker';

/** Reads a dataset file at a location (engine/data/read-dataset.ts over the worker's files). */
export type FileLoader = (path: string, options: DatasetOptions, progress: (p: ParseProgress) => void) => Promise<Dataset>;

export interface SessionOptions {
  /** Step events are held this long at most before being posted (ms). */
  batchMs?: number;
  /** Longest stretch of training between two looks at incoming requests (ms). */
  sliceMs?: number;
  loadFile?: FileLoader;
  /** Handlers for the requests that are not training control. */
  probes?: readonly ProbeHandler[];
}

/** Dataset reader options a config carries. */
function readerOptions(config: ExperimentConfig): DatasetOptions {
  return datasetReadOptions(config.dataset);
}

/**
 * An event as metrics.jsonl records it: every epoch keeps its losses and accuracies (or R²),
 * but its per-layer norms and timing only when the thinning rule keeps the epoch — the same
 * epochs a view's snapshot holds — so a 20,000-epoch run stays a few MB.
 */
export function logRecord(e: TrainerEvent): MetricsRecord {
  if (e.type !== 'epoch' || keepRecord(e.epoch)) return e;
  const { layers: _layers, samplesPerSecond: _rate, elapsedSeconds: _elapsed, ...rest } = e;
  return rest;
}

/** One line of metrics.jsonl: an event, or an epoch without the fields `logRecord` leaves out. */
export type MetricsRecord = TrainerEvent | Omit<EpochEvent, 'layers' | 'samplesPerSecond' | 'elapsedSeconds'>;

export class TrainingSession {
  state: SessionState = 'idle';
  private trainer: Trainer | undefined;
  private prepared: PreparedData | undefined;
  private probeOptions: ProbeOptions = {};
  /** Whether metrics.jsonl gets every step (the start request's `logEveryStep`). */
  private logEveryStep = false;
  /** The next run waits after its 'started' event (a paced driver sends the steps). */
  private startPaused = false;
  private events: Iterator<TrainerEvent, void> | undefined;
  private dataset: Dataset | undefined;
  private config: ExperimentConfig | undefined;
  private pending: TrainerEvent[] = [];
  private lastFlush = 0;
  private scheduled = false;
  /** Bumped by every start/reset so a slice of an abandoned run never continues. */
  private generation = 0;
  private readonly batchMs: number;
  private readonly sliceMs: number;
  /** The probe handlers that watch the run's events. */
  private readonly observers: readonly ProbeHandler[];

  constructor(
    private readonly post: (m: WorkerMessage) => void,
    private readonly options: SessionOptions = {},
  ) {
    this.batchMs = options.batchMs ?? 40;
    this.sliceMs = options.sliceMs ?? 12;
    this.observers = (options.probes ?? []).filter((h) => h.observe);
  }

  /**
   * Handles one request; errors become 'error' events, never exceptions. A request with an
   * `ack` id is answered once it took effect (a start: once its data is read and it runs).
   */
  async handle(req: EngineRequest): Promise<void> {
    const id = (req as WorkerRequest).ack;
    let refused: string | undefined;
    try {
      const handler = this.options.probes?.find((h) => h.types.includes(req.type));
      if (handler) await handler.handle(req, this.probeContext());
      else refused = (await this.dispatch(req as WorkerRequest)) ?? undefined;
    } catch (e) {
      refused = e instanceof Error ? e.message : String(e);
      this.fail(e);
    }
    if (typeof id === 'number') {
      this.post({ type: 'ack', id, request: req.type as WorkerRequest['type'], state: this.state, step: this.trainer?.step ?? 0, ...(refused ? { refused } : {}) });
    }
  }

  /** The current run as probe handlers see it; their answers travel as `probe` messages. */
  private probeContext(): ProbeContext {
    return { trainer: this.trainer, data: this.prepared, post: (event) => this.post({ type: 'probe', event }) };
  }

  /** Carries out a request; returns why it was refused, if it was. */
  private async dispatch(req: WorkerRequest): Promise<string | void> {
    switch (req.type) {
      case 'start':
        this.probeOptions = req.probes ?? {};
        this.logEveryStep = req.logEveryStep === true;
        this.startPaused = req.paused === true;
        return this.start(req.config);
      case 'pause': return this.setState(this.state === 'running' ? 'paused' : this.state);
      case 'resume':
        if (this.state === 'paused') {
          this.setState('running');
          this.schedule();
        }
        return;
      case 'step': return this.stepOnce(req.count);
      case 'stop': return this.stop();
      case 'reset': return this.restart(this.config && this.withSeed(this.config, req.redrawWeights));
      case 'setOptimizer':
        // Continues from the current weights: only the optimizer's state starts over.
      {
        const optimizer = parseConfig({ optimizer: req.optimizer }, 'the optimizer request').optimizer;
        this.trainer?.setOptimizer(optimizer);
        if (this.config) this.config = { ...this.config, optimizer };
        return;
      }
      case 'setLearningRate': {
        const lr = req.learningRate;
        if (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr)) {
          throw new UserError(`the learning rate must be a number greater than 0; got ${JSON.stringify(lr)}`);
        }
        if (this.trainer) this.trainer.optimizer.learningRate = lr;
        if (this.config) this.config = { ...this.config, optimizer: { ...this.config.optimizer, learningRate: lr } };
        return;
      }
      case 'breakSymmetry': return this.breakSymmetry(req.scale);
      case 'setInit': {
        // New initial weights mean a new run: the old trajectory says nothing about the new start.
        if (!this.config) return;
        const init = parseConfig({ init: { weights: req.weights } }, 'the initialization request').init.weights;
        return this.restart({ ...this.config, init: { ...this.config.init, weights: init } });
      }
      default:
        throw new Error(`unknown request ${JSON.stringify((req as { type?: unknown }).type)}`);
    }
  }

  /** Noise on the weights of the live run; the 'symmetry' event after it shows the neurons apart. */
  private breakSymmetry(scale: unknown): string | void {
    // Refusals go out as probe answers (and in the ack): a bad request must not end (or fail) the run itself.
    const refuse = (message: string) => {
      this.post({ type: 'probe', event: { type: 'error', message, userError: true } });
      return message;
    };
    if (typeof scale !== 'number' || !(scale > 0) || scale > 10) {
      return refuse(`the symmetry-breaking noise scale must be a number greater than 0 and at most 10; got ${JSON.stringify(scale)}`);
    }
    if (!this.trainer || !this.events) {
      return refuse('the run has ended, so noise would change nothing: restart the run and break the symmetry while it trains');
    }
    this.trainer.breakSymmetry(scale);
    if (this.trainer.model.dense.length > 1) this.queue(this.trainer.symmetryEvent());
    this.flush();
  }

  private withSeed(config: ExperimentConfig, redraw: boolean): ExperimentConfig {
    if (!redraw) return config;
    const init = (config.seeds.init * 1103515245 + 12345) >>> 0;
    return { ...config, seeds: { ...config.seeds, init } };
  }

  private async start(rawConfig: unknown): Promise<void> {
    this.generation++;
    this.trainer?.close(); // an abandoned run's training threads, if it had any
    this.trainer = undefined;
    this.events = undefined;
    // The config crossed a thread boundary: validate it like any file.
    const config = parseConfig(rawConfig, 'the run config');
    this.setState('loading');
    const gen = this.generation;
    const dataset = await this.loadData(config);
    if (gen !== this.generation) return;
    this.dataset = dataset;
    this.restart(config);
  }

  private async loadData(config: ExperimentConfig): Promise<Dataset> {
    const d = config.dataset;
    const progress = (p: ParseProgress) => this.post({ type: 'progress', progress: p });
    if (d.synthetic) {
      return syntheticDataset(d.synthetic, {
        ...(d.samples !== undefined ? { samples: d.samples } : {}),
        ...(d.noise !== undefined ? { noise: d.noise } : {}),
        seed: config.seeds.data,
      });
    }
    if (!this.options.loadFile) throw new Error('this worker cannot read files');
    return this.options.loadFile(d.file!, readerOptions(config), progress);
  }

  /** A fresh trainer on the loaded data; keeps running if it was running (or was just loaded). */
  private restart(config: ExperimentConfig | undefined): void {
    if (!config || !this.dataset) return;
    const wasPaused = this.state === 'paused' || this.startPaused;
    this.startPaused = false;
    this.generation++;
    this.config = config;
    this.flush();
    this.prepared = prepareData(config, this.dataset);
    this.trainer?.close();
    this.trainer = new Trainer(config, this.prepared, this.probeOptions);
    // One step event object, rewritten per step (no garbage per step): queue() copies the steps it keeps.
    this.events = this.trainer.run({ reuseStepEvents: true });
    this.setState(wasPaused ? 'paused' : 'running');
    // The 'started' event goes out at once so a view can draw the model before the first step.
    this.advance(() => true);
    this.flush();
    this.schedule();
  }

  /** `count` steps (1 to 1,000) of a paused run, posted together: a paced driver sends one request per tick, not one per step. */
  private stepOnce(count: unknown = 1): string | void {
    if (this.state !== 'paused') return `a step applies to a paused run; the run is ${this.state}`;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) return `the step count must be a whole number from 1 to 1000; got ${JSON.stringify(count)}`;
    for (let i = 0; i < count; i++) if (this.advance((e) => e.type === 'step')) break;
    this.flush();
  }

  private stop(): void {
    if (!this.trainer || this.state === 'done' || this.state === 'idle') return;
    if (this.state === 'running') {
      // The loop yields a 'stopped' summary after the current step.
      this.trainer.stop();
      this.advance(() => false);
    } else {
      this.queue(this.trainer.summary('stopped'));
      this.finish();
    }
    this.flush();
  }

  /** Pulls events until `until` says so or the run ends; returns whether it ended. */
  private advance(until: (e: TrainerEvent) => boolean): boolean {
    if (!this.events) return true;
    for (;;) {
      const r = this.events.next();
      if (r.done) {
        this.finish();
        return true;
      }
      this.queue(r.value);
      if (r.value.type === 'summary') {
        this.finish();
        return true;
      }
      if (until(r.value)) return false;
    }
  }

  private queue(e: TrainerEvent): void {
    // Handlers see each event as the trainer yields it, while the weights are still those it describes.
    if (this.observers.length) {
      const ctx = this.probeContext();
      for (const h of this.observers) h.observe!(e, ctx);
    }
    if (e.type === 'step') this.queueStep(e);
    else this.pending.push(e);
    // Anything but a routine step or epoch is news that should not wait for the batch timer.
    if (e.type !== 'step' && e.type !== 'epoch') this.flush();
  }

  /**
   * A step event (the trainer's one reused object): the steps that are logged or posted in their
   * own right (the thinning rule's, or all with `logEveryStep`) are copied into the batch; any
   * other is only remembered, in the session's own reused object, as the batch's latest step
   * (counters show it), with its place among the batch's events, until a later step replaces
   * it or the batch is posted. So a running session allocates per kept step, not per step.
   */
  private queueStep(e: StepEvent): void {
    if (this.logEveryStep || keepRecord(e.step)) {
      this.pending.push({ ...e });
      this.latestStepAt = -1;
      return;
    }
    this.latestStep = Object.assign(this.latestStep ?? { ...e }, e);
    this.latestStepAt = this.pending.length;
  }

  /** The batch's latest step when the batch does not keep it otherwise (see queueStep), and where it goes among the pending events; −1: none. */
  private latestStep: StepEvent | undefined;
  private latestStepAt = -1;

  private finish(): void {
    this.events = undefined;
    this.flush();
    const t = this.trainer;
    if (t) {
      this.post({
        type: 'weights',
        params: t.model.params.map((p) => ({ name: p.name, shape: p.shape, values: p.value.slice() })),
        ...(this.dataset && this.prepared ? { model: describeModel(t.config.name, t.model, this.dataset, this.prepared.features.transforms, t.head.loss) } : {}),
      });
    }
    this.setState('done');
  }

  private flush(): void {
    this.lastFlush = performance.now();
    if (!this.pending.length && this.latestStepAt < 0) return;
    const events = this.pending;
    this.pending = [];
    // The latest step, if only remembered, goes back to its place as a copy of its own.
    if (this.latestStepAt >= 0) events.splice(this.latestStepAt, 0, { ...this.latestStep! });
    this.latestStepAt = -1;
    // Steps the thinning rule leaves out are neither logged (unless asked) nor posted, except
    // the batch's latest, which counters show.
    let lastStep: TrainerEvent | undefined;
    for (const e of events) if (e.type === 'step') lastStep = e;
    const logged: MetricsRecord[] = this.logEveryStep ? events : events.filter((e) => e.type !== 'step' || keepRecord(e.step)).map(logRecord);
    const posted = events.filter((e) => e.type !== 'step' || e === lastStep || keepRecord(e.step));
    const jsonl = logged.length ? logged.map((e) => JSON.stringify(e)).join('\n') + '\n' : '';
    this.post({ type: 'events', events: posted, jsonl });
  }

  private setState(s: SessionState): void {
    if (s === this.state) return;
    this.state = s;
    this.flush();
    this.post({ type: 'state', state: s });
  }

  /** Runs one slice of training later, on a macrotask, so queued requests are read first. */
  private schedule(): void {
    if (this.scheduled || this.state !== 'running') return;
    this.scheduled = true;
    const gen = this.generation;
    setTimeout(() => {
      this.scheduled = false;
      // A restart (Reset, a new init) found this tick pending, so its own schedule() did nothing:
      // hand over to the new run, or it would never take a step.
      if (gen !== this.generation) return this.schedule();
      if (this.state !== 'running') return;
      try {
        this.slice();
      } catch (e) {
        this.fail(e);
        return;
      }
      this.schedule();
    }, 0);
  }

  private slice(): void {
    const end = performance.now() + this.sliceMs;
    let ended = false;
    while (!ended && performance.now() < end) ended = this.advance(() => true);
    if (ended || performance.now() - this.lastFlush >= this.batchMs) this.flush();
  }

  private fail(e: unknown): void {
    this.generation++;
    this.trainer?.close();
    this.events = undefined;
    this.flush();
    const message = e instanceof Error ? e.message : String(e);
    const error: TrainerEvent = { type: 'error', message, userError: isUserError(e) };
    this.post({ type: 'events', events: [error], jsonl: JSON.stringify(error) + '\n' });
    this.setState(this.trainer ? 'done' : 'idle');
  }
}
