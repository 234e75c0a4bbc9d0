/**
 * One run's timeline (Chart.js): distinct neurons (solid) and effective rank (dashed) of each
 * hidden layer on the left axis, the batch loss on the right, against the step. A text summary
 * of the latest values describes the canvas for screen readers.
 */
import {
  Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset, type ScatterDataPoint,
} from 'chart.js';
import { fmt } from '../../format';
import type { SymRun } from './protocol';
import { themeColor, themedAxis } from '../../theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

const LAYER_COLORS = ['--vscode-charts-blue', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-yellow', '--vscode-charts-red'];


let nextId = 0;

export class Timeline {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly summary: HTMLElement;
  private chart: Chart<'line', ScatterDataPoint[]> | undefined;
  private layers = -1;

  constructor() {
    const id = `timeline-${nextId++}`;
    this.root = document.createElement('figure');
    this.root.className = 'chart timeline';
    const caption = document.createElement('figcaption');
    caption.id = `${id}-caption`;
    caption.textContent = 'Distinct neurons, effective rank and loss';
    const box = document.createElement('div');
    box.className = 'chart-box';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-labelledby', caption.id);
    this.summary = document.createElement('p');
    this.summary.className = 'chart-summary';
    this.summary.id = `${id}-summary`;
    this.canvas.setAttribute('aria-describedby', this.summary.id);
    box.append(this.canvas);
    this.root.append(caption, box, this.summary);
  }

  /** Redraws from the run's points (the run object is replaced whole by each update). */
  update(run: SymRun): void {
    const names = run.latest?.layers.map((l) => l.layer) ?? [];
    const layers = run.points[0]?.distinct.length ?? names.length;
    if (!this.chart || layers !== this.layers) this.create(layers, names);
    const datasets = this.chart!.data.datasets;
    for (let l = 0; l < layers; l++) {
      datasets[2 * l]!.data = run.points.map((p) => ({ x: p.step, y: p.distinct[l] ?? NaN }));
      datasets[2 * l + 1]!.data = run.points.map((p) => ({ x: p.step, y: p.rank[l] ?? NaN }));
    }
    datasets[2 * layers]!.data = run.losses.map((p) => ({ x: p.step, y: p.loss }));
    this.chart!.update('none');
    const last = run.points.at(-1);
    const loss = run.losses.at(-1);
    // How many measurements the distinct and rank lines are drawn through, so a reader (and a test) knows they are lines.
    const span = run.points.length > 1 ? ` Distinct and rank lines: ${run.points.length} measurements, steps ${run.points[0]!.step}–${last!.step}.` : '';
    this.summary.textContent = last
      ? `At step ${last.step}: ${names.map((n, l) => `${n} ${last.distinct[l]} distinct, rank ${fmt(last.rank[l], 3)}`).join('; ')}${loss ? `; batch loss ${fmt(loss.loss)}` : ''}.${span}`
      : 'No data yet.';
  }

  private create(layers: number, names: string[]): void {
    this.chart?.destroy();
    this.layers = layers;
    const fg = themeColor('--vscode-foreground', '#ccc');
    const datasets: ChartDataset<'line', ScatterDataPoint[]>[] = [];
    for (let l = 0; l < layers; l++) {
      const color = themeColor(LAYER_COLORS[l % LAYER_COLORS.length]!, '#3794ff');
      const name = names[l] ?? `layer ${l + 1}`;
      datasets.push({ label: `${name} distinct`, data: [], borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0, stepped: true, yAxisID: 'y', parsing: false });
      datasets.push({ label: `${name} rank`, data: [], borderColor: color, backgroundColor: color, borderWidth: 1.2, borderDash: [5, 3], pointRadius: 0, yAxisID: 'y', parsing: false });
    }
    const lossColor = themeColor('--vscode-charts-orange', '#d18616');
    datasets.push({ label: 'batch loss', data: [], borderColor: lossColor, backgroundColor: lossColor, borderWidth: 1, pointRadius: 0, yAxisID: 'loss', parsing: false });
    this.chart = new Chart<'line', ScatterDataPoint[]>(this.canvas, {
      type: 'line',
      data: { datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: themedAxis('step'),
          y: { ...themedAxis('neurons / rank'), min: 0 },
          loss: { ...themedAxis('loss'), position: 'right', grid: { drawOnChartArea: false } },
        },
        plugins: { legend: { labels: { color: fg, boxWidth: 12 } }, tooltip: { enabled: true } },
      },
    });
  }

  destroy(): void {
    this.chart?.destroy();
  }
}
