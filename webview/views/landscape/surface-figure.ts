/**
 * One loss surface as the user sees it: the top view (colour map, contours, paths) beside the
 * shaded relief, and a text summary for screen readers (lowest point, where each path ends, and
 * whatever verdict the view adds). With `pickStart`, a click on the map or the keyboard (arrow
 * keys move the start marker, Shift for big steps, Enter to choose it) picks a start point.
 */
import type { GridJson } from '../../../engine/protocol/landscape';
import { fmt } from '../../format';
import { colourScaleText } from './axes';
import { el } from './dom';
import { surfacePalette } from './surface-colors';
import { drawRelief } from './surface-3d';
import { drawMap, DrawnPath, MapMarks, pathEnd, toGrid } from './surface-map';

export interface FigureOptions {
  /** Prefix of element ids (the canvases are `<id>-map` and `<id>-relief`, the summary `<id>-summary`). */
  id: string;
  title: string;
  /** Names of the axes, e.g. 'w' and 'b', or 'α' and 'β'. */
  axes: [string, string];
  /** What the axes measure, drawn under and beside the plots (default: the names). */
  axisTitles?: [string, string];
  /** Called with a chosen start point (click, or Enter on the map). */
  pickStart?: (x: number, y: number) => void;
}

export class SurfaceFigure {
  readonly root: HTMLElement;
  grid: GridJson | undefined;
  private paths: DrawnPath[] = [];
  private marks: MapMarks = {};
  private note = '';
  private titles: [string, string];
  private readonly map: HTMLCanvasElement;
  private readonly relief: HTMLCanvasElement;
  private readonly summary: HTMLElement;
  private pending = false;

  constructor(private readonly o: FigureOptions) {
    this.titles = o.axisTitles ?? o.axes;
    const caption = el('figcaption', { id: `${o.id}-title` }, o.title);
    const describe = (c: HTMLCanvasElement, what: string) => {
      c.setAttribute('role', 'img');
      c.setAttribute('aria-label', `${o.title}: ${what}`);
      c.setAttribute('aria-describedby', `${o.id}-summary`);
      return c;
    };
    this.map = describe(el('canvas', { id: `${o.id}-map`, width: 380, height: 340, className: 'surface-map' }), 'top view with contour lines, axes and a colour scale of the loss');
    this.relief = describe(el('canvas', { id: `${o.id}-relief`, width: 360, height: 280, className: 'surface-relief' }), 'shaded 3-D view with its axes and colour scale');
    this.summary = el('p', { className: 'chart-summary', id: `${o.id}-summary` }, 'No surface yet.');
    this.root = el('figure', { className: 'chart surface-figure' }, caption, el('div', { className: 'surface-canvases' }, this.map, this.relief), this.summary);
    if (o.pickStart) this.enablePicking(o.pickStart);
  }

  setGrid(grid: GridJson): void {
    this.grid = grid;
    this.redraw();
  }

  setPaths(paths: DrawnPath[]): void {
    this.paths = paths;
    this.redraw();
  }

  setMarks(marks: MapMarks): void {
    this.marks = marks;
    this.redraw();
  }

  /** What the axes measure (a slice's random or PCA directions). */
  setAxisTitles(titles: [string, string]): void {
    this.titles = titles;
    this.redraw();
  }

  /** A sentence added to the summary (a convexity or curvature verdict). */
  setNote(note: string): void {
    this.note = note;
    this.redraw();
  }

  get summaryText(): string {
    return this.summary.textContent ?? '';
  }

  /** Redraws on the next frame, at most once per frame however many updates arrive. */
  redraw(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => this.drawNow());
  }

  drawNow(): void {
    this.pending = false;
    const g = this.grid;
    if (!g) return;
    const p = surfacePalette();
    drawMap(this.map, g, this.paths, this.marks, p, this.titles);
    // The relief has room for the short names only; the map beside it spells them out.
    drawRelief(this.relief, g, this.paths, p, this.o.axes);
    this.summary.textContent = this.describe(g);
  }

  private describe(g: GridJson): string {
    const [a, b] = this.o.axes;
    const [ta, tb] = this.titles;
    // A title that starts with the axis's name ("α: distance along …") stands for it; else both.
    const named = (name: string, title: string) => (title === name || title.startsWith(`${name} `) || title.startsWith(`${name}:`) ? title : `${name} (${title})`);
    const parts = [`${this.o.title}: ${named(a, ta)} from ${fmt(g.xAxis[0])} to ${fmt(g.xAxis.at(-1))}, ${named(b, tb)} from ${fmt(g.yAxis[0])} to ${fmt(g.yAxis.at(-1))}; lowest loss on the grid ${fmt(g.min.value)} at (${a}, ${b}) = (${fmt(g.min.x)}, ${fmt(g.min.y)}). ${colourScaleText(g)}`];
    for (const path of this.paths) {
      const end = pathEnd(g, path);
      if (!end) continue;
      const loss = end.loss === undefined ? ', outside the grid' : end.from === 'path' ? `, loss ${fmt(end.loss)}` : `, loss on this plane ${fmt(end.loss)}`;
      parts.push(`${path.label}: ${end.step} steps, ends at (${fmt(end.x)}, ${fmt(end.y)})${loss}.`);
    }
    if (this.marks.start) parts.push(`Start point (${fmt(this.marks.start[0])}, ${fmt(this.marks.start[1])}).`);
    if (this.note) parts.push(this.note);
    return parts.join(' ');
  }

  private enablePicking(pick: (x: number, y: number) => void): void {
    const map = this.map;
    map.tabIndex = 0;
    map.setAttribute('aria-keyshortcuts', 'ArrowLeft ArrowRight ArrowUp ArrowDown Enter');
    map.title = 'Click, or use the arrow keys and Enter, to choose the start point';
    map.addEventListener('click', (e) => {
      const g = this.grid;
      if (!g) return;
      const box = map.getBoundingClientRect();
      const [x, y] = toGrid(map, g, ((e.clientX - box.left) / box.width) * map.width, ((e.clientY - box.top) / box.height) * map.height);
      pick(x, y);
    });
    map.addEventListener('keydown', (e) => {
      const g = this.grid;
      if (!g) return;
      const dx = (g.xAxis.at(-1)! - g.xAxis[0]!) / 40 * (e.shiftKey ? 5 : 1), dy = (g.yAxis.at(-1)! - g.yAxis[0]!) / 40 * (e.shiftKey ? 5 : 1);
      const [x, y] = this.marks.start ?? [(g.xAxis[0]! + g.xAxis.at(-1)!) / 2, (g.yAxis[0]! + g.yAxis.at(-1)!) / 2];
      const move: Record<string, [number, number]> = { ArrowLeft: [-dx, 0], ArrowRight: [dx, 0], ArrowUp: [0, dy], ArrowDown: [0, -dy] };
      const d = move[e.key];
      if (d) {
        e.preventDefault();
        const clamp = (v: number, axis: number[]) => Math.min(axis.at(-1)!, Math.max(axis[0]!, v));
        this.setMarks({ ...this.marks, start: [clamp(x + d[0], g.xAxis), clamp(y + d[1], g.yAxis)] });
      } else if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        pick(x, y);
      }
    });
  }
}
