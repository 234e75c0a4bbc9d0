/**
 * Colours of the surface drawings, all from the theme: a three-stop ramp for the loss (low →
 * high: the theme's chart blue, green and yellow), and ink for contour lines and labels.
 */
import type { GridJson } from '../../../engine/protocol/landscape';
import { themeColor } from './dom';

export type Rgb = [number, number, number];

export interface SurfacePalette {
  ramp: [Rgb, Rgb, Rgb];
  /** Contour lines, axes and labels. */
  ink: string;
  /** The colour of each path, in order (racers, descents). */
  paths: string[];
}

let probe: CanvasRenderingContext2D | null = null;

/** Any CSS colour as RGB, through a canvas (which normalizes what it is given). */
export function toRgb(css: string): Rgb {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return [128, 128, 128];
  probe.fillStyle = '#808080';
  probe.fillStyle = css;
  const s = String(probe.fillStyle);
  if (s.startsWith('#')) return [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16)) as Rgb;
  const m = s.match(/[\d.]+/g);
  return m && m.length >= 3 ? [Number(m[0]), Number(m[1]), Number(m[2])] : [128, 128, 128];
}

export function surfacePalette(): SurfacePalette {
  const c = (name: string, fallback: string) => themeColor(name, fallback);
  return {
    ramp: [toRgb(c('--vscode-charts-blue', '#3794ff')), toRgb(c('--vscode-charts-green', '#89d185')), toRgb(c('--vscode-charts-yellow', '#cca700'))],
    ink: c('--vscode-foreground', '#cccccc'),
    paths: [
      c('--vscode-charts-red', '#f14c4c'), c('--vscode-charts-orange', '#d18616'), c('--vscode-charts-purple', '#b180d7'),
      c('--vscode-foreground', '#cccccc'), c('--vscode-charts-blue', '#3794ff'), c('--vscode-charts-green', '#89d185'), c('--vscode-charts-yellow', '#cca700'),
    ],
  };
}

/**
 * Maps a loss to [0, 1] for colour and height: log-like, (v − min) compressed by log1p, so
 * that the low region where optimizers end up keeps its detail next to steep walls.
 */
export function heightScale(grid: GridJson): (v: number) => number {
  const lo = grid.min.value, span = grid.max.value - lo;
  if (!(span > 0)) return () => 0;
  const k = 30, norm = Math.log1p(k);
  return (v) => Math.min(1, Math.max(0, Math.log1p((k * (v - lo)) / span) / norm));
}

/** The inverse of heightScale: the loss a colour-scale position s in [0, 1] stands for. */
export function heightInverse(grid: GridJson): (s: number) => number {
  const lo = grid.min.value, span = grid.max.value - lo;
  if (!(span > 0)) return () => lo;
  const k = 30, norm = Math.log1p(k);
  return (s) => lo + (span * Math.expm1(s * norm)) / k;
}

/** The ramp's colour at t in [0, 1], scaled by `shade` (lighting). */
export function rampColor(p: SurfacePalette, t: number, shade = 1): Rgb {
  const [a, b, c] = p.ramp;
  const [from, to, u] = t < 0.5 ? [a, b, t * 2] : [b, c, t * 2 - 1];
  return [0, 1, 2].map((i) => Math.round(Math.min(255, (from[i]! + (to[i]! - from[i]!) * u) * shade))) as Rgb;
}
