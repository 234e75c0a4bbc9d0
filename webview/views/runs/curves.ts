/**
 * The overlaid curves of the Compare Runs panel: one Chart.js chart per metric, one line per
 * run in that run's colour, with smoothing, log scale and the x axis (step, epoch or seconds)
 * the toolbar sets. Each chart has a text summary (each run's last value) for screen readers.
 */
import { Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip, type ChartDataset, type ScatterDataPoint } from 'chart.js';
import { fmt } from '../../format';
import { themeColor, themedAxis } from '../../theme';
import type { ComparePoint, CompareRun } from './protocol';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

export interface CurveOptions {
  smoothing: number;
  logScale: boolean;
  xAxis: 'step' | 'epoch' | 'time';
}

interface Metric {
  id: string;
  title: string;
  value: (p: ComparePoint) => number | undefined;
  log: boolean;
}

const METRICS: Metric[] = [
  { id: 'train-loss', title: 'Train loss', value: (p) => p.trainLoss, log: true },
  { id: 'val-loss', title: 'Validation loss', value: (p) => p.valLoss, log: true },
  { id: 'val-accuracy', title: 'Validation accuracy', value: (p) => p.valAccuracy, log: false },
  { id: 'val-r2', title: 'Validation R²', value: (p) => p.valR2, log: false },
];

const PALETTE: [string, string][] = [
  ['--vscode-charts-blue', '#3794ff'], ['--vscode-charts-orange', '#d18616'], ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'], ['--vscode-charts-red', '#f14c4c'], ['--vscode-charts-yellow', '#cca700'],
];

/** The colour of the i-th run (theme colours; past six, the same colours dashed). */
export function runColor(i: number): { color: string; dash: number[] } {
  const [v, f] = PALETTE[i % PALETTE.length]!;
  return { color: themeColor(v, f), dash: i >= PALETTE.length ? [6, 3] : [] };
}

const xOf = (p: ComparePoint, axis: CurveOptions['xAxis']) => (axis === 'step' ? p.step : axis === 'epoch' ? p.epoch : p.seconds);

/** Exponential moving average, as the training panel smooths (0: none). */
export function smooth(values: number[], s: number): number[] {
  let prev: number | undefined;
  return values.map((v) => (prev = prev === undefined || s <= 0 ? v : s * prev + (1 - s) * v));
}

export class CompareCurves {
  private charts: Chart<'line', ScatterDataPoint[]>[] = [];

  constructor(private readonly host: HTMLElement) {}

  draw(runs: CompareRun[], o: CurveOptions): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    this.host.replaceChildren();
    for (const m of METRICS) {
      const series = runs.map((r, i) => {
        const pts = r.points.filter((p) => typeof m.value(p) === 'number' && Number.isFinite(m.value(p)!) && (!o.logScale || !m.log || m.value(p)! > 0));
        const ys = smooth(pts.map((p) => m.value(p)!), o.smoothing);
        return { run: r, i, data: pts.map((p, j) => ({ x: xOf(p, o.xAxis), y: ys[j]! })) };
      }).filter((s) => s.data.length);
      if (!series.length) continue;
      const figure = document.createElement('figure');
      figure.className = 'chart';
      figure.dataset.metric = m.id;
      const caption = Object.assign(document.createElement('figcaption'), { textContent: m.title, id: `cmp-${m.id}-title` });
      const box = document.createElement('div');
      box.className = 'chart-box';
      const canvas = document.createElement('canvas');
      canvas.id = `cmp-${m.id}`;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-labelledby', caption.id);
      canvas.setAttribute('aria-describedby', `cmp-${m.id}-summary`);
      const summary = Object.assign(document.createElement('p'), { className: 'chart-summary', id: `cmp-${m.id}-summary` });
      summary.dataset.series = String(series.length);
      summary.textContent = `${m.title}, last values${o.smoothing > 0 ? ' (smoothed)' : ''}: ${series.map((s) => `${s.run.label} ${fmt(s.data.at(-1)!.y)}`).join('; ')}.`;
      box.append(canvas);
      figure.append(caption, box, summary);
      this.host.append(figure);
      const datasets: ChartDataset<'line', ScatterDataPoint[]>[] = series.map((s) => {
        const { color, dash } = runColor(s.i);
        return { label: s.run.label, data: s.data, borderColor: color, backgroundColor: color, borderDash: dash, borderWidth: 1.6, pointRadius: s.data.length < 40 ? 2 : 0, tension: 0, parsing: false };
      });
      this.charts.push(new Chart<'line', ScatterDataPoint[]>(canvas, {
        type: 'line',
        data: { datasets },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          interaction: { mode: 'nearest', intersect: false },
          scales: {
            x: themedAxis(o.xAxis === 'time' ? 'seconds' : o.xAxis),
            y: themedAxis(m.title.toLowerCase(), o.logScale && m.log ? 'logarithmic' : 'linear'),
          },
          // The run list above is the legend (with each run's colour); Chart.js's own would repeat it per chart.
          plugins: { legend: { display: false }, tooltip: { enabled: true } },
        },
      }));
    }
    if (!this.charts.length) this.host.append(Object.assign(document.createElement('p'), { className: 'empty', textContent: runs.length ? 'These runs have no epoch metrics to draw yet.' : 'No runs in the comparison: add some above.' }));
  }
}
