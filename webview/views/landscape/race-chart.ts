/** The racers' losses side by side over the steps (Chart.js), thinned to ~600 points a racer. */
import { Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip, type ScatterDataPoint } from 'chart.js';
import { fmt } from '../../format';
import { el, themeColor } from './dom';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

export interface RacerSeries {
  label: string;
  losses: readonly number[];
}

const MAX_POINTS = 600;

export class RaceChart {
  readonly root: HTMLElement;
  private chart: Chart<'line', ScatterDataPoint[]> | undefined;
  private readonly canvas: HTMLCanvasElement;
  private readonly summary: HTMLElement;
  private last: RacerSeries[] = [];
  private colors: string[] = [];

  constructor() {
    this.canvas = el('canvas', { id: 'race-loss' });
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Loss of each optimizer over the steps');
    this.canvas.setAttribute('aria-describedby', 'race-loss-summary');
    this.summary = el('p', { className: 'chart-summary', id: 'race-loss-summary' }, 'No race yet.');
    this.root = el('figure', { className: 'chart' }, el('figcaption', {}, 'Loss per step'), el('div', { className: 'chart-box' }, this.canvas), this.summary);
  }

  show(series: RacerSeries[], colors: string[]): void {
    this.last = series;
    this.colors = colors;
    // A log scale shows the last digits of convergence; saddles go below 0, where it cannot.
    const positive = series.every((s) => s.losses.every((v) => v > 0));
    const wanted = positive ? 'logarithmic' : 'linear';
    if (this.chart && (this.chart.options.scales!.y as { type: string }).type !== wanted) {
      this.chart.destroy();
      this.chart = undefined;
    }
    const chart = (this.chart ??= this.create(wanted));
    chart.data.datasets = series.map((s, i) => {
      const stride = Math.max(1, Math.ceil(s.losses.length / MAX_POINTS));
      const data: ScatterDataPoint[] = [];
      for (let k = 0; k < s.losses.length; k += stride) data.push({ x: k, y: s.losses[k]! });
      if (s.losses.length && (s.losses.length - 1) % stride) data.push({ x: s.losses.length - 1, y: s.losses.at(-1)! });
      const color = colors[i % colors.length]!;
      return { label: s.label, data, borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 1.5, parsing: false };
    });
    chart.update('none');
    this.summary.textContent = series.length
      ? `Latest loss: ${series.map((s) => `${s.label} ${fmt(s.losses.at(-1))} after ${Math.max(0, s.losses.length - 1)} steps`).join('; ')}.`
      : 'No race yet.';
  }

  retheme(colors: string[]): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.show(this.last, colors.length ? colors : this.colors);
  }

  private create(type: 'logarithmic' | 'linear'): Chart<'line', ScatterDataPoint[]> {
    const fg = themeColor('--vscode-foreground', '#ccc');
    const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
    return new Chart<'line', ScatterDataPoint[]>(this.canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'step', color: fg }, ticks: { color: fg }, grid: { color: grid } },
          y: { type, title: { display: true, text: 'loss', color: fg }, ticks: { color: fg, callback: (v) => fmt(Number(v), 2) }, grid: { color: grid } },
        },
        plugins: { legend: { labels: { color: fg, boxWidth: 12 } } },
      },
    });
  }
}
