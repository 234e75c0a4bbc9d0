/**
 * The same surface as a shaded 3-D relief: each grid cell a quadrilateral, lit from the upper
 * left (Lambert shading), drawn back to front (painter's algorithm), seen from 35° above at a
 * 45° turn; the paths ride on it at the height of the loss they reach.
 */
import type { GridJson } from '../../../engine/landscape/protocol';
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

export function drawRelief(canvas: HTMLCanvasElement, grid: GridJson, paths: readonly DrawnPath[], p: SurfacePalette): void {
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
  const fit = Math.min((canvas.width - 8) / Math.max(1, right - left), (canvas.height - 8) / Math.max(1, bottom - top), 1);
  const place = (pt: { x: number; y: number }) => ({ x: canvas.width / 2 + (pt.x - (left + right) / 2) * fit, y: canvas.height / 2 + (pt.y - (top + bottom) / 2) * fit });
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
}
