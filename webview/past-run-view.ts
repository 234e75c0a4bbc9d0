/**
 * The read-only part of the training panel when it shows a saved run: which run, how it ended,
 * its config and data decisions, and "Train Again with These Settings". The run buttons act on
 * the live run, so they are hidden here; the settings form stays: it is the next run's.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { FromWebview, PastRunInfo } from './protocol';

export class PastRunView {
  readonly root = document.createElement('section');
  private readonly notes = document.createElement('div');
  private readonly config = document.createElement('details');
  private readonly again = document.createElement('vscode-button');

  constructor(send: (m: FromWebview) => void) {
    this.root.className = 'past-run';
    this.root.setAttribute('aria-label', 'Saved run');
    this.root.hidden = true;
    this.again.textContent = 'Train Again with These Settings';
    this.again.id = 'train-again';
    this.again.title = 'A new run with this run\'s config (a new run folder; this one stays as it is)';
    this.again.addEventListener('click', () => send({ type: 'trainAgain' }));
    this.root.append(this.notes, this.again, this.config);
  }

  show(info: PastRunInfo): void {
    this.root.hidden = false;
    const lead = Object.assign(document.createElement('p'), { className: 'past-run-lead', textContent: `A saved run, shown read-only: its curves are rebuilt from its metrics.jsonl. Status: ${info.status}.` });
    this.notes.replaceChildren(lead, ...info.notes.map((n) => Object.assign(document.createElement('p'), { className: 'past-run-note', textContent: n })));
    if (info.canTrainAgain) this.again.removeAttribute('disabled');
    else this.again.setAttribute('disabled', '');
    const summary = Object.assign(document.createElement('summary'), { textContent: 'Config and data decisions' });
    const table = document.createElement('table');
    table.className = 'past-run-config';
    const row = (k: string, v: string) => {
      const tr = document.createElement('tr');
      tr.append(Object.assign(document.createElement('th'), { textContent: k, scope: 'row' }), Object.assign(document.createElement('td'), { textContent: v }));
      return tr;
    };
    table.append(...info.config.map(([k, v]) => row(k, v)), ...info.data.map((line) => {
      const i = line.indexOf(': ');
      return row(`data ${line.slice(0, i)}`, line.slice(i + 2));
    }));
    this.config.replaceChildren(summary, table);
  }
}
