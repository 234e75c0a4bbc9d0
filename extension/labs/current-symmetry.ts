/**
 * The symmetry of the user's current run. That run is started without symmetry events (they
 * would cost every run and bloat its metrics file), so while this view is open it asks the
 * worker for one measurement at a time, a few times a second, and folds the answers with the
 * run's own events. No `vscode` here.
 */
import type { EngineEvent } from '../../engine/protocol/training';
import type { FromSymmetryView, SymRun } from '../../webview/views/symmetry/protocol';
import { foldEvent, newRun } from '../../shared/symmetry-state';
import type { ToWebview } from '../../webview/protocol';
import type { RunController } from '../run-controller';

/** How often a live run is measured: fast enough to look live, cheap even for wide layers. */
const PROBE_MS = 250;

export class CurrentRunSymmetry {
  run: SymRun | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private waiting = false;
  private measuredEnd = false;
  private dirty = false;

  constructor(
    private readonly controller: RunController,
    /** A new run replaced the old one (the view rebuilds). */
    private readonly onRuns: (runs: SymRun[]) => void,
    /** The run changed (at most every PROBE_MS). */
    private readonly onRun: (run: SymRun) => void,
  ) {
    this.unsubscribe.push(controller.onViewMessage((m) => this.onView(m)), controller.onProbe((e) => this.onProbe(e)));
    this.onView(controller.replay());
    this.timer = setInterval(() => this.tick(), PROBE_MS);
  }

  get runs(): SymRun[] {
    return this.run ? [this.run] : [];
  }

  handle(m: FromSymmetryView): void {
    if (m.type === 'breakSymmetry' && m.runId === this.run?.id) this.controller.breakSymmetry(m.scale);
    else if (m.type === 'reroll' && m.runId === this.run?.id) this.controller.reroll();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const u of this.unsubscribe) u();
  }

  private onView(m: ToWebview): void {
    if (m.type === 'snapshot') {
      const s = m.snapshot;
      if (!s) return;
      const init = s.started ? describeInit(s.started.config.init.weights) : m.controls.init;
      this.run = newRun(s.runId, s.title, 'current', init);
      this.run.status = s.status;
      for (const e of [...(s.started ? [s.started] : []), ...s.steps, ...s.epochs, ...(s.summary ? [s.summary] : [])]) foldEvent(this.run, e);
      this.run.status = s.status;
      if (s.message) this.run.message = s.message;
      this.measuredEnd = false;
      this.onRuns(this.runs);
      this.measure();
    } else if (m.type === 'events' && this.run?.id === m.runId) {
      for (const e of m.events) {
        if (e.type === 'started') {
          // Reset or reroll: the same run id, new weights.
          this.run.init = describeInit(e.config.init.weights);
          this.measuredEnd = false;
        }
        if (foldEvent(this.run, e)) this.dirty = true;
      }
    } else if (m.type === 'status' && this.run?.id === m.runId) {
      this.run.status = m.status;
      if (m.message) this.run.message = m.message;
      this.dirty = true;
    }
  }

  private onProbe(e: EngineEvent): void {
    if (!this.waiting || !this.run) return;
    if (e.type === 'symmetry') {
      this.waiting = false;
      foldEvent(this.run, e);
      this.dirty = true;
    } else if (e.type === 'error') {
      this.waiting = false;
      this.run.message = e.message;
      this.dirty = true;
    }
  }

  private tick(): void {
    const run = this.run;
    if (!run) return;
    const live = run.status === 'running' || run.status === 'paused';
    // A live run is measured each tick; an ended one once more, for its final weights.
    if (live || !this.measuredEnd) {
      if (!live) this.measuredEnd = true;
      this.measure();
    }
    if (this.dirty) {
      this.dirty = false;
      this.onRun(run);
    }
  }

  private measure(): void {
    if (this.waiting || !this.run || this.run.status === 'loading') return;
    this.waiting = true;
    this.controller.probe({ type: 'symmetryProbe' });
    // An answer that never comes (a worker that died) must not stop the measurements for good.
    setTimeout(() => (this.waiting = false), 5 * PROBE_MS);
  }
}

function describeInit(spec: { kind: string }): string {
  const params = Object.entries(spec).filter(([k]) => k !== 'kind').map(([, v]) => String(v));
  return [spec.kind, ...params].join(':');
}
