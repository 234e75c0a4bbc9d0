/**
 * Theme colours for canvases: the `--vscode-charts-*` variables VS Code sets, turned into RGB
 * so pixels can be blended, with fallbacks outside VS Code. Read when drawing, so a theme
 * change shows at the next draw.
 */

export type Rgb = [number, number, number];

/** The value of a CSS variable on the page, or `fallback`. */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

let probe: CanvasRenderingContext2D | null | undefined;

/** Any CSS colour as RGB, by letting a 1×1 canvas parse and paint it. */
export function toRgb(color: string): Rgb {
  probe ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!probe) return [128, 128, 128];
  probe.clearRect(0, 0, 1, 1);
  probe.fillStyle = '#808080';
  probe.fillStyle = color;
  probe.fillRect(0, 0, 1, 1);
  const d = probe.getImageData(0, 0, 1, 1).data;
  return [d[0]!, d[1]!, d[2]!];
}

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
