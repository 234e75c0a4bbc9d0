/**
 * The current run, between the worker and everything that shows it: it starts runs, turns user
 * intents into worker requests that the worker acknowledges, persists events through the run
 * store, keeps the snapshot a late view replays, and forwards events to views at most
 * `updatesPerSecond` times a second, however fast the engine steps: the kept events (thinning
 * rule of shared/thinning.ts) and the latest step and epoch. A control the worker has not
 * acknowledged in time (extension/control-acks.ts) shows as the run's `notice` until it is.
 * No `vscode` here: the extension wires it to views and commands.
 */
import type { ExperimentConfig } from '../engine/config';
import type { ParseProgress } from '../engine/data/options';
import type { InitKind } from '../engine/nn/init';
import type { OptimizerName } from '../engine/nn/optimizers';
import type { EngineEvent, EngineRequest, TrainerEvent } from '../engine/protocol/training';
import type { AckMessage, WorkerMessage } from '../engine/session';
import type { WorkerRequest } from '../engine/protocol/training';
import type { ControlValues, RunAction, RunSnapshot, RunStatus, ToWebview } from '../webview/protocol';
import { saferLearningRate } from '../engine/divergence';
import { applyEvent, emptySnapshot, isActive, SMALLER_INIT } from '../shared/run-state';
import { ControlAcks } from './control-acks';
import { cutShortSummary, splitAtStarted } from './run-rollover';
import type { RunFiles } from './run-files';
import { runId, RunWriter } from './run-store';
import type { WorkerExit, WorkerHost } from './worker-host';

export interface RunControllerOptions {
  /** The runs folder's location, or undefined when there is no workspace (runs are not kept). */
  runsFolder: () => string | undefined;
  /** The files a location is written through (extension/run-locations.ts `runFilesAt`; tests: node:fs). */
  runFiles: (location: string) => RunFiles;
  updatesPerSecond: () => number;
  /** A line for the log; failures come as 'error' and divergence as 'warn'. */
  log: (message: string, level?: 'info' | 'warn' | 'error') => void;
  /** The workspace folder: config.json stores dataset paths inside it relative to it. */
  workspaceFolder?: () => string | undefined;
  /** Whether metrics.jsonl gets every step (gradientLab.runs.logEveryStep) rather than the thinned record. */
  logEveryStep?: () => boolean;
}

/** What a change of init or optimizer did to the current run, for the message the user sees. */
export type ChangeOutcome = 'restarted' | 'continued' | 'next-run';

export class RunController {
  current: RunSnapshot | undefined;
  controls: ControlValues;
  private config: ExperimentConfig | undefined;
  private writer: RunWriter | undefined;
  /** Whether the writer's run has had its `started`: a second one starts a new run folder. */
  private writerStarted = false;
  /** Why the worker is about to start over (Reset, a new init), for the summary of the run it ends. */
  private restartReason = 'the run restarted';
  private outbox: TrainerEvent[] = [];
  /** The latest step and epoch the snapshot's lists left out, sent with the next update. */
  private latest: { step?: TrainerEvent; epoch?: TrainerEvent } = {};
  private readonly acks: ControlAcks;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSent = 0;
  private readonly viewListeners = new Set<(m: ToWebview) => void>();
  private readonly changeListeners = new Set<(s: RunSnapshot | undefined) => void>();
  private readonly progressListeners = new Set<(p: ParseProgress) => void>();
  private readonly probeListeners = new Set<(e: EngineEvent) => void>();

  constructor(private readonly host: WorkerHost, controls: ControlValues, private readonly options: RunControllerOptions) {
    this.controls = controls;
    this.acks = new ControlAcks((req) => this.host.post(req), () => this.noticeChanged(), options.log);
    host.onMessage((m) => this.onWorkerMessage(m));
    host.onExit((e) => this.onWorkerExit(e));
  }

