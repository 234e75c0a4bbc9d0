/**
 * One weight-agnostic search as the extension sees it: a worker of its own, the search's events
 * kept so a view that (re)opens gets all of them at once, and the view's intents turned into
 * worker requests. No `vscode` here, so tests drive it with a real worker from plain Node.
 */
import type { EngineEvent } from '../../engine/protocol/training';
import type { WannStartRequest } from '../../engine/protocol/wann';
import type { WorkerMessage } from '../../engine/session';
import type { FromWannView, ToWannView, WannViewEvent } from '../../webview/views/wann/protocol';
import type { WorkerHost } from '../worker-host';

/** The part of a WorkerHost a relay uses. */
export type WannWorker = Pick<WorkerHost, 'post' | 'onMessage' | 'onExit' | 'kill'>;

/** Events of the search a view needs to rebuild itself (slider answers are momentary and not kept). */
function isKept(e: EngineEvent): e is WannViewEvent {
  return (e.type.startsWith('wann-') && e.type !== 'wann-evaluation') || e.type === 'error';
}

export class WannRelay {
  private readonly events: WannViewEvent[] = [];
  private disposed = false;

  constructor(
    private readonly worker: WannWorker,
    readonly title: string,
    private readonly post: (m: ToWannView) => void,
  ) {
    worker.onMessage((m: WorkerMessage) => {
      if (m.type === 'probe') this.relay(m.event);
      // A request the session could not route at all comes back as a training error.
      else if (m.type === 'events') for (const e of m.events) if (e.type === 'error') this.relay(e);
    });
    worker.onExit((e) => {
      if (e.unexpected) this.relay({ type: 'error', message: `the search's worker stopped (${e.reason}); start the search again`, userError: false });
    });
  }

  /** Sends the start request; the worker is started by it. */
  start(request: WannStartRequest): void {
    this.worker.post(request);
  }

  /** Acts on a validated message of the view. */
  handle(m: FromWannView): void {
    if (this.disposed) return;
    switch (m.type) {
      case 'ready': return this.post({ type: 'wann-replay', title: this.title, events: [...this.events] });
      case 'control': return this.worker.post({ type: `wann-${m.action}` });
      case 'evaluate': return this.worker.post({ type: 'wann-evaluate', weight: m.weight });
    }
  }

  /** Ends the search for good: the panel closed. */
  dispose(): void {
    this.disposed = true;
    void this.worker.kill();
  }

  private relay(e: EngineEvent): void {
    if (this.disposed) return;
    if (e.type === 'wann-evaluation') return this.post({ type: 'wann-event', event: e });
    if (!isKept(e)) return;
    this.events.push(e);
    this.post({ type: 'wann-event', event: e });
  }
}
