/**
 * The top view of a loss surface: a colour map of the loss with contour lines (marching
 * squares on the same log-like scale as the colours), the paths drawn on it, and markers for the
 * grid's minimum, known minima and the chosen start point.
 */
import { drawAxes, drawColourScale, plotBox } from './axes';
import type { GridJson } from '../../../engine/protocol/landscape';
import { heightScale, rampColor, SurfacePalette } from './surface-colors';

/** A path over the surface, in the grid's coordinates. */
export interface DrawnPath {
  label: string;
  xs: readonly number[];
  ys: readonly number[];
  /**
   * The path's own loss at each point, as the optimizer computed it. The summary and any table
   * report these; without them (a path projected onto a plane) the grid's value is reported.
   */
  losses?: readonly number[];
}

/** Where a path ends and its loss there: the one source of "ends at …, loss …" for summaries and tables. */
export function pathEnd(g: GridJson | undefined, path: DrawnPath): { step: number; x: number; y: number; loss: number | undefined; from: 'path' | 'grid' } | undefined {
  const k = path.xs.length - 1;
  if (k < 0) return undefined;
  const x = path.xs[k]!, y = path.ys[k]!;
  const own = path.losses?.[k];
  if (own !== undefined) return { step: k, x, y, loss: own, from: 'path' };
  return { step: k, x, y, loss: g ? lossAt(g, x, y) : undefined, from: 'grid' };
}

export interface MapMarks {
  /** Where the next descent or race starts. */
  start?: readonly [number, number];
  /** Known minima (test functions). */
  minima?: readonly (readonly [number, number])[];
}

/** Canvas pixel of a grid coordinate; y grows upwards in the grid, downwards on screen. */
export function toPixel(canvas: HTMLCanvasElement, grid: GridJson, x: number, y: number): [number, number] {
  const [x0, x1] = [grid.xAxis[0]!, grid.xAxis.at(-1)!], [y0, y1] = [grid.yAxis[0]!, grid.yAxis.at(-1)!];
  const b = plotBox(canvas);
  return [b.left + ((x - x0) / (x1 - x0)) * b.width, b.top + (1 - (y - y0) / (y1 - y0)) * b.height];
}

/** Grid coordinate of a canvas pixel. */
export function toGrid(canvas: HTMLCanvasElement, grid: GridJson, px: number, py: number): [number, number] {
  const [x0, x1] = [grid.xAxis[0]!, grid.xAxis.at(-1)!], [y0, y1] = [grid.yAxis[0]!, grid.yAxis.at(-1)!];
  const b = plotBox(canvas);
  return [x0 + ((px - b.left) / b.width) * (x1 - x0), y0 + (1 - (py - b.top) / b.height) * (y1 - y0)];
}

/** The loss at (x, y) by bilinear interpolation of the grid; undefined outside it or next to a non-finite value. */
export function lossAt(grid: GridJson, x: number, y: number): number | undefined {
  const cols = grid.xAxis.length, rows = grid.yAxis.length;
  const fx = ((x - grid.xAxis[0]!) / (grid.xAxis.at(-1)! - grid.xAxis[0]!)) * (cols - 1);
  const fy = ((y - grid.yAxis[0]!) / (grid.yAxis.at(-1)! - grid.yAxis[0]!)) * (rows - 1);
  if (!(fx >= 0 && fx <= cols - 1 && fy >= 0 && fy <= rows - 1)) return undefined;
  const c = Math.min(cols - 2, Math.floor(fx)), r = Math.min(rows - 2, Math.floor(fy)), u = fx - c, v = fy - r;
  const at = (rr: number, cc: number) => grid.values[rr * cols + cc];
  const q = [at(r, c), at(r, c + 1), at(r + 1, c), at(r + 1, c + 1)];
  if (q.some((s) => s === null || s === undefined)) return undefined;
  const [a, b, d, e] = q as number[];
  return a! * (1 - u) * (1 - v) + b! * u * (1 - v) + d! * (1 - u) * v + e! * u * v;
}

