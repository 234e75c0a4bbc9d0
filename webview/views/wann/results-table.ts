/** The paper's table (Gaier & Ha 2019, Table 2) for the champion, as an HTML table. */
import type { WannTableEvent } from '../../../engine/protocol/wann';
import { duration, fmt } from '../../format';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** The table and a line on how the run ended; `heldOutRows` names the rows the accuracies are on. */
export function resultsTable(e: WannTableEvent, heldOutRows: number | undefined): HTMLElement[] {
  const table = document.createElement('table');
  table.className = 'wann-table';
  const caption = table.createCaption();
  caption.textContent = `Accuracy on ${heldOutRows !== undefined ? `${heldOutRows} ` : ''}held-out rows, in the form of the paper's table`;
  const head = table.createTHead().insertRow();
  for (const h of ['network', 'accuracy']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of e.rows) {
    const tr = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = r.label;
    const td = tr.insertCell();
    td.textContent = r.sd !== undefined ? `${pct(r.accuracy)} ± ${(100 * r.sd).toFixed(1)}` : pct(r.accuracy);
    tr.prepend(th);
  }
  const note = document.createElement('p');
  note.className = 'help';
  note.textContent =
    `Search ${e.status} after ${e.generations} generations (${e.evaluations} networks evaluated) in ${e.elapsedSeconds < 60 ? `${e.elapsedSeconds.toFixed(1)} s` : duration(e.elapsedSeconds)}. ` +
    tuningNote(e) +
    'The fully-connected row is a fixed topology with one random shared weight: what a topology that was not searched gives.';
  return [table, note];
}

/** How the tuned weights were chosen, from the numbers the worker measured. */
function tuningNote(e: WannTableEvent): string {
  const t = e.trainedLoss;
  const kept = t.keptStep === undefined ? '' : t.keptStep === 0 ? ' No step beat the start on the tuning rows, so the start was kept.' : ` Kept at step ${t.keptStep}.`;
  const tuning = t.startTuningAccuracy !== undefined && t.tuningAccuracy !== undefined
    ? ` On the tuning rows (a held-out fifth of the search rows): ${pct(t.startTuningAccuracy)} at the start, ${pct(t.tuningAccuracy)} kept.` : '';
  return `Tuned weights start at the best single weight (w = ${e.bestWeight}); cross-entropy ${fmt(t.initial)} → ${fmt(t.final)} over ${t.steps} steps.${kept}${tuning} `;
}
