/**
 * Axes for the surface canvases: the plot box inside the canvas (room left and below for tick
 * labels and axis titles, right for the colour scale), ticks at round values, and the colour
 * scale with the loss values its colours stand for. The plot box is written on the canvas as
 * `data-plot="left,top,width,height"`, so tests (and anyone reading pixels) find the map.
 */
import type { GridJson } from '../../../engine/protocol/landscape';
import { fmt } from '../../format';
import { heightInverse, rampColor, type SurfacePalette } from './surface-colors';

export interface PlotBox { left: number; top: number; width: number; height: number }

/** Margins of the top-view map: tick labels and titles left and below, the colour scale right. */
const MARGIN = { left: 48, top: 10, right: 64, bottom: 38 };

export function plotBox(canvas: HTMLCanvasElement): PlotBox {
  const box = { left: MARGIN.left, top: MARGIN.top, width: canvas.width - MARGIN.left - MARGIN.right, height: canvas.height - MARGIN.top - MARGIN.bottom };
  canvas.dataset.plot = `${box.left},${box.top},${box.width},${box.height}`;
  return box;
}

/** About `count` round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart). */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count, power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

/** Ticks, tick labels and the two axis titles around the plot box. */
export function drawAxes(ctx: CanvasRenderingContext2D, box: PlotBox, grid: GridJson, titles: readonly [string, string], p: SurfacePalette): void {
  const [x0, x1] = [grid.xAxis[0]!, grid.xAxis.at(-1)!], [y0, y1] = [grid.yAxis[0]!, grid.yAxis.at(-1)!];
  ctx.save();
  ctx.strokeStyle = p.ink;
  ctx.fillStyle = p.ink;
  ctx.lineWidth = 1;
  ctx.font = '10px var(--vscode-font-family, sans-serif)';
  ctx.strokeRect(box.left - 0.5, box.top - 0.5, box.width + 1, box.height + 1);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of ticks(x0, x1)) {
    const x = box.left + ((v - x0) / (x1 - x0)) * box.width;
    ctx.beginPath();
    ctx.moveTo(x, box.top + box.height);
    ctx.lineTo(x, box.top + box.height + 4);
    ctx.stroke();
    ctx.fillText(fmt(v), x, box.top + box.height + 6);
  }
  ctx.fillText(titles[0], box.left + box.width / 2, box.top + box.height + 22, box.width + 40);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of ticks(y0, y1)) {
    const y = box.top + (1 - (v - y0) / (y1 - y0)) * box.height;
    ctx.beginPath();
    ctx.moveTo(box.left - 4, y);
    ctx.lineTo(box.left, y);
    ctx.stroke();
    ctx.fillText(fmt(v), box.left - 6, y);
  }
  ctx.translate(12, box.top + box.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(titles[1], 0, 0, box.height + 20);
  ctx.restore();
}

/**
 * The colour scale: the ramp from the lowest loss (bottom) to the highest (top) in the grid's
 * own compression, labelled with the loss each colour stands for. `x`, `top`, `height`: where.
 */
export function drawColourScale(ctx: CanvasRenderingContext2D, x: number, top: number, height: number, grid: GridJson, p: SurfacePalette): void {
  const value = heightInverse(grid);
  ctx.save();
  for (let i = 0; i < height; i++) {
    const [r, g, b] = rampColor(p, 1 - i / Math.max(1, height - 1));
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(x, top + i, 10, 1);
  }
  ctx.strokeStyle = p.ink;
  ctx.fillStyle = p.ink;
  ctx.strokeRect(x - 0.5, top - 0.5, 11, height + 1);
  ctx.font = '10px var(--vscode-font-family, sans-serif)';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const s of [0, 0.25, 0.5, 0.75, 1]) {
    const y = top + (1 - s) * (height - 1);
    ctx.beginPath();
    ctx.moveTo(x + 10, y);
    ctx.lineTo(x + 13, y);
    ctx.stroke();
    ctx.fillText(fmt(value(s)), x + 15, y);
  }
  ctx.textBaseline = 'bottom';
  ctx.restore();
}

/** The scale's labels as a sentence, for the figure's text summary (the same values as drawn). */
export function colourScaleText(grid: GridJson): string {
  const value = heightInverse(grid);
  return `Colour scale (low to high loss): ${[0, 0.25, 0.5, 0.75, 1].map((s) => fmt(value(s))).join(', ')}.`;
}
