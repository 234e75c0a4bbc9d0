/**
 * The heatmaps' diverging colour scale, from the theme: −1 (opposite neurons) in the theme's
 * blue, 0 (unrelated) in the editor background, +1 (the same neuron) in the theme's red.
 */
export type Rgb = [number, number, number];

export interface Diverging {
  negative: Rgb;
  neutral: Rgb;
  positive: Rgb;
}

/** Any CSS colour as RGB, parsed by a canvas (which normalizes to #rrggbb or rgba()). */
function toRgb(css: string, fallback: Rgb): Rgb {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx || !css) return fallback;
  ctx.fillStyle = '#010203';
  ctx.fillStyle = css;
  const s = String(ctx.fillStyle);
  if (s === '#010203' && css.trim().toLowerCase() !== '#010203') return fallback; // not a colour
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(s);
  if (hex) return [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16)];
  const rgba = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(s);
  return rgba ? [Number(rgba[1]), Number(rgba[2]), Number(rgba[3])] : fallback;
}

function themeVar(name: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim();
}

/** The scale for the current theme; read again after a theme change. */
export function themeScale(): Diverging {
  return {
    negative: toRgb(themeVar('--vscode-charts-blue'), [55, 148, 255]),
    neutral: toRgb(themeVar('--vscode-editor-background'), [30, 30, 30]),
    positive: toRgb(themeVar('--vscode-charts-red'), [241, 76, 76]),
  };
}

/** The colour of a similarity in [−1, 1] (clamped): linear from neutral towards either end. */
export function colorOf(scale: Diverging, v: number): Rgb {
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  const end = t < 0 ? scale.negative : scale.positive;
  const a = Math.abs(t);
  return [0, 1, 2].map((i) => Math.round(scale.neutral[i]! + (end[i]! - scale.neutral[i]!) * a)) as Rgb;
}
