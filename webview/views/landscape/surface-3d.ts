/**
 * The same surface as a shaded 3-D relief: each grid cell a quadrilateral, lit from the upper
 * left (Lambert shading), drawn back to front (painter's algorithm), seen from 35° above at a
 * 45° turn; the paths ride on it at the height of the loss they reach.
 */
import type { GridJson } from '../../../engine/protocol/landscape';
import { fmt } from '../../format';
import { drawColourScale } from './axes';
import { heightScale, rampColor, SurfacePalette } from './surface-colors';
import { DrawnPath, lossAt } from './surface-map';

const ELEVATION = (35 * Math.PI) / 180;
const TURN = (45 * Math.PI) / 180;
/** Height of the highest loss relative to the grid's width. */
const RELIEF = 0.45;
/** At most this many cells a side: finer grids are sampled, the relief reads the same. */
const MAX_CELLS = 60;

/** Screen position of a point given in unit coordinates (u, v in [0, 1] across the grid, h its height in [0, 1]). */
function project(canvas: HTMLCanvasElement, u: number, v: number, h: number): { x: number; y: number; depth: number } {
  const a = u - 0.5, b = v - 0.5;
  const xr = a * Math.cos(TURN) - b * Math.sin(TURN);
  const yr = a * Math.sin(TURN) + b * Math.cos(TURN);
  const scale = canvas.width * 0.66;
  // yr grows towards the viewer (lower on the screen, drawn later).
  return { x: canvas.width / 2 + scale * xr, y: canvas.height * 0.58 + scale * (-yr * Math.sin(ELEVATION) - h * RELIEF * Math.cos(ELEVATION)), depth: -yr };
}

/** Room kept at the relief's right for its colour scale. */
const SCALE_ROOM = 56;

export function drawRelief(canvas: HTMLCanvasElement, grid: GridJson, paths: readonly DrawnPath[], p: SurfacePalette, titles: readonly [string, string]): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const cols = grid.xAxis.length, rows = grid.yAxis.length, t = heightScale(grid);
  const stride = Math.max(1, Math.ceil(Math.max(cols, rows) / MAX_CELLS));
  const cs: number[] = [], rs: number[] = [];
  for (let c = 0; c < cols; c += stride) cs.push(c);
  if (cs.at(-1) !== cols - 1) cs.push(cols - 1);
  for (let r = 0; r < rows; r += stride) rs.push(r);
  if (rs.at(-1) !== rows - 1) rs.push(rows - 1);
  const hAt = (r: number, c: number) => {
    const v = grid.values[r * cols + c];
    return v === null || v === undefined ? NaN : t(v);
  };
  const quads: { pts: { x: number; y: number }[]; depth: number; fill: string }[] = [];
  // Light from the upper left, towards the viewer: n·l of the cell's normal.
  const light = [-0.5, 0.5, 0.7], ln = Math.hypot(...light);
  for (let i = 0; i + 1 < rs.length; i++) {
    for (let j = 0; j + 1 < cs.length; j++) {
      const r0 = rs[i]!, r1 = rs[i + 1]!, c0 = cs[j]!, c1 = cs[j + 1]!;
      const hs = [hAt(r0, c0), hAt(r0, c1), hAt(r1, c1), hAt(r1, c0)];
      if (hs.some(Number.isNaN)) continue;
      const us = [c0, c1, c1, c0].map((c) => c / (cols - 1)), vs = [r0, r0, r1, r1].map((r) => r / (rows - 1));
      const pts = hs.map((h, k) => project(canvas, us[k]!, vs[k]!, h));
      const du = (c1 - c0) / (cols - 1), dv = (r1 - r0) / (rows - 1);
      const dhdu = ((hs[1]! + hs[2]!) - (hs[0]! + hs[3]!)) / 2 / du * RELIEF, dhdv = ((hs[3]! + hs[2]!) - (hs[0]! + hs[1]!)) / 2 / dv * RELIEF;
      const n = [-dhdu, -dhdv, 1], nn = Math.hypot(...n);
      const lambert = Math.max(0, (n[0]! * light[0]! + n[1]! * light[1]! + n[2]! * light[2]!) / (nn * ln));
      const [R, G, B] = rampColor(p, (hs[0]! + hs[1]! + hs[2]! + hs[3]!) / 4, 0.45 + 0.65 * lambert);
      quads.push({ pts, depth: pts.reduce((s, q) => s + q.depth, 0) / 4, fill: `rgb(${R},${G},${B})` });
    }
  }
  if (!quads.length) return;
  // Fit the drawing into the canvas whatever the relief's height: scale and centre its bounding box.
  const all = quads.flatMap((q) => q.pts);
  const [left, right] = [Math.min(...all.map((q) => q.x)), Math.max(...all.map((q) => q.x))];
  const [top, bottom] = [Math.min(...all.map((q) => q.y)), Math.max(...all.map((q) => q.y))];
  // Room for the axis labels below and the colour scale to the right.
  const room = { w: canvas.width - SCALE_ROOM - 16, h: canvas.height - 40 };
  const fit = Math.min(room.w / Math.max(1, right - left), room.h / Math.max(1, bottom - top), 1);
  const place = (pt: { x: number; y: number }) => ({ x: 8 + room.w / 2 + (pt.x - (left + right) / 2) * fit, y: 8 + room.h / 2 + (pt.y - (top + bottom) / 2) * fit });
  for (const q of quads) q.pts = q.pts.map(place);
  quads.sort((a, b) => b.depth - a.depth);
  for (const q of quads) {
    ctx.fillStyle = q.fill;
    ctx.strokeStyle = q.fill;
    ctx.beginPath();
    q.pts.forEach((pt, k) => (k ? ctx.lineTo(pt.x, pt.y) : ctx.moveTo(pt.x, pt.y)));
    ctx.closePath();
    ctx.fill();
    // A hairline in the same colour closes the seams antialiasing leaves between quads.
    ctx.stroke();
  }
  const x0 = grid.xAxis[0]!, xs = grid.xAxis.at(-1)! - x0, y0 = grid.yAxis[0]!, ys = grid.yAxis.at(-1)! - y0;
  paths.forEach((path, i) => {
    ctx.save();
    ctx.strokeStyle = p.paths[i % p.paths.length]!;
    ctx.lineWidth = 2;
    ctx.beginPath();
    let drawing = false;
    path.xs.forEach((x, k) => {
      const y = path.ys[k]!, v = lossAt(grid, x, y);
      if (v === undefined) {
        drawing = false;
        return;
      }
      // Lifted a little so that the path stays above the cells it crosses.
      const pt = place(project(canvas, (x - x0) / xs, (y - y0) / ys, t(v) + 0.02));
      if (drawing) ctx.lineTo(pt.x, pt.y);
      else ctx.moveTo(pt.x, pt.y);
      drawing = true;
    });
    ctx.stroke();
    ctx.restore();
  });
  labelBase(ctx, canvas, grid, titles, place, p);
  drawColourScale(ctx, canvas.width - SCALE_ROOM + 4, 12, canvas.height - 40, grid, p);
}

