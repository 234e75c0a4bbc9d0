/**
 * Flow control for one webview: it is sent one `update` at a time and gets the next only after
 * it acknowledged the last (it answers `ack` once it has drawn it); small state changes (status,
 * notice, controls) are not held back. What the controller sends
 * meanwhile is merged: events of the same run join (of the steps and epochs the thinning rule
 * leaves out only the latest stays), a snapshot replaces everything before it, and a view that
 * fell far behind gets one snapshot (the run's summary so far) instead of a backlog.
 * No `vscode` here, so tests drive it directly.
 */
import { keepRecord } from '../shared/thinning';
import type { ToWebview } from '../webview/protocol';

export interface ViewFeedOptions {
  /** Merged events beyond which the view is sent the snapshot instead. */
  maxEvents?: number;
  /** A view that has not acknowledged for this long is taken to be gone, and is sent the next update anyway. */
  ackTimeoutMs?: number;
}

export class ViewFeed {
  private seq = 0;
  private waitingFor: number | undefined;
  private sentAt = 0;
  private queue: ToWebview[] = [];
  private readonly maxEvents: number;
  private readonly ackTimeoutMs: number;

  constructor(
    private readonly post: (m: ToWebview) => void,
    private readonly snapshot: () => ToWebview,
    options: ViewFeedOptions = {},
  ) {
    this.maxEvents = options.maxEvents ?? 2000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  }

  /** Whether an update is out that the view has not acknowledged. */
  get busy(): boolean {
    return this.waitingFor !== undefined && Date.now() - this.sentAt < this.ackTimeoutMs;
  }

  /** Messages held for the view (for tests and the log). */
  get held(): readonly ToWebview[] {
    return this.queue;
  }

  push(m: ToWebview): void {
    if (m.type === 'snapshot') this.queue = [m];
    else if (m.type === 'events') this.mergeEvents(m);
    else if (this.busy) {
      // A status, notice or controls change is a few bytes that cannot pile up: it goes at once,
      // so Pause or Stop shows even while the view is still drawing the last events (their
      // order among themselves is kept; events held back change no status a view shows).
      this.post({ type: 'update', seq: 0, messages: [m] });
      return;
    } else this.queue.push(m);
    this.pump();
  }

  /** The view drew update `seq`. */
  ack(seq: number): void {
    if (seq !== this.waitingFor) return;
    this.waitingFor = undefined;
    this.pump();
  }

  /** The view (re)loaded: nothing it was sent before counts; it gets `message` (the replay) next. */
  restart(message: ToWebview): void {
    this.waitingFor = undefined;
    this.queue = [];
    this.push(message);
  }

  private mergeEvents(m: Extract<ToWebview, { type: 'events' }>): void {
    const last = this.queue.at(-1);
    if (last?.type !== 'events' || last.runId !== m.runId) {
      this.queue.push({ ...m, events: [...m.events] });
      return;
    }
    // Of the steps (and epochs) the snapshot's lists leave out, only the latest matters.
    const kept = [...last.events, ...m.events];
    const latest = { step: -1, epoch: -1 };
    kept.forEach((e, i) => {
      if (e.type === 'step' || e.type === 'epoch') latest[e.type] = i;
    });
    last.events = kept.filter((e, i) => (e.type !== 'step' && e.type !== 'epoch') || i === latest[e.type] || keepRecord(e.type === 'step' ? e.step : e.epoch));
    const count = this.queue.reduce((n, x) => n + (x.type === 'events' ? x.events.length : 0), 0);
    if (count > this.maxEvents) this.queue = [this.snapshot()];
  }

  private pump(): void {
    if (!this.queue.length || this.busy) return;
    const messages = this.queue;
    this.queue = [];
    this.waitingFor = ++this.seq;
    this.sentAt = Date.now();
    this.post({ type: 'update', seq: this.seq, messages });
  }
}
