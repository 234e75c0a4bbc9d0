/**
 * Live Chart.js charts of a run: loss, accuracy (or R²), learning rate and gradient norm.
 * Charts are created once and fed points; redraws are coalesced to at most one per ~33 ms
 * (30 frames a second) whatever the event rate. Each chart has a text summary of its latest
 * values for screen readers (the canvas is an image described by that text).
 */
import {
  CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip,
  type ChartDataset, type ScatterDataPoint,
} from 'chart.js';
import type { EpochEvent, StepEvent } from '../engine/protocol/training';
import type { RunSnapshot } from './protocol';
import { fmt } from './format';
import { themeColor } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Legend, Tooltip, Filler);

export interface ChartOptions {
  logScale: boolean;
  /** Exponential smoothing of per-batch series, 0 (none) … 0.99. */
  smoothing: number;
  xAxis: 'step' | 'epoch';
}

type Series = { label: string; color: string; from: 'step' | 'epoch'; value: (e: StepEvent | EpochEvent) => number | undefined; smooth?: boolean; dash?: boolean };

interface ChartSpec {
  id: string;
  title: string;
  yLabel: string;
  series: Series[];
  logAllowed: boolean;
}

const step = (f: (e: StepEvent) => number | undefined) => (e: StepEvent | EpochEvent) => f(e as StepEvent);
const epoch = (f: (e: EpochEvent) => number | undefined) => (e: StepEvent | EpochEvent) => f(e as EpochEvent);


function specs(regression: boolean): ChartSpec[] {
  const c = (v: string, f: string) => themeColor(v, f);
  return [
    {
      id: 'loss', title: 'Loss', yLabel: 'loss', logAllowed: true,
      series: [
        { label: 'batch loss', color: c('--vscode-charts-blue', '#3794ff'), from: 'step', value: step((e) => e.loss), smooth: true },
        { label: 'train loss', color: c('--vscode-charts-green', '#89d185'), from: 'epoch', value: epoch((e) => e.trainLoss) },
        { label: 'validation loss', color: c('--vscode-charts-orange', '#d18616'), from: 'epoch', value: epoch((e) => e.valLoss), dash: true },
      ],
    },
    regression
      ? {
          id: 'accuracy', title: 'R²', yLabel: 'R²', logAllowed: false,
          series: [
            { label: 'train R²', color: c('--vscode-charts-green', '#89d185'), from: 'epoch', value: epoch((e) => e.trainR2) },
            { label: 'validation R²', color: c('--vscode-charts-orange', '#d18616'), from: 'epoch', value: epoch((e) => e.valR2), dash: true },
          ],
        }
      : {
          id: 'accuracy', title: 'Accuracy', yLabel: 'accuracy', logAllowed: false,
          series: [
            { label: 'batch accuracy', color: c('--vscode-charts-blue', '#3794ff'), from: 'step', value: step((e) => e.accuracy), smooth: true },
            { label: 'train accuracy', color: c('--vscode-charts-green', '#89d185'), from: 'epoch', value: epoch((e) => e.trainAccuracy) },
            { label: 'validation accuracy', color: c('--vscode-charts-orange', '#d18616'), from: 'epoch', value: epoch((e) => e.valAccuracy), dash: true },
          ],
        },
    {
      id: 'lr', title: 'Learning rate', yLabel: 'learning rate', logAllowed: true,
      series: [{ label: 'learning rate', color: c('--vscode-charts-purple', '#b180d7'), from: 'step', value: step((e) => e.learningRate) }],
    },
    {
      id: 'gradnorm', title: 'Gradient norm', yLabel: '‖g‖', logAllowed: true,
      series: [{ label: 'gradient norm', color: c('--vscode-charts-red', '#f14c4c'), from: 'step', value: step((e) => e.gradNorm), smooth: true }],
    },
  ];
}

interface LiveChart {
  spec: ChartSpec;
  chart: Chart<'line', ScatterDataPoint[]>;
  summary: HTMLElement;
  /** Running smoothed value per series (exponential moving average). */
  ema: (number | undefined)[];
  /** Per series: whether its last point is the run's latest, which the snapshot's lists left out (replaced by the next). */
  provisional: boolean[];
}

export class LiveCharts {
  private charts: LiveChart[] = [];
  private redrawPending = false;
  private lastDraw = 0;
  private stepsPerEpoch = 1;
  private regression = false;

  constructor(private readonly host: HTMLElement, private readonly options: ChartOptions, private readonly only?: string[]) {}

  /** Rebuilds every chart from a snapshot (a replay, or a change of axis or smoothing). */
  reset(s: RunSnapshot | null): void {
    const regression = s?.started?.dataset.task === 'regression';
    if (regression !== this.regression || !this.charts.length) {
      this.regression = regression;
      this.create();
    }
    this.stepsPerEpoch = Math.max(1, s?.started?.stepsPerEpoch ?? 1);
    for (const c of this.charts) {
      c.chart.data.datasets.forEach((d) => (d.data = []));
      c.ema = c.spec.series.map(() => undefined);
      c.provisional = c.spec.series.map(() => false);
    }
    if (s) {
      for (const e of s.steps) this.add(e);
      for (const e of s.epochs) this.add(e);
      if (s.lastStep && s.lastStep !== s.steps.at(-1)) this.add(s.lastStep, false);
      if (s.lastEpoch && s.lastEpoch !== s.epochs.at(-1)) this.add(s.lastEpoch, false);
    }
    this.redraw(true);
  }

