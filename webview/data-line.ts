/**
 * The line under a run's title, in the panel and the side Training view alike: what is predicted
 * from what, rows kept and dropped, columns ignored — `decisionsLine`, the same function the CLI
 * and Inspect Dataset print, fed by the run's 'started' event.
 */
import { decisionsLine } from '../shared/decisions-line';
import type { StartedEvent } from '../engine/protocol/training';

export function createDataLine(): { root: HTMLElement; update(started: StartedEvent | undefined): void } {
  const root = document.createElement('p');
  root.className = 'data-line';
  root.hidden = true;
  return {
    root,
    update(started) {
      const d = started?.dataset;
      // Runs recorded before the decisions existed lack the fields: show nothing rather than a wrong line.
      const text = d && Array.isArray(d.features) && Array.isArray(d.rowsDropped) ? decisionsLine(d) : '';
      root.textContent = text;
      root.hidden = !text;
    },
  };
}
