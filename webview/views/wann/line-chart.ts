/**
 * A small Chart.js line chart for the wann view (the population by generation, the accuracy
 * over shared weights): theme colours, redraws coalesced to ~30 a second however fast points
 * arrive, and a text summary the canvas is described by.
 */
import {
  Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset, type ScatterDataPoint,
} from 'chart.js';
import { themeColor } from './colors';
import { themedAxis } from '../../theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

/** A point of this view's charts: never a gap (Chart.js allows null y; nothing here makes one). */
export interface XY {
  x: number;
  y: number;
}

export interface SeriesSpec {
  label: string;
  /** A `--vscode-*` variable and its fallback. */
  color: [string, string];
  /** Plotted against the right-hand axis (e.g. a count beside shares). */
  right?: boolean;
  dash?: boolean;
  /** Points drawn as dots without a line (e.g. the search weights, the slider's weight). */
  dots?: boolean;
}

export interface LineChartSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** Title of the right-hand axis, when a series uses it. */
  y2Label?: string;
  /** Fixed range of the left axis (accuracies: 0…1). */
  yRange?: [number, number];
  series: SeriesSpec[];
  /** The text alternative, from the chart's current data. */
  summarize(data: readonly (readonly XY[])[]): string;
}

export class LineChart {
  readonly element: HTMLElement;
  private readonly chart: Chart<'line', ScatterDataPoint[]>;
  private readonly summary: HTMLParagraphElement;
  private pending = false;
  private lastDraw = 0;

  constructor(private readonly spec: LineChartSpec) {
    const figure = (this.element = document.createElement('figure'));
    figure.className = 'chart';
    const caption = document.createElement('figcaption');
    caption.id = `${spec.id}-title`;
    caption.textContent = spec.title;
    const box = document.createElement('div');
    box.className = 'chart-box';
    const canvas = document.createElement('canvas');
    canvas.id = spec.id;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-labelledby', caption.id);
    canvas.setAttribute('aria-describedby', `${spec.id}-summary`);
    this.summary = document.createElement('p');
    this.summary.id = `${spec.id}-summary`;
    this.summary.className = 'chart-summary';
    this.summary.textContent = 'No data yet.';
    box.append(canvas);
    figure.append(caption, box, this.summary);
    const fg = themeColor('--vscode-foreground', '#cccccc');
    const datasets: ChartDataset<'line', ScatterDataPoint[]>[] = spec.series.map((s) => {
      const color = themeColor(...s.color);
      return {
        label: s.label, data: [], borderColor: color, backgroundColor: color, borderWidth: 1.6, borderDash: s.dash ? [5, 3] : [],
        pointRadius: s.dots ? 4 : 0, showLine: !s.dots, yAxisID: s.right ? 'y2' : 'y', tension: 0, parsing: false, normalized: true,
      };
    });
    const axis = (text: string) => themedAxis(text);
    this.chart = new Chart<'line', ScatterDataPoint[]>(canvas, {
      type: 'line',
      data: { datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: axis(spec.xLabel),
          y: { ...axis(spec.yLabel), ...(spec.yRange ? { min: spec.yRange[0], max: spec.yRange[1] } : {}) },
          ...(spec.series.some((s) => s.right) ? { y2: { ...axis(spec.y2Label ?? ''), position: 'right' as const, grid: { drawOnChartArea: false } } } : {}),
        },
        plugins: { legend: { labels: { color: fg, boxWidth: 12 } }, tooltip: { enabled: true } },
      },
    });
  }

  /** Appends a point to series `i`. */
  add(i: number, point: XY): void {
    this.chart.data.datasets[i]!.data.push(point);
    this.redraw();
  }

  /** Replaces series `i`'s points. */
  set(i: number, points: XY[]): void {
    this.chart.data.datasets[i]!.data = points;
    this.redraw();
  }

  clear(): void {
    for (const d of this.chart.data.datasets) d.data = [];
    this.redraw();
  }

  private redraw(): void {
    if (this.pending) return;
    this.pending = true;
    setTimeout(() => requestAnimationFrame(() => this.draw()), Math.max(0, this.lastDraw + 33 - performance.now()));
  }

  private draw(): void {
    this.pending = false;
    this.lastDraw = performance.now();
    this.chart.update('none');
    this.summary.textContent = this.spec.summarize(this.chart.data.datasets.map((d) => d.data as XY[]));
  }
}
