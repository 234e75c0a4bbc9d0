/**
 * The decision boundaries of every family side by side, in one figure: each a heatmap of the
 * predicted class over the input plane (paler where the model is unsure), the boundary line,
 * and the training (filled) and validation (ringed) points. Each canvas is an image described
 * by a text summary: which class the model predicts where, and whether a region is enclosed.
 */
import type { LabBoundary, LabPlane, ModelResultEvent } from '../../../engine/protocol/models';
import type { ModelPreset } from '../../../engine/catalogue';
import { percent } from '../../format';
import { classColourName } from '../../class-palette';
import { classColors, cssVar, rgb, toRgb, type Rgb } from './colors';
import { el } from './dom';
import { PRESET_NAMES, shortName } from './labels';
import type { Comparison } from './state';

/** Canvas pixels per side: big enough to see a curve, small enough for six in a row. */
const SIZE = 220;

export class BoundaryFigure {
  readonly root: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly caption: HTMLElement;
  /** What each canvas shows now, so an unchanged result is not redrawn. */
  private readonly drawn = new Map<string, string>();

  constructor() {
    this.caption = el('figcaption', {}, 'Decision boundaries');
    this.grid = el('div', { className: 'boundary-grid' });
    this.root = el('figure', { className: 'boundaries', hidden: true }, this.caption, this.grid);
  }

  update(c: Comparison | undefined): void {
    if (!c?.plane) {
      this.root.hidden = true;
      this.caption.textContent = 'Decision boundaries';
      return;
    }
    this.root.hidden = false;
    const names = c.dataset.classNames;
    this.caption.textContent = `Decision boundaries over the input plane (${shortName(c.dataset.source)}): filled dots are training points, ringed dots validation points; colour is the predicted class${names?.length ? ` (${names.map((n, i) => `${colorName(i)}: ${n}`).join(', ')})` : ''}, paler where the model is unsure.`;
    const wanted = new Set(c.presets.map(String));
    for (const tile of [...this.grid.children]) if (!wanted.has((tile as HTMLElement).dataset.preset ?? '')) tile.remove();
    for (const preset of c.presets) this.tile(c, preset);
  }

  private tile(c: Comparison, preset: ModelPreset): void {
    const id = `boundary-${preset}`;
    let canvas = this.grid.querySelector<HTMLCanvasElement>(`#${id}`);
    if (!canvas) {
      canvas = el('canvas', { id, width: SIZE, height: SIZE });
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-describedby', `${id}-summary`);
      const tile = el('div', { className: 'boundary' }, el('h3', {}, PRESET_NAMES[preset]), canvas, el('p', { className: 'chart-summary', id: `${id}-summary` }));
      tile.dataset.preset = preset;
      this.grid.append(tile);
    }
    const r = c.results[preset];
    const key = `${c.id}|${r?.status ?? 'pending'}|${document.body.className}`;
    if (this.drawn.get(preset) === key) return;
    this.drawn.set(preset, key);
    const summary = this.grid.querySelector(`#${id}-summary`)!;
    canvas.setAttribute('aria-label', `Decision boundary of ${PRESET_NAMES[preset]}`);
    const ctx = canvas.getContext('2d')!;
    ctx.clearRect(0, 0, SIZE, SIZE);
    if (r?.boundary) {
      drawBoundary(ctx, c.plane!, r.boundary);
      drawPoints(ctx, c.plane!);
      summary.textContent = describe(r, r.boundary, c.dataset.classNames);
    } else {
      drawPoints(ctx, c.plane!);
      summary.textContent = r?.status === 'refused' ? `${PRESET_NAMES[preset]}: skipped (${r.refused}).` : `${PRESET_NAMES[preset]}: not trained yet.`;
    }
  }
}

const colorName = classColourName;

/** Colour `c` at strength `a` over the background `bg`, as opaque pixels (so pixel tests see exactly what is drawn). */
function blend(c: Rgb, bg: Rgb, a: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(bg[i]! + (c[i]! - bg[i]!) * a)) as Rgb;
}