export function drawMap(canvas: HTMLCanvasElement, grid: GridJson, paths: readonly DrawnPath[], marks: MapMarks, p: SurfacePalette, titles: readonly [string, string]): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const cols = grid.xAxis.length, rows = grid.yAxis.length, t = heightScale(grid);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  // The colour map: one pixel per grid point, scaled up smoothly.
  const img = new ImageData(cols, rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = grid.values[r * cols + c];
      const o = ((rows - 1 - r) * cols + c) * 4;
      if (v === null || v === undefined) continue;
      const [R, G, B] = rampColor(p, t(v));
      img.data[o] = R;
      img.data[o + 1] = G;
      img.data[o + 2] = B;
      img.data[o + 3] = 255;
    }
  }
  const tile = document.createElement('canvas');
  tile.width = cols;
  tile.height = rows;
  tile.getContext('2d')?.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  const box = plotBox(canvas);
  ctx.drawImage(tile, box.left, box.top, box.width, box.height);
  drawAxes(ctx, box, grid, titles, p);
  drawColourScale(ctx, box.left + box.width + 10, box.top, box.height, grid, p);
  // Contours, paths and marks stay inside the plot box (a racer may leave the grid).
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.width, box.height);
  ctx.clip();
  drawContours(ctx, canvas, grid, t, p);
  paths.forEach((path, i) => drawPath(ctx, canvas, grid, path, p.paths[i % p.paths.length]!));
  ctx.strokeStyle = p.ink;
  ctx.fillStyle = p.ink;
  for (const [x, y] of marks.minima ?? []) cross(ctx, ...toPixel(canvas, grid, x, y), 5);
  if (Number.isFinite(grid.min.x)) {
    const [mx, my] = toPixel(canvas, grid, grid.min.x, grid.min.y);
    ctx.beginPath();
    ctx.arc(mx, my, 4, 0, 2 * Math.PI);
    ctx.stroke();
  }
  if (marks.start) {
    const [sx, sy] = toPixel(canvas, grid, marks.start[0], marks.start[1]);
    ctx.lineWidth = 1.5;
    ctx.strokeRect(sx - 5, sy - 5, 10, 10);
  }
  ctx.restore();
}

/** Contour lines at 10 evenly spaced heights, by marching squares (saddle cells joined pairwise). */
function drawContours(ctx: CanvasRenderingContext2D, canvas: HTMLCanvasElement, grid: GridJson, t: (v: number) => number, p: SurfacePalette): void {
  const cols = grid.xAxis.length, rows = grid.yAxis.length;
  const h = grid.values.map((v) => (v === null ? NaN : t(v)));
  ctx.save();
  ctx.strokeStyle = p.ink;
  ctx.globalAlpha = 0.35;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let level = 0.05; level < 1; level += 0.1) {
    for (let r = 0; r + 1 < rows; r++) {
      for (let c = 0; c + 1 < cols; c++) {
        // Corners in order around the cell, and the crossings of `level` on its four edges.
        const corners: [number, number, number][] = [[r, c, h[r * cols + c]!], [r, c + 1, h[r * cols + c + 1]!], [r + 1, c + 1, h[(r + 1) * cols + c + 1]!], [r + 1, c, h[(r + 1) * cols + c]!]];
        if (corners.some((k) => Number.isNaN(k[2]))) continue;
        const hits: [number, number][] = [];
        for (let k = 0; k < 4; k++) {
          const [ra, ca, va] = corners[k]!, [rb, cb, vb] = corners[(k + 1) % 4]!;
          if ((va < level) === (vb < level)) continue;
          const u = (level - va) / (vb - va);
          hits.push(toPixel(canvas, grid, grid.xAxis[ca]! + u * (grid.xAxis[cb]! - grid.xAxis[ca]!), grid.yAxis[ra]! + u * (grid.yAxis[rb]! - grid.yAxis[ra]!)));
        }
        for (let k = 0; k + 1 < hits.length; k += 2) {
          ctx.moveTo(...hits[k]!);
          ctx.lineTo(...hits[k + 1]!);
        }
      }
    }
  }
  ctx.stroke();
  ctx.restore();
}

function drawPath(ctx: CanvasRenderingContext2D, canvas: HTMLCanvasElement, grid: GridJson, path: DrawnPath, color: string): void {
  if (!path.xs.length) return;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  path.xs.forEach((x, i) => {
    const [px, py] = toPixel(canvas, grid, x, path.ys[i]!);
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  });
  ctx.stroke();
  const [ex, ey] = toPixel(canvas, grid, path.xs.at(-1)!, path.ys.at(-1)!);
  ctx.beginPath();
  ctx.arc(ex, ey, 3.5, 0, 2 * Math.PI);
  ctx.fill();
  ctx.restore();
}

function cross(ctx: CanvasRenderingContext2D, x: number, y: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x - r, y + r);
  ctx.lineTo(x + r, y - r);
  ctx.stroke();
}
