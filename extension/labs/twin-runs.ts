/**
 * The symmetry experiment's two runs: the same data and network from a symmetric start and from
 * a random one, each in a worker of its own, started paused and stepped at a pace a person can
 * watch (or let run free). Events are folded into each run's `SymRun` and handed on at most
 * `updatesPerSecond` times a second. No `vscode` here, so tests drive it with real workers.
 */
import type { ExperimentConfig } from '../../engine/config';
import type { InitSpec } from '../../engine/nn/init';
import type { WorkerRequest } from '../../engine/protocol/training';
import type { WorkerMessage } from '../../engine/session';
import { STEPS_PER_SECOND, type FromSymmetryView, type Speed, type SymRun } from '../../webview/views/symmetry/protocol';
import { foldEvent, newRun } from '../../shared/symmetry-state';
import type { WorkerHost } from '../worker-host';
import { ACK_PATIENCE_MS } from '../control-acks';

export interface TwinSetup {
  config: ExperimentConfig;
  symmetric: InitSpec;
  random: InitSpec;
}

export interface TwinOptions {
  speed?: Speed;
  updatesPerSecond?: number;
}

/** "constant:0.5", "he-normal": an init as the CLI and experiment files spell it. */
export function initLabel(spec: InitSpec): string {
  const params = Object.entries(spec).filter(([k]) => k !== 'kind').map(([, v]) => String(v));
  return [spec.kind, ...params].join(':');
}

/**
 * Symmetry every k steps: often enough to see the first steps, rarer for wide layers, whose
 * probe (units² × inputs for the similarities) would otherwise cost more than the steps.
 */
export function symmetryCadence(config: ExperimentConfig): number {
  const widest = Math.max(1, ...config.model.hidden.map((h) => h.units));
  return Math.max(2, Math.ceil(widest / 32));
}

interface Twin {
  run: SymRun;
  worker: WorkerHost;
  config: ExperimentConfig;
  /** Whether the worker's session is waiting for steps (paused) rather than running free. */
  paced: boolean;
  done: boolean;
}

export class TwinRuns {
  readonly twins: Twin[];
  speed: Speed;
  private readonly dirty = new Set<Twin>();
  private flushTimer: ReturnType<typeof setInterval> | undefined;
  private paceTimer: ReturnType<typeof setInterval> | undefined;
  private owed = 0;
  private lastPace = Date.now();

  constructor(
    setup: TwinSetup,
    newWorker: () => WorkerHost,
    private readonly onRun: (run: SymRun) => void,
    private readonly options: TwinOptions = {},
  ) {
    this.speed = options.speed ?? 'normal';
    const base = setup.config;
    const make = (role: 'symmetric' | 'random', init: InitSpec): Twin => {
      const config: ExperimentConfig = { ...base, name: `${base.name} (${initLabel(init)})`, init: { ...base.init, weights: init } };
      const worker = newWorker();
      const twin: Twin = { run: newRun(role, config.name, role, initLabel(init)), worker, config, paced: true, done: false };
      worker.onMessage((m) => this.onMessage(twin, m));
      worker.onExit((e) => {
        if (!e.unexpected) return;
        twin.run.status = 'failed';
        twin.run.message = `The worker of this run stopped (${e.reason}).`;
        this.dirty.add(twin);
      });
      return twin;
    };
    this.twins = [make('symmetric', setup.symmetric), make('random', setup.random)];
  }

  get runs(): SymRun[] {
    return this.twins.map((t) => t.run);
  }

  /** Starts (or starts again) both runs, paused at step 0; the pace timer steps them. */
  start(): void {
    for (const t of this.twins) {
      t.run = newRun(t.run.id, t.config.name, t.run.role, initLabel(t.config.init.weights));
      t.paced = true;
      t.done = false;
      this.acknowledged(t, 'Run both again', {
        type: 'start', config: t.config,
        probes: { symmetryEvery: symmetryCadence(t.config) }, paused: true,
      });
    }
    this.owed = 0;
    this.lastPace = Date.now();
    this.flushTimer ??= setInterval(() => this.flush(), 1000 / (this.options.updatesPerSecond ?? 10));
    this.paceTimer ??= setInterval(() => this.pace(), 25);
    this.setSpeed(this.speed);
  }