  /** Views subscribe here; the return value unsubscribes. */
  onViewMessage(l: (m: ToWebview) => void): () => void {
    this.viewListeners.add(l);
    return () => this.viewListeners.delete(l);
  }

  /** Status bar, trees and context keys: called on status changes and at the view rate. */
  onChange(l: (s: RunSnapshot | undefined) => void): () => void {
    this.changeListeners.add(l);
    return () => this.changeListeners.delete(l);
  }

  /**
   * Asks the current run's worker a probe question (a landscape slice, top activations…); the
   * answers arrive through `onProbe`. Without a run the worker answers from what it has.
   */
  probe(request: EngineRequest): void {
    this.host.post(request);
  }

  /** Listens to probe answers from the run's worker; returns the unsubscribe. */
  onProbe(l: (e: EngineEvent) => void): () => void {
    this.probeListeners.add(l);
    return () => this.probeListeners.delete(l);
  }

  onProgress(l: (p: ParseProgress) => void): () => void {
    this.progressListeners.add(l);
    return () => this.progressListeners.delete(l);
  }

  get active(): boolean {
    return !!this.current && isActive(this.current.status);
  }

  /** The message that redraws a view from nothing. */
  replay(): ToWebview {
    return { type: 'snapshot', snapshot: this.current ?? null, controls: this.controls };
  }

  /** Starts a run (stopping the current one). */
  async start(config: ExperimentConfig): Promise<RunSnapshot> {
    await this.endCurrent();
    if (this.disposed) throw new Error('Gradient Lab is shutting down; the run was not started');
    this.config = config;
    const folder = this.options.runsFolder();
    const writer = folder ? await RunWriter.create(this.options.runFiles(folder), folder, config, new Date(), this.options.workspaceFolder?.()) : undefined;
    this.writer = writer;
    this.writerStarted = false;
    this.current = emptySnapshot(writer?.id ?? `unsaved-${Date.now()}`, `${config.name}`, 'loading');
    this.options.log(`run ${this.current.runId}: starting (${writer ? writer.dir : 'not saved: no workspace folder'})`);
    this.outbox = [];
    this.latest = {};
    this.acks.clearRefusal();
    this.workerDone = new Promise((resolve) => (this.markWorkerDone = resolve));
    this.host.post({ type: 'start', config, ...(this.options.logEveryStep?.() ? { logEveryStep: true } : {}) });
    this.broadcast(this.replay());
    this.changed();
    return this.current;
  }

  /**
   * Start (again) with the last config, or a run action of the worker; settles with the
   * worker's acknowledgement (undefined when there is no run, or the worker ended first).
   */
  async control(action: RunAction): Promise<AckMessage | undefined> {
    if (action === 'start') {
      if (this.config) await this.start(this.config).catch((e: Error) => this.options.log(e.message));
      return undefined;
    }
    if (!this.current) {
      this.options.log(`${action}: there is no run to ${action}`);
      return undefined;
    }
    if (action === 'reset') this.restartReason = 'Reset started a new run';
    return this.request(action === 'reset' ? { type: 'reset', redrawWeights: false } : { type: action });
  }

  /** What the views show under the status: a control still waiting for the worker, or a refusal. */
  get notice(): string | undefined {
    return this.acks.notice;
  }

  /** Sends a control to the worker; settles with its acknowledgement (undefined if the worker ends first). */
  private request(req: WorkerRequest): Promise<AckMessage | undefined> {
    return this.acks.send(req);
  }

  private onAck(m: AckMessage): void {
    // The acknowledged state is what the views show.
    this.acks.receive(m, () => {
      if (m.state === 'paused' || m.state === 'running') this.setStatus(m.state);
    });
  }

  private noticeChanged(): void {
    const run = this.current;
    if (!run) return;
    const notice = this.notice;
    if (notice === run.notice) return;
    if (notice) run.notice = notice;
    else delete run.notice;
    this.broadcast({ type: 'notice', runId: run.runId, notice: notice ?? null });
    this.changed();
  }