/**
 * The base's two front edges labelled: each axis's name at its middle and its end values at the
 * corners, so the relief reads like the map.
 */
function labelBase(
  ctx: CanvasRenderingContext2D, canvas: HTMLCanvasElement, grid: GridJson, titles: readonly [string, string],
  place: (pt: { x: number; y: number }) => { x: number; y: number }, p: SurfacePalette,
): void {
  const at = (u: number, v: number) => place(project(canvas, u, v, 0));
  const [x0, x1, y0, y1] = [grid.xAxis[0]!, grid.xAxis.at(-1)!, grid.yAxis[0]!, grid.yAxis.at(-1)!];
  ctx.save();
  ctx.fillStyle = p.ink;
  ctx.strokeStyle = p.ink;
  ctx.globalAlpha = 0.8;
  ctx.font = '10px var(--vscode-font-family, sans-serif)';
  ctx.textBaseline = 'top';
  const edge = (a: { x: number; y: number }, b: { x: number; y: number }) => {
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
  };
  // The corner nearest the viewer (lowest on screen) and the two base edges that meet there.
  const corners = [[0, 0], [1, 0], [0, 1], [1, 1]] as const;
  const [uf, vf] = corners.reduce((a, b) => (at(b[0], b[1]).y > at(a[0], a[1]).y ? b : a));
  const front = at(uf, vf), xEnd = at(1 - uf, vf), yEnd = at(uf, 1 - vf);
  edge(xEnd, front);
  edge(yEnd, front);
  const xValue = (u: number) => fmt(u ? x1 : x0), yValue = (v: number) => fmt(v ? y1 : y0);
  ctx.textAlign = 'center';
  ctx.fillText(xValue(1 - uf), xEnd.x, xEnd.y + 3);
  ctx.fillText(`${xValue(uf)}, ${yValue(vf)}`, front.x, front.y + 3);
  ctx.fillText(yValue(1 - vf), yEnd.x, yEnd.y + 3);
  const xMid = at(0.5, vf), yMid = at(uf, 0.5);
  ctx.textAlign = xMid.x < front.x ? 'right' : 'left';
  ctx.fillText(titles[0], xMid.x + (xMid.x < front.x ? -4 : 4), xMid.y + 14, canvas.width / 2);
  ctx.textAlign = yMid.x < front.x ? 'right' : 'left';
  ctx.fillText(titles[1], yMid.x + (yMid.x < front.x ? -4 : 4), yMid.y + 14, canvas.width / 2 - SCALE_ROOM);
  ctx.restore();
}
