/**
 * Theme colours for canvases: the `--vscode-charts-*` variables VS Code sets, turned into RGB
 * so pixels can be blended, with fallbacks outside VS Code. Read when drawing, so a theme
 * change shows at the next draw.
 */

import { themeColor, toRgb, type Rgb } from '../../theme';

export { toRgb, type Rgb };

/** The value of a CSS variable, or `fallback` (the theme module's, under this view's name). */
export const cssVar = themeColor;

/** One colour per class, in the order the theme's chart colours are meant to be used. */
export function classColors(): Rgb[] {
  return [
    ['--vscode-charts-blue', '#3794ff'], ['--vscode-charts-orange', '#d18616'], ['--vscode-charts-green', '#89d185'],
    ['--vscode-charts-red', '#f14c4c'], ['--vscode-charts-purple', '#b180d7'], ['--vscode-charts-yellow', '#cca700'],
  ].map(([v, f]) => toRgb(cssVar(v!, f!)));
}

export function rgb([r, g, b]: Rgb, alpha = 1): string {
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