  /** The config and data of the last run started, for experiments that train it again (the symmetry twins). */
  get lastRun(): { config: ExperimentConfig } | undefined {
    return this.config && { config: this.config };
  }

  /** Noise of standard deviation `scale` on the live run's weights; false when no run is live. */
  breakSymmetry(scale: number): boolean {
    if (!this.active) return false;
    void this.request({ type: 'breakSymmetry', scale });
    return true;
  }

  /** The run again from a new draw of its weights: a new init seed, the same data seed. */
  reroll(): boolean {
    if (!this.current || this.current.status === 'loading') return false;
    this.restartReason = 'a new draw of the initial weights started a new run';
    void this.request({ type: 'reset', redrawWeights: true });
    return true;
  }

  /** A new init restarts the run from new weights (the old trajectory no longer applies). */
  setInit(init: InitKind, spec?: ExperimentConfig['init']['weights']): ChangeOutcome {
    // Without a spec the kind's default parameters apply (e.g. constant 0.5), as in an experiment file.
    const weights = spec?.kind === init ? spec : ({ kind: init } as ExperimentConfig['init']['weights']);
    const apply = () => {
      this.controls = { ...this.controls, init };
      if (this.config) this.config = { ...this.config, init: { ...this.config.init, weights } };
    };
    if (!this.active) return this.nextRun(apply);
    this.restartReason = `the initialization ${init} started a new run`;
    this.acknowledged({ type: 'setInit', weights }, apply);
    return 'restarted';
  }

  /** A new optimizer continues from the current weights, with the current learning rate. */
  setOptimizer(optimizer: OptimizerName): ChangeOutcome {
    const spec = { kind: optimizer, learningRate: this.controls.learningRate };
    const apply = () => {
      this.controls = { ...this.controls, optimizer };
      if (this.config) this.config = { ...this.config, optimizer: spec };
    };
    if (!this.active) return this.nextRun(apply);
    this.acknowledged({ type: 'setOptimizer', optimizer: spec }, apply);
    return 'continued';
  }

  setLearningRate(learningRate: number): ChangeOutcome {
    const apply = () => {
      this.controls = { ...this.controls, learningRate };
      if (this.config) this.config = { ...this.config, optimizer: { ...this.config.optimizer, learningRate } };
    };
    if (!this.active) return this.nextRun(apply);
    this.acknowledged({ type: 'setLearningRate', learningRate }, apply);
    return 'continued';
  }

  /** A change with no live run to take it: it is the next run's at once. */
  private nextRun(apply: () => void): ChangeOutcome {
    apply();
    this.broadcast({ type: 'controls', controls: this.controls });
    return 'next-run';
  }

  /**
   * A change the live run's worker must take: the controls show it once the worker acknowledged
   * it; a refusal (or a worker that ended first) puts back the value they showed before.
   */
  private acknowledged(req: WorkerRequest, apply: () => void): void {
    void this.request(req).then((ack) => {
      if (ack && !ack.refused) apply();
      this.broadcast({ type: 'controls', controls: this.controls });
    });
  }

  /** Shape changes (batch, epochs, layers, activation) apply to the next run. */
  setControls(patch: Partial<ControlValues>): void {
    this.controls = { ...this.controls, ...patch };
    if (this.config) {
      const c = this.controls;
      this.config = {
        ...this.config,
        model: { ...this.config.model, hidden: c.hidden.map((units) => ({ units })), activation: c.activation },
        training: { ...this.config.training, epochs: c.epochs, batchSize: c.batchSize },
      };
    }
    this.broadcast({ type: 'controls', controls: this.controls });
  }

