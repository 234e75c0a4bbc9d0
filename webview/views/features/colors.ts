/**
 * Theme colours for the feature canvases, read from VS Code's CSS variables when drawing (a
 * theme change redraws with the new ones): a diverging scale for signed values (negative →
 * orange, zero → the editor background, positive → blue, as the Playground shows weights) and
 * one colour per class.
 */

import { themeColor, toRgb, type Rgb } from '../../theme';

export { toRgb, type Rgb };

/** The value of a CSS variable, or `fallback` (the theme module's, under this view's name). */
export const cssVar = themeColor;

/** The colours one drawing uses. */
export interface Palette {
  background: Rgb;
  foreground: string;
  muted: string;
  positive: Rgb;
  negative: Rgb;
  focus: string;
  classes: string[];
}

/** Class colours: the theme's chart colours first, then terminal colours, then fixed ones. */
const CLASS_VARS: [string, string][] = [
  ['--vscode-charts-blue', '#3794ff'], ['--vscode-charts-orange', '#d18616'], ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-red', '#f14c4c'], ['--vscode-charts-purple', '#b180d7'], ['--vscode-charts-yellow', '#cca700'],
  ['--vscode-terminal-ansiCyan', '#11a8cd'], ['--vscode-terminal-ansiMagenta', '#bc3fbc'],
  ['--vscode-terminal-ansiBrightGreen', '#23d18b'], ['--vscode-terminal-ansiBrightBlack', '#8a8a8a'],
];

export function palette(): Palette {
  return {
    background: toRgb(cssVar('--vscode-editor-background', '#1e1e1e')),
    foreground: cssVar('--vscode-foreground', '#cccccc'),
    muted: cssVar('--vscode-descriptionForeground', '#9d9d9d'),
    positive: toRgb(cssVar('--vscode-charts-blue', '#3794ff')),
    negative: toRgb(cssVar('--vscode-charts-orange', '#d18616')),
    focus: cssVar('--vscode-focusBorder', '#007fd4'),
    classes: CLASS_VARS.map(([v, f]) => cssVar(v, f)),
  };
}

/** The colour of class `c` (classes beyond the palette reuse it). */
export function classColor(p: Palette, c: number): string {
  return p.classes[((Math.round(c) % p.classes.length) + p.classes.length) % p.classes.length]!;
}

/** A signed value's colour: `t` in −1…1 from `negative` through the background to `positive`. */
export function diverging(p: Palette, t: number, out: Rgb = [0, 0, 0]): Rgb {
  const a = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const end = a >= 0 ? p.positive : p.negative, w = Math.abs(a);
  for (let i = 0; i < 3; i++) out[i] = Math.round(p.background[i]! + (end[i]! - p.background[i]!) * w);
  return out;
}

export function css(rgb: Rgb, alpha = 1): string {
  return alpha >= 1 ? `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})` : `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha})`;
}
