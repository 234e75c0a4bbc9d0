/**
 * Theme colours for the feature canvases, read from VS Code's CSS variables when drawing (a
 * theme change redraws with the new ones): a diverging scale for signed values (negative →
 * orange, zero → the editor background, positive → blue, as the Playground shows weights) and
 * one colour per class, from the palette every panel shares (class 0 orange = the negative end,
 * class 1 blue = the positive end).
 */

import { classColourOf, classColours } from '../../class-palette';
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

export function palette(): Palette {
  const classes = classColours();
  return {
    background: toRgb(cssVar('--vscode-editor-background', '#1e1e1e')),
    foreground: cssVar('--vscode-foreground', '#cccccc'),
    muted: cssVar('--vscode-descriptionForeground', '#9d9d9d'),
    // The signed scale's ends are the first two class colours: on a two-class task the decision
    // map's negative side is class 0's colour and its positive side class 1's.
    positive: toRgb(classColourOf(classes, 1)),
    negative: toRgb(classColourOf(classes, 0)),
    focus: cssVar('--vscode-focusBorder', '#007fd4'),
    classes,
  };
}

/** The colour of class `c`: the one every panel uses (webview/class-palette.ts). */
export function classColor(p: Palette, c: number): string {
  return classColourOf(p.classes, c);
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
