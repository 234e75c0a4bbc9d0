/**
 * The theme's colours for canvases and charts: VS Code's CSS variables (`--vscode-*`), read
 * when drawing so a theme change shows at the next draw, with fallbacks outside VS Code.
 */

export type Rgb = [number, number, number];

/** The value of a CSS variable on <body>, or `fallback` where it is not set. */
export function themeColor(name: string, fallback: string): string {
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

/** A titled chart axis in the theme's foreground and grid colours (Chart.js scale options). */
export function themedAxis(title: string, type: 'linear' | 'logarithmic' = 'linear') {
  const fg = themeColor('--vscode-foreground', '#ccc');
  const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
  return { type, title: { display: true, text: title, color: fg }, ticks: { color: fg }, grid: { color: grid } };
}
