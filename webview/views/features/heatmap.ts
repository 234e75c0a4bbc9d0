/**
 * A grid of values as a small canvas, one pixel per cell, that callers scale into any rectangle
 * with drawImage (smoothing off keeps cells crisp; on, it reads like the Playground's heatmaps).
 * Making the image once and scaling it is far cheaper than filling a rectangle per cell.
 */
import { diverging, type Palette, type Rgb } from './colors';

/** The largest |value| of a grid (at least a tiny epsilon, so a flat grid maps to the background). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 1e-9;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (a > m && Number.isFinite(a)) m = a;
  }
  return m;
}

/**
 * A `cols`×`rows` canvas of `values` (row-major, row 0 on top), coloured by `color(value)`.
 * The default colour is the diverging theme scale over ±`scale` (default: the grid's max |value|).
 */
export function heatmapImage(
  values: ArrayLike<number>, cols: number, rows: number, p: Palette,
  options: { scale?: number; color?: (v: number, out: Rgb) => Rgb; alpha?: (v: number) => number } = {},
): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(cols, rows);
  const scale = options.scale ?? maxAbs(values);
  const rgb: Rgb = [0, 0, 0];
  for (let i = 0; i < cols * rows; i++) {
    const v = values[i]!;
    if (options.color) options.color(v, rgb);
    else diverging(p, v / scale, rgb);
    image.data[4 * i] = rgb[0];
    image.data[4 * i + 1] = rgb[1];
    image.data[4 * i + 2] = rgb[2];
    image.data[4 * i + 3] = options.alpha ? Math.round(255 * options.alpha(v)) : 255;
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/** Draws a heatmap image into (x, y, w, h) of `ctx`, smoothed or crisp. */
export function drawHeatmap(ctx: CanvasRenderingContext2D, image: CanvasImageSource, x: number, y: number, w: number, h: number, smooth = true): void {
  const before = ctx.imageSmoothingEnabled;
  ctx.imageSmoothingEnabled = smooth;
  ctx.drawImage(image, x, y, w, h);
  ctx.imageSmoothingEnabled = before;
}