  /** After divergence: the same run from the start, a tenth of the learning rate. */
  restartWithLowerLearningRate(): boolean {
    if (!this.config) return false;
    // The rate the divergence advice named (a tenth, never a still-absurd value): one number, one source.
    const learningRate = saferLearningRate(this.config.optimizer.learningRate);
    this.controls = { ...this.controls, learningRate };
    this.start({ ...this.config, optimizer: { ...this.config.optimizer, learningRate } }).catch((e: Error) => this.options.log(e.message));
    return true;
  }

  /** After a divergence blamed on the initialization: the same run from glorot-uniform weights, in a new run. */
  restartWithSmallerInit(): boolean {
    if (!this.config) return false;
    this.controls = { ...this.controls, init: SMALLER_INIT };
    const weights = { kind: SMALLER_INIT } as ExperimentConfig['init']['weights'];
    this.start({ ...this.config, init: { ...this.config.init, weights } }).catch((e: Error) => this.options.log(e.message));
    return true;
  }

  /**
   * Resolves when the run's files are written (tests, shutdown). For a run that has ended, that
   * includes the weights, which the worker sends after the summary.
   */
  async flushed(): Promise<void> {
    if (this.current && !isActive(this.current.status)) await this.workerDone;
    await this.writer?.flush();
  }

  /** Settles when the worker reports the current run over ('done'), or dies. */
  private workerDone: Promise<void> = Promise.resolve();
  private markWorkerDone: () => void = () => undefined;

