/**
 * The comparison table: one row per model family with its validation accuracy (R² for
 * regression), training time, number of parameters and what its inputs went through; a row
 * still training shows its progress, a skipped one says why (e.g. too many polynomial terms). The
 * first row is the baseline (majority class or mean); a family at or below it is flagged.
 */
import { percent } from '../../format';
import { el } from './dom';
import { PRESET_NAMES, count, seconds, shortName } from './labels';
import type { Comparison } from './state';
import type { ModelPreset } from '../../../engine/catalogue';

export class CompareTable {
  readonly root: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly qualityHeader: HTMLElement;
  private readonly caption: HTMLElement;

  constructor() {
    this.caption = el('caption', {}, 'Model families on one split of the dataset');
    this.qualityHeader = el('th', { scope: 'col' }, 'Validation accuracy');
    const head = el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Model'), this.qualityHeader, el('th', { scope: 'col' }, 'Training time'),
      el('th', { scope: 'col' }, 'Parameters'), el('th', { scope: 'col' }, 'Inputs the model sees'),
    ));
    this.body = el('tbody');
    this.root = el('table', { id: 'models-table', className: 'models-table', hidden: true }, this.caption, head, this.body);
  }

  update(c: Comparison | undefined): void {
    this.root.hidden = !c;
    if (!c) return;
    const regression = c.dataset.task === 'regression';
    this.qualityHeader.textContent = regression ? 'Validation R²' : 'Validation accuracy';
    this.caption.textContent = `${c.presets.length} model families on one split of ${shortName(c.dataset.source)}: ${count(c.dataset.trainRows)} training and ${count(c.dataset.validationRows)} validation rows, ${count(c.dataset.features)} features`;
    this.body.replaceChildren(this.baselineRow(c, regression), ...c.presets.map((p) => this.row(c, p, regression)));
  }

  /** The first row: what ignoring the inputs scores on the same validation rows. */
  private baselineRow(c: Comparison, regression: boolean): HTMLTableRowElement {
    const b = c.baseline;
    const name = el('th', { scope: 'row' }, b.kind === 'majority' ? 'Majority class (baseline)' : 'Mean (baseline)');
    const quality = regression ? (b.valR2 ?? NaN).toFixed(3) : percent(b.valAccuracy);
    const tr = el('tr', { className: 'baseline-row' }, name, ...[quality, '–', '0', `no model: ${b.description}`].map((v) => el('td', {}, v)));
    tr.dataset.preset = 'baseline';
    return tr;
  }

  private row(c: Comparison, preset: ModelPreset, regression: boolean): HTMLTableRowElement {
    const r = c.results[preset];
    const name = el('th', { scope: 'row' }, PRESET_NAMES[preset]);
    let cells: (string | HTMLElement)[];
    if (r?.status === 'refused') {
      const skipped = r.terms !== undefined ? `skipped: ${count(r.terms)} terms` : 'skipped';
      cells = [skipped, '–', '–', el('span', { className: 'refused' }, r.refused ?? '')];
    } else if (r) {
      const quality = regression ? (r.valR2 ?? NaN).toFixed(3) : percent(r.valAccuracy);
      const shown = r.status === 'finished' ? quality : `${quality} (${r.status})`;
      const cell = r.belowBaseline ? el('span', { className: 'below-baseline', title: r.belowBaseline }, `${shown} ⚠ ${r.belowBaseline}`) : shown;
      cells = [cell, seconds(r.seconds), count(r.parameters), r.stages.join('; ') || 'the raw features'];
    } else {
      const p = c.progress?.phase === preset ? c.progress : undefined;
      // The progress is the share of all families: this family's own share is what lies past those before it.
      const own = p ? Math.min(1, Math.max(0, p.fraction * c.presets.length - c.presets.indexOf(preset))) : 0;
      const state = c.done ? (c.cancelled ? 'cancelled' : '–') : p ? `training… ${Math.round(100 * own)}%` : 'waiting';
      cells = [state, '', '', ''];
    }
    const tr = el('tr', {}, name, ...cells.map((v) => el('td', {}, v)));
    tr.dataset.preset = preset;
    if (r?.status === 'refused') tr.className = 'refused-row';
    if (r?.belowBaseline) tr.className = 'below-baseline-row';
    return tr;
  }
}
