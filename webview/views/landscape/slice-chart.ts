/**
 * The loss along one line through the plane's origin (the weights), at an angle the user sets:
 * a 1-D slice of the 2-D grid, read off it by bilinear interpolation, drawn with Chart.js.
 */
import { Chart, LinearScale, LineController, LineElement, PointElement, type ScatterDataPoint } from 'chart.js';
import type { GridJson } from '../../../engine/protocol/landscape';
import { fmt } from '../../format';
import { el, themeColor } from './dom';
import { lossAt } from './surface-map';

Chart.register(LineController, LineElement, PointElement, LinearScale);

export class SliceChart {
  readonly root: HTMLElement;
  private chart: Chart<'line', ScatterDataPoint[]> | undefined;
  private grid: GridJson | undefined;
  private readonly angle: HTMLInputElement;
  private readonly summary: HTMLElement;
  private readonly canvas: HTMLCanvasElement;

  constructor(id: string) {
    this.angle = el('input', { type: 'range', min: '0', max: '179', step: '1', value: '0', id: `${id}-angle`, className: 'range' });
    this.angle.addEventListener('input', () => this.update());
    this.canvas = el('canvas', { id: `${id}-chart` });
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', '1-D slice of the loss through the weights');
    this.canvas.setAttribute('aria-describedby', `${id}-summary`);
    this.summary = el('p', { className: 'chart-summary', id: `${id}-summary` }, 'No slice yet.');
    this.root = el('figure', { className: 'chart' },
      el('figcaption', {}, '1-D slice through the weights'),
      el('div', { className: 'field' }, el('label', { htmlFor: this.angle.id }, 'Direction (angle from the α axis, degrees)'), this.angle),
      el('div', { className: 'chart-box' }, this.canvas), this.summary);
  }

  setGrid(grid: GridJson): void {
    this.grid = grid;
    this.update();
  }

  /** Colours follow the theme: a new chart picks them up. */
  retheme(): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.update();
  }

  private update(): void {
    const g = this.grid;
    if (!g) return;
    const deg = Number(this.angle.value), a = (deg * Math.PI) / 180;
    const reach = Math.min(Math.abs(g.xAxis[0]!), Math.abs(g.xAxis.at(-1)!), Math.abs(g.yAxis[0]!), Math.abs(g.yAxis.at(-1)!));
    const points: { x: number; y: number }[] = [];
    for (let i = 0; i <= 100; i++) {
      const s = -reach + (2 * reach * i) / 100;
      const v = lossAt(g, s * Math.cos(a), s * Math.sin(a));
      if (v !== undefined) points.push({ x: s, y: v });
    }
    const chart = (this.chart ??= this.create());
    chart.data.datasets[0]!.data = points;
    chart.update('none');
    const low = points.reduce((m, p) => (p.y < m.y ? p : m), points[0] ?? { x: NaN, y: NaN });
    // "Step" is kept for optimizer steps: along a slice it is a distance from the weights.
    this.summary.textContent = `Along ${deg}° through the weights (at distance 0): loss ${fmt(lossAt(g, 0, 0))} at the weights, lowest ${fmt(low.y)} at distance ${fmt(low.x)} along the direction.`;
  }

  private create(): Chart<'line', ScatterDataPoint[]> {
    const fg = themeColor('--vscode-foreground', '#ccc'), line = themeColor('--vscode-charts-blue', '#3794ff');
    const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
    return new Chart<'line', ScatterDataPoint[]>(this.canvas, {
      type: 'line',
      data: { datasets: [{ label: 'loss', data: [], borderColor: line, backgroundColor: line, pointRadius: 0, borderWidth: 2, parsing: false }] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'distance along the direction (in the units of the map\'s axes)', color: fg }, ticks: { color: fg }, grid: { color: grid } },
          y: { type: 'linear', title: { display: true, text: 'loss', color: fg }, ticks: { color: fg }, grid: { color: grid } },
        },
        plugins: { legend: { display: false } },
      },
    });
  }
}