  private disposed = false;

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.endCurrent();
    await this.host.kill();
  }

  /**
   * Stops the active run and waits for its last events, so they are not taken for the next
   * run's. A run still reading its data (or a worker that does not answer) is ended by ending
   * the worker, which the next request replaces.
   */
  private async endCurrent(): Promise<void> {
    const run = this.current;
    if (run && isActive(run.status)) {
      if (run.status === 'loading') {
        await this.host.kill();
        run.status = 'stopped';
      } else {
        const ended = new Promise<boolean>((resolve) => {
          this.onEnded = () => resolve(true);
          setTimeout(() => resolve(false), 5000);
        });
        void this.request({ type: 'stop' });
        if (!(await ended)) await this.host.kill();
        this.onEnded = undefined;
      }
    }
    await this.closeWriter();
  }

  private onEnded: (() => void) | undefined;

  private async closeWriter(): Promise<void> {
    const w = this.writer;
    this.writer = undefined;
    try {
      await w?.flush();
    } catch (e) {
      this.options.log(`could not write the run's files: ${(e as Error).message}`);
    }
  }

  private onWorkerMessage(m: WorkerMessage): void {
    if (m.type === 'probe') {
      for (const l of this.probeListeners) l(m.event);
      return;
    }
    if (m.type === 'ack') return this.onAck(m);
    const run = this.current;
    if (!run) return;
    switch (m.type) {
      case 'events': {
        const parts = splitAtStarted(m.jsonl);
        this.writer?.appendLines(parts[0]!);
        let part = 1;
        let rolled = false;
        const before = run.status;
        for (const e of m.events) {
          if (e.type === 'started') {
            if (e.threads) this.options.log(`run ${run.runId}: ${e.threads.note}`);
            if (this.writerStarted) rolled = this.rollOver(run, e.config) || rolled;
            this.writerStarted = true;
            this.writer?.appendLines(parts[part++] ?? '');
          }
          if (applyEvent(run, e)) {
            this.outbox.push(e);
            if (e.type === 'step' || e.type === 'epoch') delete this.latest[e.type];
          } else if (e.type === 'step' || e.type === 'epoch') this.latest[e.type] = e;
          if (e.type === 'summary') this.writer?.writeSummary(e);
          if (e.type === 'error') {
            this.writer?.writeSummary({ status: 'failed', message: e.message });
            this.options.log(`run ${run.runId} failed: ${e.message}`, 'error');
          }
          if (e.type === 'diverged') this.options.log(`run ${run.runId} diverged: ${e.reason}; ${e.suggestion}`, 'warn');
        }
        if (rolled) {
          // Views drop events of a run id they do not show: the new run goes out as a replay.
          this.outbox = [];
          this.broadcast(this.replay());
        }
        if (m.events.some((e) => e.type !== 'step' && e.type !== 'epoch')) this.sendNow();
        else this.sendSoon();
        // A run that ended says so at once, ahead of its events, to a view still drawing the last ones.
        if (run.status !== before && !isActive(run.status)) {
          this.broadcast({ type: 'status', runId: run.runId, status: run.status, ...(run.message ? { message: run.message } : {}) });
        }
        return;
      }
      case 'state':
        if (m.state === 'done' || m.state === 'idle') {
          this.onEnded?.();
          this.markWorkerDone();
        }
        if (m.state === 'paused' || m.state === 'running' || m.state === 'loading') this.setStatus(m.state);
        return;
      case 'weights':
        this.writer?.writeWeights(m);
        return;
      case 'progress':
        for (const l of this.progressListeners) l(m.progress);
        return;
    }
  }

  /**
   * The worker started over inside its session: the run so far keeps its folder (recorded as
   * stopped unless it had already ended) and what follows goes to a new one. Returns whether
   * the run id changed.
   */
  private rollOver(run: RunSnapshot, config: ExperimentConfig): boolean {
    const old = this.writer;
    if (isActive(run.status)) old?.writeSummary(cutShortSummary(run, this.restartReason));
    this.restartReason = 'the run restarted';
    void old?.flush().catch((e: Error) => this.options.log(`could not write the run's files: ${e.message}`));
    const folder = this.options.runsFolder();
    let now = new Date();
    if (old && runId(config.name, now) === old.id) now = new Date(now.getTime() + 1);
    this.writer = folder ? RunWriter.open(this.options.runFiles(folder), folder, config, now, this.options.workspaceFolder?.()) : undefined;
    const before = run.runId;
    run.runId = this.writer?.id ?? `unsaved-${now.getTime()}`;
    this.options.log(`run ${before} ended by a restart; run ${run.runId} starts (${this.writer ? this.writer.dir : 'not saved'})`);
    return run.runId !== before;
  }

  private onWorkerExit(e: WorkerExit): void {
    this.markWorkerDone();
    this.acks.settleAll();
    if (!e.unexpected) return;
    this.options.log(`the training worker stopped: ${e.reason}`);
    const run = this.current;
    if (!run || !isActive(run.status)) return;
    const message = `The training worker stopped (${e.reason}). The run is lost; Gradient Lab starts a new worker for the next run — try a smaller dataset or model if it ran out of memory.`;
    run.message = message;
    this.writer?.writeSummary({ status: 'failed', message });
    this.setStatus('failed', message);
  }

  private setStatus(status: RunStatus, message?: string): void {
    const run = this.current;
    if (!run || !isActive(run.status)) return;
    run.status = status;
    this.sendNow();
    this.broadcast({ type: 'status', runId: run.runId, status, ...(message ? { message } : {}) });
  }

  private sendSoon(): void {
    if (this.timer) return;
    const interval = 1000 / Math.max(1, Math.min(120, this.options.updatesPerSecond()));
    const wait = Math.max(0, this.lastSent + interval - Date.now());
    this.timer = setTimeout(() => this.sendNow(), wait);
  }

  private sendNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastSent = Date.now();
    const run = this.current;
    const latest = [this.latest.step, this.latest.epoch].filter((e) => e !== undefined);
    if (run && (this.outbox.length || latest.length)) {
      const events = [...this.outbox, ...latest];
      this.outbox = [];
      this.latest = {};
      this.broadcast({ type: 'events', runId: run.runId, events });
    }
    this.changed();
  }

  private broadcast(m: ToWebview): void {
    for (const l of this.viewListeners) l(m);
  }

  private changed(): void {
    for (const l of this.changeListeners) l(this.current);
  }
}
