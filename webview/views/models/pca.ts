/**
 * The PCA part of the panel: the explained-variance curve (each component's share and the
 * running total), the first components of image data drawn as images ("eigen-images"), and
 * the validation accuracy of logistic regression on the first k components as k grows. Every
 * chart has a text summary of what it shows.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { PcaVarianceEvent } from '../../../engine/protocol/models';
import { percent } from '../../format';
import { cssVar } from './colors';
import { el, section } from './dom';
import { shortName } from './labels';
import type { PcaAnalysis } from './state';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

/** Pixels per image pixel of an eigen-image: 28×28 digits become 84×84. */
const IMAGE_SCALE = 3;

export class PcaPanel {
  readonly root: HTMLElement;
  readonly runButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly varianceBox: HTMLElement;
  private readonly varianceSummary: HTMLElement;
  private readonly images: HTMLElement;
  private readonly accuracyBox: HTMLElement;
  private readonly accuracySummary: HTMLElement;
  private variance: Chart | undefined;
  private accuracy: Chart | undefined;
  private imagesOf: PcaVarianceEvent | undefined;

  constructor() {
    this.runButton = el('button', { type: 'button', id: 'pca-run' }, 'Analyse principal components');
    this.status = el('p', { className: 'status', id: 'pca-status' }, 'Principal components of the dataset: how many directions hold its variance, and how many a linear model needs.');
    this.status.setAttribute('role', 'status');
    const canvas = (id: string, label: string) => {
      const c = el('canvas', { id });
      c.setAttribute('role', 'img');
      c.setAttribute('aria-label', label);
      c.setAttribute('aria-describedby', `${id}-summary`);
      return c;
    };
    this.varianceBox = el('div', { className: 'chart-box' }, canvas('pca-variance', 'Explained variance by component'));
    this.varianceSummary = el('p', { className: 'chart-summary', id: 'pca-variance-summary' });
    this.accuracyBox = el('div', { className: 'chart-box' }, canvas('pca-accuracy', 'Validation accuracy on the first k components'));
    this.accuracySummary = el('p', { className: 'chart-summary', id: 'pca-accuracy-summary' });
    this.images = el('figure', { className: 'eigen-images', id: 'pca-eigen', hidden: true });
    const charts = el('div', { className: 'charts' },
      el('figure', { className: 'chart' }, el('figcaption', {}, 'Explained variance'), this.varianceBox, this.varianceSummary),
      el('figure', { className: 'chart' }, el('figcaption', {}, 'Accuracy on k components'), this.accuracyBox, this.accuracySummary));
    this.root = section('pca', 'Principal components (PCA)', el('div', { className: 'buttons' }, this.runButton), this.status, charts, this.images);
  }

  update(p: PcaAnalysis | undefined, busy: boolean): void {
    this.runButton.disabled = busy;
    if (!p) return;
    const v = p.variance;
    this.status.textContent = `${shortName(v.dataset.source)}: ${v.ratios.length} components fitted on ${v.dataset.trainRows.toLocaleString('en-US')} training rows${v.standardized ? ' on standardized inputs (each feature to mean 0, sd 1 first)' : ' on raw inputs (image pixels, not standardized)'}.` +
      (p.done ? (p.cancelled ? ' Cancelled.' : '') : ` Training on k components… ${p.accuracy.length} of ${p.accuracy[0]?.total ?? '?'}`);
    this.drawVariance(v);
    this.drawAccuracy(p);
    if (this.imagesOf !== v) this.drawImages(v);
  }

  private drawVariance(v: PcaVarianceEvent): void {
    const labels = v.ratios.map((_, i) => String(i + 1));
    const data = {
      labels,
      datasets: [
        { type: 'bar' as const, label: 'share of variance', data: v.ratios, backgroundColor: cssVar('--vscode-charts-blue', '#3794ff') },
        { type: 'line' as const, label: 'cumulative', data: v.cumulative, borderColor: cssVar('--vscode-charts-orange', '#d18616'), pointRadius: 0 },
      ],
    };
    if (this.variance) {
      this.variance.data = data;
      this.variance.update('none');
    } else {
      this.variance = new Chart(this.varianceBox.querySelector('canvas')!, { type: 'bar', data, options: options('component', 'share of variance') });
    }
    const reach = (t: number) => v.cumulative.findIndex((c) => c >= t) + 1;
    // Each k once: on 2-D data "2" and "all of them" are the same k.
    const ks = [...new Set([2, 10, v.ratios.length])].filter((k) => k > 1 && k <= v.cumulative.length);
    const kept = ks.map((k) => `${k} keep ${percent(v.cumulative[k - 1])}`);
    const needs = [0.5, 0.8, 0.9].filter((t) => reach(t) > 0).map((t) => `${percent(t)} needs ${reach(t)}`);
    const inputs = v.standardized ? 'standardized inputs' : 'raw inputs (pixels share one unit)';
    this.varianceSummary.textContent = `PCA on ${inputs}. The first component keeps ${percent(v.ratios[0])} of the variance${kept.length ? `; ${kept.join(', ')}` : ''}.${needs.length ? ` ${needs.join('; ')} components.` : ''}`;
  }

