/**
 * The term-count panel: as the user changes the number of inputs, the degree or the rows, how
 * many terms a polynomial expansion makes and what it costs in memory — computed here with the
 * engine's own counting (no expansion, no round trip), so it follows every keystroke. The
 * 100×100-image button shows the example: 10,000 pixels → 50,005,000 quadratic terms.
 */
import { termReport, type TermReport } from '../../../shared/term-report';
import { el, numberField, section, wholeValue } from './dom';
import { bytes, count } from './labels';
import { MAX_DEGREE } from '../../../engine/catalogue';

const FEATURES: readonly [number, number] = [1, 10_000_000];
const ROWS: readonly [number, number] = [1, 100_000_000];
/** The example: a 100×100 grayscale image. */
const IMAGE_PIXELS = 10_000;

export class TermsPanel {
  readonly root: HTMLElement;
  private readonly features: HTMLInputElement;
  private readonly rows: HTMLInputElement;
  private readonly degree: HTMLInputElement;
  private readonly degreeValue: HTMLOutputElement;
  private readonly interactions: HTMLInputElement;
  private readonly result: HTMLElement;
  private readonly table: HTMLTableSectionElement;
  private readonly datasetButton: HTMLButtonElement;
  private dataset: { features: number; rows: number; source: string } | undefined;

  constructor() {
    const features = numberField('terms-features', 'Inputs (n)', 2, FEATURES, 'Features before the expansion: 2 for the plane, 784 for a 28×28 digit, 10,000 for a 100×100 image.');
    const rows = numberField('terms-rows', 'Rows', 1000, ROWS, 'Training rows the expanded table holds (memory grows with them).');
    this.features = features.input;
    this.rows = rows.input;
    this.degree = el('input', { type: 'range', id: 'terms-degree', min: '1', max: String(MAX_DEGREE), step: '1', value: '2', className: 'range' });
    this.degreeValue = el('output', { id: 'terms-degree-value' }, '2');
    this.degreeValue.setAttribute('for', 'terms-degree');
    const degreeRow = el('div', { className: 'field' }, el('label', { htmlFor: 'terms-degree' }, 'Degree (d)'), el('div', { className: 'lr' }, this.degree, this.degreeValue),
      el('p', { className: 'help' }, 'Highest power of a term: 2 adds x₁², x₁x₂, x₂²…'));
    this.interactions = el('input', { type: 'checkbox', id: 'terms-interactions', checked: true });
    const interactionsRow = el('div', { className: 'field' }, el('label', {}, this.interactions, ' Interaction terms (x₁x₂…)'),
      el('p', { className: 'help' }, 'Without them each input only gets its own powers: n·d terms.'));
    this.datasetButton = el('button', { type: 'button', id: 'terms-dataset', disabled: true }, 'This dataset');
    const image = el('button', { type: 'button', id: 'terms-image' }, '100×100 image (10,000 pixels)');
    this.result = el('p', { id: 'terms-result', className: 'terms-result' });
    this.result.setAttribute('role', 'status');
    this.table = el('tbody');
    const table = el('table', { className: 'models-table', id: 'terms-table' },
      el('caption', {}, 'Terms and memory for each degree'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Degree'), el('th', { scope: 'col' }, 'Terms C(n+d, d) − 1'), el('th', { scope: 'col' }, 'float32 memory'))),
      this.table);
    this.root = section('terms', 'How many terms? The cost of polynomial features',
      el('p', { className: 'help' }, 'Polynomial terms let a linear model draw curves, but their number explodes with the inputs. Nothing is expanded here: the counts are exact.'),
      el('div', { className: 'buttons' }, this.datasetButton, image),
      el('div', { className: 'controls' }, features.row, degreeRow, rows.row, interactionsRow),
      this.result, table);
    for (const input of [this.features, this.rows, this.degree, this.interactions]) input.addEventListener('input', () => this.render());
    image.addEventListener('click', () => this.set(IMAGE_PIXELS, Number(this.rows.value) || 1000));
    this.datasetButton.addEventListener('click', () => this.dataset && this.set(this.dataset.features, this.dataset.rows));
    this.render();
  }

  /** The dataset the panel compares models on: its inputs become the default n. */
  setDataset(d: { features: number; rows: number; source: string } | undefined): void {
    const changed = d?.source !== this.dataset?.source || d?.features !== this.dataset?.features;
    this.dataset = d;
    this.datasetButton.disabled = !d;
    this.datasetButton.textContent = d ? `This dataset (${count(d.features)} inputs)` : 'This dataset';
    if (d && changed) this.set(d.features, d.rows);
  }

  private set(features: number, rows: number): void {
    this.features.value = String(features);
    this.rows.value = String(rows);
    this.render();
  }

  private render(): void {
    this.degreeValue.textContent = this.degree.value;
    this.degree.setAttribute('aria-valuetext', `degree ${this.degree.value}`);
    const n = wholeValue(this.features, FEATURES), rows = wholeValue(this.rows, ROWS), d = wholeValue(this.degree, [1, MAX_DEGREE]);
    if (n === undefined || rows === undefined || d === undefined) {
      this.result.textContent = `Enter whole numbers: inputs from 1 to ${count(FEATURES[1])}, rows from 1 to ${count(ROWS[1])}.`;
      this.table.replaceChildren();
      return;
    }
    const r = termReport(n, d, rows, this.interactions.checked);
    this.result.textContent = sentence(r);
    this.result.classList.toggle('over-limit', r.refused);
    this.table.replaceChildren(...r.perDegree.map((p) => el('tr', {}, el('td', {}, String(p.degree)), el('td', {}, count(p.terms)), el('td', {}, bytes(p.bytes)))));
  }
}

/** The panel's answer in words: the count, the quadratic share, the memory and the verdict. */
export function sentence(r: TermReport): string {
  const terms = `${count(r.features)} inputs at degree ${r.degree} make ${count(r.terms)} terms`;
  const how = r.interactions ? ' (C(n+d, d) − 1)' : ' (n·d, no interactions)';
  const quadratic = r.interactions && r.degree >= 2 ? `; the quadratic terms xᵢxⱼ alone are n(n+1)/2 = ${count(r.quadratic)}` : '';
  const memory = `. For ${count(r.rows)} rows that is ${bytes(r.bytes)} of float32`;
  const verdict = r.refused
    ? ` — over the ${bytes(r.limitBytes)} limit: Gradient Lab refuses this expansion. Reduce the inputs first (PCA) or use an SVM or a neural network.`
    : `, within the ${bytes(r.limitBytes)} limit.`;
  return terms + how + quadratic + memory + verdict;
}