  handle(m: FromSymmetryView): void {
    switch (m.type) {
      case 'pace': return this.setSpeed(m.speed);
      case 'restart': return this.start();
      case 'breakSymmetry': {
        const t = this.twins.find((x) => x.run.id === m.runId);
        if (t) this.acknowledged(t, 'Break symmetry', { type: 'breakSymmetry', scale: m.scale });
        return;
      }
      case 'reroll': {
        // A new draw for the random start; both start over so they stay step for step.
        const t = this.twins.find((x) => x.run.id === m.runId);
        if (!t || t.run.role !== 'random') return;
        t.config = { ...t.config, seeds: { ...t.config.seeds, init: (t.config.seeds.init * 1103515245 + 12345) >>> 0 } };
        return this.start();
      }
      case 'ready': return;
    }
  }

  /**
   * Sends a control (noise on the weights, a speed's pause or resume, a new start) as a request
   * the worker acknowledges: if it has not within ACK_PATIENCE_MS the run's message says so
   * (and goes once it has); a refusal says why.
   */
  private acknowledged(t: Twin, label: string, request: WorkerRequest): void {
    const id = this.nextAck++;
    const waiting = `${label}: sent 2 s ago, not yet acknowledged by this run's worker — it is queued, not lost.`;
    const timer = setTimeout(() => {
      if (!this.acks.has(id)) return;
      t.run.message = waiting;
      this.dirty.add(t);
    }, ACK_PATIENCE_MS);
    this.acks.set(id, (refused) => {
      clearTimeout(timer);
      if (t.run.message === waiting) delete t.run.message;
      // Noise the worker refused is explained by its own error event; other refusals are said here.
      if (refused && request.type !== 'breakSymmetry') t.run.message = `${label}: ${refused}`;
      this.dirty.add(t);
    });
    t.worker.post({ ...request, ack: id });
  }

  private nextAck = 1;
  private readonly acks = new Map<number, (refused: string | undefined) => void>();

  /** Controls sent and not yet acknowledged by their run's worker. */
  get unacknowledged(): number {
    return this.acks.size;
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    for (const t of this.twins) {
      if (t.done) continue;
      // Paced speeds act here (the pace timer sends the steps); leaving or entering 'max' is the worker's to acknowledge.
      if (speed === 'max' && t.paced) this.acknowledged(t, 'Speed', { type: 'resume' });
      if (speed !== 'max' && !t.paced) this.acknowledged(t, 'Speed', { type: 'pause' });
      t.paced = speed !== 'max';
      if (t.run.status === 'running' || t.run.status === 'paused') {
        t.run.status = speed === 'paused' ? 'paused' : 'running';
        this.dirty.add(t);
      }
    }
    this.owed = 0;
    this.lastPace = Date.now();
  }

  async dispose(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.paceTimer) clearInterval(this.paceTimer);
    this.flushTimer = this.paceTimer = undefined;
    await Promise.all(this.twins.map((t) => t.worker.kill()));
  }

  /** Sends the steps owed at the current speed to every paced run (both get the same count). */
  private pace(): void {
    const now = Date.now();
    const rate = this.speed === 'paused' || this.speed === 'max' ? 0 : STEPS_PER_SECOND[this.speed];
    this.owed += (rate * (now - this.lastPace)) / 1000;
    this.lastPace = now;
    const steps = Math.floor(this.owed);
    this.owed -= steps;
    for (const t of this.twins) {
      if (!t.paced || t.done) continue;
      if (steps > 0) t.worker.post({ type: 'step', count: Math.min(1000, steps) });
    }
  }

  private onMessage(t: Twin, m: WorkerMessage): void {
    if (m.type === 'events') {
      for (const e of m.events) {
        // A 'started' begins the (re)started run: whatever ended before it was the old one.
        if (e.type === 'started') t.done = false;
        if (foldEvent(t.run, e)) this.dirty.add(t);
      }
      if (t.run.status !== 'running' && t.run.status !== 'paused' && t.run.status !== 'loading') t.done = true;
      else if (this.speed === 'paused' && t.run.status === 'running') t.run.status = 'paused';
    } else if (m.type === 'probe' && m.event.type === 'error') {
      // A refused request (e.g. noise on a finished run): say why, keep the run as it is.
      t.run.message = m.event.message;
      this.dirty.add(t);
    } else if (m.type === 'ack') {
      this.acks.get(m.id)?.(m.refused);
      this.acks.delete(m.id);
    } else if (m.type === 'state' && m.state === 'done') {
      t.done = true;
    }
  }

  private flush(): void {
    for (const t of this.dirty) this.onRun(t.run);
    this.dirty.clear();
  }
}