  /**
   * Adds one event's points; the redraw follows on the next frame slot. `kept`: false for the
   * run's latest step or epoch that the snapshot's lists leave out — drawn until the next one.
   */
  add(e: StepEvent | EpochEvent, kept = true): void {
    for (const c of this.charts) {
      c.spec.series.forEach((series, i) => {
        if (series.from !== e.type) return;
        const data = c.chart.data.datasets[i]!.data;
        if (c.provisional[i]) data.pop();
        c.provisional[i] = false;
        let y = series.value(e);
        if (y === undefined || !Number.isFinite(y)) return;
        if (series.smooth && this.options.smoothing > 0) {
          const prev = c.ema[i];
          y = prev === undefined ? y : this.options.smoothing * prev + (1 - this.options.smoothing) * y;
          if (kept) c.ema[i] = y;
        }
        data.push({ x: this.x(e), y });
        c.provisional[i] = !kept;
      });
    }
    this.redraw(false);
  }

  /** Draws now what is pending (before a view acknowledges an update). */
  flush(): void {
    if (this.redrawPending) this.draw();
  }

  setOptions(o: Partial<ChartOptions>, s: RunSnapshot | null): void {
    Object.assign(this.options, o);
    for (const c of this.charts) {
      (c.chart.options.scales!.y as { type: string }).type = this.options.logScale && c.spec.logAllowed ? 'logarithmic' : 'linear';
      (c.chart.options.scales!.x as { title: { text: string } }).title.text = this.options.xAxis;
    }
    this.reset(s);
  }

  /** Colours follow the theme: rebuild after a theme change. */
  retheme(s: RunSnapshot | null): void {
    this.create();
    this.reset(s);
  }

  private x(e: StepEvent | EpochEvent): number {
    if (this.options.xAxis === 'step') return e.step;
    return e.type === 'epoch' ? e.epoch : e.step / this.stepsPerEpoch;
  }

  private create(): void {
    for (const c of this.charts) c.chart.destroy();
    this.host.replaceChildren();
    const fg = themeColor('--vscode-foreground', '#ccc');
    const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
    this.charts = specs(this.regression)
      .filter((spec) => !this.only || this.only.includes(spec.id))
      .map((spec) => {
        const figure = document.createElement('figure');
        figure.className = 'chart';
        const caption = document.createElement('figcaption');
        caption.textContent = spec.title;
        caption.id = `chart-${spec.id}-title`;
        const box = document.createElement('div');
        box.className = 'chart-box';
        const canvas = document.createElement('canvas');
        canvas.id = `chart-${spec.id}`;
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-labelledby', caption.id);
        canvas.setAttribute('aria-describedby', `chart-${spec.id}-summary`);
        const summary = document.createElement('p');
        summary.className = 'chart-summary';
        summary.id = `chart-${spec.id}-summary`;
        summary.textContent = 'No data yet.';
        box.append(canvas);
        figure.append(caption, box, summary);
        this.host.append(figure);
        const datasets: ChartDataset<'line', ScatterDataPoint[]>[] = spec.series.map((s) => ({
          label: s.label, data: [], borderColor: s.color, backgroundColor: s.color, borderWidth: s.from === 'epoch' ? 2 : 1.2,
          pointRadius: s.from === 'epoch' ? 2 : 0, borderDash: s.dash ? [5, 3] : [], tension: 0, parsing: false, normalized: true,
        }));
        const chart = new Chart<'line', ScatterDataPoint[]>(canvas, {
          type: 'line',
          data: { datasets },
          options: {
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            interaction: { mode: 'nearest', intersect: false },
            scales: {
              x: { type: 'linear', title: { display: true, text: this.options.xAxis, color: fg }, ticks: { color: fg }, grid: { color: grid } },
              y: { type: this.options.logScale && spec.logAllowed ? 'logarithmic' : 'linear', title: { display: true, text: spec.yLabel, color: fg }, ticks: { color: fg }, grid: { color: grid } },
            },
            plugins: { legend: { labels: { color: fg, boxWidth: 12 } }, tooltip: { enabled: true } },
          },
        });
        return { spec, chart, summary, ema: spec.series.map(() => undefined), provisional: spec.series.map(() => false) };
      });
  }

  private redraw(now: boolean): void {
    if (now) {
      this.draw();
      return;
    }
    if (this.redrawPending) return;
    this.redrawPending = true;
    const wait = Math.max(0, this.lastDraw + 33 - performance.now());
    setTimeout(() => requestAnimationFrame(() => this.redrawPending && this.draw()), wait);
  }

  private draw(): void {
    this.redrawPending = false;
    this.lastDraw = performance.now();
    for (const c of this.charts) {
      // Markers on the epoch series only while there are few: thousands of circles a frame are
      // what a long run's charts would spend their time on.
      c.chart.data.datasets.forEach((d, i) => {
        if (c.spec.series[i]!.from === 'epoch') d.pointRadius = d.data.length > 100 ? 0 : 2;
      });
      c.chart.update('none');
      c.summary.textContent = summaryText(c);
    }
  }
}

/**
 * "Loss, latest: batch loss 0.2301, train loss 0.25, validation loss 0.27. At the start: batch
 * loss 0.69, train loss 0.69, validation loss 0.7." A text alternative must say what the chart
 * shows at a glance — which way the curves went — so the first values follow the latest ones.
 */
function summaryText(c: LiveChart): string {
  const latest: string[] = [];
  const start: string[] = [];
  c.chart.data.datasets.forEach((d, i) => {
    const last = d.data.at(-1);
    if (!last) return;
    const hidden = !c.chart.isDatasetVisible(i) ? ' (hidden)' : '';
    latest.push(`${d.label} ${fmt(last.y ?? undefined)}${hidden}`);
    if (d.data.length > 1) start.push(`${d.label} ${fmt(d.data[0]!.y ?? undefined)}${hidden}`);
  });
  if (!latest.length) return 'No data yet.';
  return `${c.spec.title}, latest: ${latest.join(', ')}.${start.length ? ` At the start: ${start.join(', ')}.` : ''}`;
}
