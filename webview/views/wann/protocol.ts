/**
 * Messages between the extension and the weight-agnostic network view ("wann"). No DOM and no
 * `vscode` here: both sides import it, and each validates what it receives from the other.
 */
import type { ErrorEvent } from '../../../engine/protocol/training';
import type { WannEvent } from '../../../engine/protocol/wann';

/** What the view draws: the search's events (engine/protocol/wann.ts) and its errors. */
export type WannViewEvent = WannEvent | ErrorEvent;

/** To the view. */
export type ToWannView =
  /** Everything of the current search so far (sent when the view says it is ready: after opening, reloading or being shown again). */
  | { type: 'wann-replay'; title: string; events: WannViewEvent[] }
  /** One more event of the current search. */
  | { type: 'wann-event'; event: WannViewEvent };

/** What a button of the view asks of the search. */
export type WannAction = 'pause' | 'resume' | 'stop';

/** From the view. */
export type FromWannView =
  | { type: 'ready' }
  | { type: 'control'; action: WannAction }
  /** The weight slider moved: re-evaluate the champion at this shared weight. */
  | { type: 'evaluate'; weight: number };

/** The slider's range: the paper's sweep, −3 … 3 (wider than the search's ±2, to show where it breaks). */
export const SLIDER_RANGE = { min: -3, max: 3, step: 0.05 } as const;

const ACTIONS: readonly string[] = ['pause', 'resume', 'stop'] satisfies WannAction[];

/** A message from the view, or undefined when it is not one the view may send (a webview is untrusted input). */
export function parseFromWannView(raw: unknown): FromWannView | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready': return { type: 'ready' };
    case 'control':
      return typeof m.action === 'string' && ACTIONS.includes(m.action) ? { type: 'control', action: m.action as WannAction } : undefined;
    case 'evaluate': {
      const w = m.weight;
      return typeof w === 'number' && Number.isFinite(w) && w >= SLIDER_RANGE.min && w <= SLIDER_RANGE.max ? { type: 'evaluate', weight: w } : undefined;
    }
    default: return undefined;
  }
}
