/**
 * One run in the symmetry panel: its verdict (what the numbers mean and what to try), the
 * actions (break symmetry with a chosen noise scale, reroll), a heatmap per hidden layer and
 * the timeline beside the loss.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { fmt } from '../../format';
import type { Diverging } from './colors';
import { Heatmap, type Matrix } from './heatmap';
import { BREAK_SCALES, type FromSymmetryView, type SymRun } from './protocol';
import { Timeline } from './timeline';
import { statusPosition } from './position';
import { verdict } from './verdict';

const ROLE_LABEL: Record<SymRun['role'], string> = { symmetric: 'Symmetric start', random: 'Random start', current: 'Current run' };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class RunColumn {
  readonly root: HTMLElement;
  private readonly status = el('p', 'status');
  private readonly headline = el('p', 'verdict-headline');
  private readonly details = el('ul', 'verdict-details');
  private readonly next = el('p', 'verdict-next');
  private readonly alert = el('p', 'alert');
  private readonly breakButton: HTMLElement;
  private readonly scale: HTMLSelectElement;
  private readonly rerollButton: HTMLElement;
  private readonly heatmaps = el('div', 'heatmaps');
  private readonly maps: Heatmap[] = [];
  private readonly timeline = new Timeline();
  run: SymRun;

  constructor(run: SymRun, private readonly send: (m: FromSymmetryView) => void) {
    this.run = run;
    this.root = el('section', 'sym-run');
    this.root.dataset.runId = run.id;
    this.root.dataset.role = run.role;
    const title = el('h2', undefined, `${ROLE_LABEL[run.role]}: ${run.init}`);
    title.id = `run-${run.id}-title`;
    this.root.setAttribute('aria-labelledby', title.id);
    const verdictBox = el('div', 'verdict');
    verdictBox.setAttribute('aria-live', 'polite');
    verdictBox.append(this.headline, this.details, this.next);

    this.scale = el('select', 'scale');
    this.scale.setAttribute('aria-label', 'Noise scale (standard deviation)');
    for (const s of BREAK_SCALES) this.scale.append(Object.assign(el('option', undefined, `σ = ${s}`), { value: String(s), selected: s === 0.01 }));
    this.breakButton = document.createElement('vscode-button');
    this.breakButton.textContent = 'Break symmetry';
    this.breakButton.dataset.action = 'break';
    this.breakButton.title = 'Add normal noise of the chosen standard deviation to every weight, and keep training';
    this.breakButton.addEventListener('click', () => {
      if (this.breakButton.hasAttribute('disabled')) return;
      this.send({ type: 'breakSymmetry', runId: this.run.id, scale: Number(this.scale.value) });
    });
    this.rerollButton = document.createElement('vscode-button');
    this.rerollButton.textContent = 'Reroll initialization';
    this.rerollButton.dataset.action = 'reroll';
    this.rerollButton.setAttribute('secondary', '');
    this.rerollButton.title = 'Start again from a new random draw of the weights (new init seed, same data)';
    this.rerollButton.addEventListener('click', () => !this.rerollButton.hasAttribute('disabled') && this.send({ type: 'reroll', runId: this.run.id }));
    const actions = el('div', 'buttons');
    actions.setAttribute('role', 'group');
    actions.setAttribute('aria-label', `Actions on the ${ROLE_LABEL[run.role].toLowerCase()}`);
    actions.append(this.scale, this.breakButton, this.rerollButton);
    this.alert.hidden = true;
    this.root.append(title, this.status, this.alert, verdictBox, actions, this.heatmaps, this.timeline.root);
  }

  update(run: SymRun, matrix: Matrix, scale: Diverging): void {
    this.run = run;
    this.status.textContent = `Status: ${run.status}${statusPosition(run)}${run.trainLoss !== undefined ? ` · training loss ${fmt(run.trainLoss)}` : ''}`;
    this.alert.hidden = !run.message;
    this.alert.textContent = run.message ?? '';
    const v = verdict(run);
    this.root.dataset.verdict = v.kind;
    this.headline.textContent = v.headline;
    this.details.replaceChildren(...v.details.map((d) => el('li', undefined, d)));
    this.next.textContent = v.next ? `Try next: ${v.next}` : '';
    const live = run.status === 'running' || run.status === 'paused';
    this.toggle(this.breakButton, live && !!run.latest);
    this.rerollButton.hidden = !run.canReroll;
    this.toggle(this.rerollButton, run.status !== 'loading');
    const layers = run.latest?.layers ?? [];
    while (this.maps.length > layers.length) this.maps.pop()!.root.remove();
    while (this.maps.length < layers.length) {
      const h = new Heatmap(scale);
      this.maps.push(h);
      this.heatmaps.append(h.root);
    }
    layers.forEach((l, i) => this.maps[i]!.set(l, matrix, scale));
    this.timeline.update(run);
  }

  private toggle(button: HTMLElement, enabled: boolean): void {
    if (enabled) button.removeAttribute('disabled');
    else button.setAttribute('disabled', '');
  }

  destroy(): void {
    this.timeline.destroy();
    this.root.remove();
  }
}

