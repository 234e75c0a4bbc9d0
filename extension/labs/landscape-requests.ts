/**
 * The landscape requests of one lab panel: gives each an id, remembers where it went (the run's
 * worker or the panel's own), passes on to the panel only the answers to its own requests, and
 * cancels what is still running when asked or when the panel closes. No `vscode` here.
 */
import type { LandscapeRequest, LandscapeWorkerEvent } from '../../engine/landscape/protocol';
import type { EngineEvent, EngineRequest } from '../../engine/protocol';
import type { ToLandscapeView } from '../../webview/views/landscape/protocol';

/** Where a request goes: `RunController.probe`, or a panel's own `WorkerHost.post`. */
export type RequestTarget = (req: EngineRequest) => void;

/** A landscape request before it has an id. */
export type LandscapeAsk = LandscapeRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

// Ids are unique across panels: panels share the run's worker, and each takes only its own answers.
let nextId = 1;

const ANSWERS = new Set<string>(['landscapeProgress', 'landscape', 'landscapeCancelled', 'landscapeFailed', 'curvature', 'surface', 'convexity', 'race']);

/** Whether `e` ends the computation it answers (a race ends with its `done` frame). */
function isFinal(e: LandscapeWorkerEvent): boolean {
  return e.type === 'race' ? e.done : e.type !== 'landscapeProgress';
}

export class LandscapeRequests {
  private readonly open = new Map<number, RequestTarget>();

  constructor(private readonly toView: (m: ToLandscapeView) => void) {}

  /** Sends `ask` to `target` with a fresh id; returns the id. */
  send(target: RequestTarget, ask: LandscapeAsk): number {
    const id = nextId++;
    this.open.set(id, target);
    target({ ...ask, id } as LandscapeRequest);
    return id;
  }

  /** Takes an event from a worker: forwards it to the view when it answers one of this panel's requests. */
  receive(e: EngineEvent): void {
    if (!ANSWERS.has(e.type) || !('id' in e) || !this.open.has(e.id)) return;
    const event = e as LandscapeWorkerEvent;
    if (isFinal(event)) this.open.delete(event.id);
    this.toView({ type: 'event', event });
  }

  /** Asks every computation still running to stop (each answers 'landscapeCancelled'). */
  cancelAll(): void {
    for (const [id, target] of this.open) target({ type: 'cancelLandscape', id });
  }

  /** Ids still waiting for their final answer. */
  get pending(): number[] {
    return [...this.open.keys()];
  }
}