function drawBoundary(ctx: CanvasRenderingContext2D, plane: LabPlane, b: LabBoundary): void {
  const n = plane.resolution, colors = classColors();
  const bg = toRgb(cssVar('--vscode-editor-background', '#1e1e1e'));
  const img = new ImageData(n, n);
  let lo = Infinity, hi = -Infinity;
  if (b.kind === 'value') {
    for (const v of b.cells) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  for (let i = 0; i < n * n; i++) {
    const px = b.kind === 'class'
      ? blend(colors[b.cells[i]! % colors.length]!, bg, 0.2 + 0.5 * (b.confidence?.[i] ?? 1))
      : blend(blend(colors[0]!, colors[1]!, hi > lo ? (b.cells[i]! - lo) / (hi - lo) : 0.5), bg, 0.6);
    img.data.set([...px, 255], i * 4);
  }
  const cells = document.createElement('canvas');
  cells.width = cells.height = n;
  cells.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(cells, 0, 0, SIZE, SIZE);
  if (b.kind !== 'class') return;
  // The boundary: an edge wherever two neighbouring cells predict different classes.
  const cell = SIZE / n;
  ctx.strokeStyle = cssVar('--vscode-foreground', '#cccccc');
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) {
    const k = b.cells[row * n + col];
    if (col + 1 < n && b.cells[row * n + col + 1] !== k) {
      ctx.moveTo((col + 1) * cell, row * cell);
      ctx.lineTo((col + 1) * cell, (row + 1) * cell);
    }
    if (row + 1 < n && b.cells[(row + 1) * n + col] !== k) {
      ctx.moveTo(col * cell, (row + 1) * cell);
      ctx.lineTo((col + 1) * cell, (row + 1) * cell);
    }
  }
  ctx.stroke();
}

function drawPoints(ctx: CanvasRenderingContext2D, plane: LabPlane): void {
  const colors = classColors(), n = plane.resolution;
  const fg = cssVar('--vscode-foreground', '#cccccc'), bg = cssVar('--vscode-editor-background', '#1e1e1e');
  const [x0, x1] = plane.xRange, [y0, y1] = plane.yRange;
  // Cell j is centred on x0 + j·(x1 − x0)/(n − 1): points are placed on the same lattice.
  const px = (x: number) => (((x - x0) / (x1 - x0)) * (n - 1) + 0.5) * (SIZE / n);
  const py = (y: number) => (((y1 - y) / (y1 - y0)) * (n - 1) + 0.5) * (SIZE / n);
  const draw = (points: number[], filled: boolean) => {
    for (let i = 0; i < points.length; i += 3) {
      const color = rgb(colors[Math.max(0, Math.round(points[i + 2]!)) % colors.length]!);
      ctx.beginPath();
      ctx.arc(px(points[i]!), py(points[i + 1]!), filled ? 2.4 : 2.8, 0, 2 * Math.PI);
      ctx.fillStyle = filled ? color : bg;
      ctx.fill();
      ctx.lineWidth = filled ? 0.6 : 1.4;
      ctx.strokeStyle = filled ? fg : color;
      ctx.stroke();
    }
  };
  draw(plane.train, true);
  draw(plane.validation, false);
}

/** The text a screen reader gets for a boundary: accuracy, each class's share of the plane, enclosed or not. */
export function describe(r: ModelResultEvent, b: LabBoundary, classNames?: readonly string[]): string {
  const head = `${PRESET_NAMES[r.preset]}: ${r.valAccuracy !== undefined ? `validation accuracy ${percent(r.valAccuracy)}` : `validation R² ${r.valR2?.toFixed(3) ?? '–'}`}.`;
  if (b.kind === 'value') {
    const lo = Math.min(...b.cells), hi = Math.max(...b.cells);
    return `${head} Predictions over the plane range from ${lo.toFixed(2)} (${colorName(0)}) to ${hi.toFixed(2)} (${colorName(1)}).`;
  }
  const n = Math.round(Math.sqrt(b.cells.length));
  const shares = new Map<number, number>();
  for (const k of b.cells) shares.set(k, (shares.get(k) ?? 0) + 1);
  const onEdge = new Set<number>();
  for (let i = 0; i < n; i++) for (const c of [b.cells[i]!, b.cells[(n - 1) * n + i]!, b.cells[i * n]!, b.cells[i * n + n - 1]!]) onEdge.add(c);
  const parts = [...shares.entries()].sort((a, c) => a[0] - c[0]).map(([k, v]) => {
    const name = classNames?.[k] ?? `class ${k}`;
    return `${name} (${colorName(k)}) on ${Math.round((100 * v) / b.cells.length)}%${onEdge.has(k) ? '' : ', an enclosed region (a closed boundary)'}`;
  });
  return `${head} Predicts ${parts.join('; ')}.`;
}
