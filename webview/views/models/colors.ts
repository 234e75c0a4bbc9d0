/**
 * Theme colours for canvases: the `--vscode-charts-*` variables VS Code sets, turned into RGB
 * so pixels can be blended, with fallbacks outside VS Code. Read when drawing, so a theme
 * change shows at the next draw.
 */

import { classColours } from '../../class-palette';
import { themeColor, toRgb, type Rgb } from '../../theme';

export { toRgb, type Rgb };

/** The value of a CSS variable, or `fallback` (the theme module's, under this view's name). */
export const cssVar = themeColor;

/** One colour per class: the palette every panel shares (webview/class-palette.ts), as RGB. */
export function classColors(): Rgb[] {
  return classColours().map(toRgb);
}

export function rgb([r, g, b]: Rgb, alpha = 1): string {
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