  private drawAccuracy(p: PcaAnalysis): void {
    const regression = p.variance.dataset.task === 'regression';
    const points = p.accuracy.map((a) => ({ x: a.k, y: (regression ? a.valR2 : a.valAccuracy) ?? NaN }));
    const data = {
      labels: points.map((q) => String(q.x)),
      datasets: [{ type: 'line' as const, label: regression ? 'validation R² (linear regression)' : 'validation accuracy (logistic regression)', data: points.map((q) => q.y), borderColor: cssVar('--vscode-charts-green', '#89d185'), backgroundColor: cssVar('--vscode-charts-green', '#89d185') }],
    };
    if (this.accuracy) {
      this.accuracy.data = data;
      this.accuracy.update('none');
    } else {
      this.accuracy = new Chart(this.accuracyBox.querySelector('canvas')!, { type: 'line', data, options: options('components k', regression ? 'R²' : 'accuracy') });
    }
    this.accuracySummary.textContent = points.length
      ? `${regression ? 'Validation R²' : 'Validation accuracy'} by number of components: ${points.map((q) => `k = ${q.x}: ${regression ? q.y.toFixed(3) : percent(q.y)}`).join(', ')}.`
      : 'No model trained yet.';
  }

  /** The mean image and the first components, each scaled so its largest |value| is full contrast (grey is 0). */
  private drawImages(v: PcaVarianceEvent): void {
    this.imagesOf = v;
    const e = v.eigenImages;
    this.images.hidden = !e;
    if (!e) return this.images.replaceChildren();
    const [h, w, channels] = e.shape;
    const tile = (values: number[], label: string, signed: boolean) => {
      const c = el('canvas', { width: w * IMAGE_SCALE, height: h * IMAGE_SCALE, className: 'eigen-image' });
      c.setAttribute('role', 'img');
      c.setAttribute('aria-label', label);
      const small = document.createElement('canvas');
      small.width = w;
      small.height = h;
      const img = new ImageData(w, h);
      let max = 0;
      for (const x of values) max = Math.max(max, Math.abs(x));
      for (let i = 0; i < h * w; i++) {
        // Channels are averaged: an eigen-image shows where a component weighs, not its colour.
        let s = 0;
        for (let ch = 0; ch < channels; ch++) s += values[i * channels + ch]!;
        s /= channels;
        const g = Math.round(signed ? 128 + (127 * s) / (max || 1) : (255 * s) / (max || 1));
        img.data.set([g, g, g, 255], i * 4);
      }
      small.getContext('2d')!.putImageData(img, 0, 0);
      const ctx = c.getContext('2d')!;
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(small, 0, 0, c.width, c.height);
      return el('div', { className: 'eigen-tile' }, c, el('span', {}, label));
    };
    this.images.replaceChildren(
      el('figcaption', {}, `Eigen-images: the mean image and the first ${e.components.length} principal components as ${h}×${w} images (grey is 0, light positive, dark negative).`),
      el('div', { className: 'eigen-grid' },
        tile(e.mean, 'mean', false),
        ...e.components.map((c, i) => tile(c, `component ${i + 1}: ${percent(v.ratios[i])}`, true))),
    );
  }
}

function options(x: string, y: string) {
  const fg = cssVar('--vscode-foreground', '#cccccc');
  return {
    responsive: true, maintainAspectRatio: false, animation: false as const,
    plugins: { legend: { labels: { color: fg } } },
    scales: {
      x: { title: { display: true, text: x, color: fg }, ticks: { color: fg } },
      y: { title: { display: true, text: y, color: fg }, ticks: { color: fg }, beginAtZero: true },
    },
  };
}
