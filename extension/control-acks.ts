/**
 * The controls sent to the training worker and not yet acknowledged: each request gets an id, the
 * worker's `ack` settles it, and one still waiting after ACK_PATIENCE_MS (or a refusal) becomes a
 * notice the views show — queued, never lost. No `vscode` here; the run controller owns one.
 */
import type { WorkerRequest } from '../engine/protocol/training';
import type { AckMessage } from '../engine/session';

/** How long a control may wait for the worker's acknowledgement before the views say so. */
export const ACK_PATIENCE_MS = 2000;

/** What a run action is called in a notice. */
const ACTION_LABEL: Record<string, string> = {
  pause: 'Pause', resume: 'Resume', step: 'Step', stop: 'Stop', reset: 'Reset', setLearningRate: 'The learning rate',
  setOptimizer: 'The optimizer', setInit: 'The initialization', breakSymmetry: 'Break symmetry',
};

interface Awaiting {
  label: string;
  sentAt: number;
  resolve: (a: AckMessage | undefined) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class ControlAcks {
  private nextId = 1;
  private readonly awaiting = new Map<number, Awaiting>();
  /** A refusal from the worker, shown until the next control. */
  private refusal: string | undefined;

  /**
   * `post` sends a request with its ack id; `noticeMayHaveChanged` is called when `notice` may
   * read differently (a control turned late, was refused, or a refusal was cleared).
   */
  constructor(
    private readonly post: (req: WorkerRequest & { ack: number }) => void,
    private readonly noticeMayHaveChanged: () => void,
    private readonly log: (message: string) => void,
  ) {}

  /** Sends a request with an id; settles with the worker's ack (undefined if the worker ends first). */
  send(req: WorkerRequest): Promise<AckMessage | undefined> {
    const id = this.nextId++;
    const label = ACTION_LABEL[req.type] ?? req.type;
    if (this.refusal) {
      this.refusal = undefined;
      this.noticeMayHaveChanged();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.noticeMayHaveChanged(), ACK_PATIENCE_MS);
      this.awaiting.set(id, { label, sentAt: Date.now(), resolve, timer });
      this.post({ ...req, ack: id });
    });
  }

  /**
   * Settles the request `m` answers, after `apply` (the acknowledged state shown first, so whoever
   * awaits the control sees it); an ack of nobody's (already settled) is ignored.
   */
  receive(m: AckMessage, apply: () => void): void {
    const a = this.awaiting.get(m.id);
    if (!a) return;
    clearTimeout(a.timer);
    this.awaiting.delete(m.id);
    const wasLate = Date.now() - a.sentAt >= ACK_PATIENCE_MS;
    if (m.refused) {
      this.refusal = `${a.label}: ${m.refused}`;
      this.log(`${a.label} refused by the training worker: ${m.refused}`);
    }
    apply();
    if (m.refused || wasLate) this.noticeMayHaveChanged();
    a.resolve(m);
  }

  /** What the views show under the status: a control still waiting for the worker, or a refusal. */
  get notice(): string | undefined {
    const now = Date.now();
    const late = [...this.awaiting.values()].filter((a) => now - a.sentAt >= ACK_PATIENCE_MS);
    if (late.length) {
      const names = [...new Set(late.map((a) => a.label))].join(', ');
      return `${names}: sent ${Math.round((now - late[0]!.sentAt) / 1000)} s ago, not yet acknowledged by the training worker — it is queued, not lost.`;
    }
    return this.refusal;
  }

  /** A new run: an old refusal no longer applies. */
  clearRefusal(): void {
    this.refusal = undefined;
  }

  /** The worker ended: every waiting control settles with no answer. */
  settleAll(): void {
    for (const a of this.awaiting.values()) {
      clearTimeout(a.timer);
      a.resolve(undefined);
    }
    this.awaiting.clear();
  }
}
