/**
 * The atlas grid: the activation map cut into cells, each drawn as the input whose activation
 * is nearest the cell's mean and framed in that input's class colour; empty or sparse cells
 * stay blank. It reads the map's sprite sheet, so it costs one drawImage per cell.
 */
import type { ActivationMapEvent } from '../../../engine/protocol/layer-features';
import { pointerAt, sizedCanvas, summaryFor } from './canvas';
import { classColor, palette } from './colors';
import { pixelRange, spriteSheet } from './patches';

export class AtlasView {
  readonly element = document.createElement('section');
  private readonly view = sizedCanvas('Activation atlas', 'features-canvas features-atlas');
  private readonly summary: HTMLParagraphElement;
  private readonly readout = document.createElement('p');
  private event: ActivationMapEvent | undefined;
  private sheet: ReturnType<typeof spriteSheet> | undefined;
  private width = 0;

  constructor(private readonly channels: () => number, private readonly classNames?: string[]) {
    this.element.className = 'features-atlas-block';
    const h = document.createElement('h3');
    h.textContent = 'Atlas grid';
    this.summary = summaryFor(this.view.canvas, 'features-atlas-summary');
    this.readout.className = 'hover-readout';
    this.element.append(h, this.view.canvas, this.readout, this.summary);
    this.view.canvas.addEventListener('mousemove', (e) => this.hover(pointerAt(this.view.canvas, e)));
  }

  update(e: ActivationMapEvent | undefined, width = this.width): void {
    this.width = width;
    if (e && e !== this.event) {
      this.event = e;
      const t = e.thumbnails;
      this.sheet = t ? spriteSheet(t.pixels, t.size, this.channels(), pixelRange([t.pixels])) : undefined;
    }
    this.draw();
  }

  private cellSize(): number {
    const g = this.event?.atlas?.gridSize ?? 1;
    return Math.max(8, Math.floor(Math.min(this.width, 440) / g));
  }

  private draw(): void {
    const e = this.event, a = e?.atlas;
    this.element.hidden = !a;
    if (!e || !a || this.width <= 0) return;
    const cell = this.cellSize(), side = cell * a.gridSize;
    this.view.resize(side, side);
    const ctx = this.view.ctx, p = palette();
    ctx.clearRect(0, 0, side, side);
    ctx.imageSmoothingEnabled = false;
    for (const c of a.cells) {
      // Row 0 of the grid is the map's smallest y: draw it at the bottom, as the map does.
      const x = c.gx * cell, y = (a.gridSize - 1 - c.gy) * cell;
      ctx.fillStyle = e.labels ? classColor(p, e.labels[c.nearest]!) : p.muted;
      ctx.fillRect(x, y, cell, cell);
      if (this.sheet) {
        const { sx, sy } = this.sheet.at(c.nearest);
        ctx.drawImage(this.sheet.canvas, sx, sy, this.sheet.size, this.sheet.size, x + 1.5, y + 1.5, cell - 3, cell - 3);
      }
    }
    const points = a.cells.reduce((s, c) => s + c.count, 0);
    this.summary.textContent = `Atlas of ${e.layer}: the map in a ${a.gridSize}×${a.gridSize} grid; ${a.cells.length} cells with enough points (${points} of ${e.rows.length} points) each show the image nearest their mean activation.`;
  }

  private hover(at: { x: number; y: number }): void {
    const e = this.event, a = e?.atlas;
    if (!e || !a) return;
    const cell = this.cellSize();
    const gx = Math.floor(at.x / cell), gy = a.gridSize - 1 - Math.floor(at.y / cell);
    const c = a.cells.find((k) => k.gx === gx && k.gy === gy);
    if (!c) {
      this.readout.textContent = '';
      return;
    }
    const label = e.labels ? `, shown by an image of class ${this.classNames?.[e.labels[c.nearest]!] ?? e.labels[c.nearest]}` : '';
    this.readout.textContent = `Cell (${gx + 1}, ${gy + 1}): ${c.count} points${label}`;
  }
}
