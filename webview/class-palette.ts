/**
 * One colour per class, the same in every panel, so a class is one colour everywhere (Layer
 * Features, Compare Models, the activation map and atlas). Theme-aware: the colours are the
 * theme's `--vscode-charts-*` variables (then terminal colours), read when drawing.
 *
 * Order: orange, blue first — the pair that stays apart under the common colour-vision
 * deficiencies (deutan, protan, tritan) — then purple and yellow, and only then green and red,
 * which confuse with orange for red–green deficiency. Orange and blue are also the two ends of
 * the Playground's signed scale (negative orange, positive blue), so on a two-class task class 0
 * is the negative side's colour and class 1 the positive side's, in the decision map as in the
 * points.
 */
import { themeColor } from './theme';

/** Name (for text summaries), CSS variable and fallback of each class colour. */
export const CLASS_COLOURS: readonly (readonly [name: string, variable: string, fallback: string])[] = [
  ['orange', '--vscode-charts-orange', '#d18616'],
  ['blue', '--vscode-charts-blue', '#3794ff'],
  ['purple', '--vscode-charts-purple', '#b180d7'],
  ['yellow', '--vscode-charts-yellow', '#cca700'],
  ['green', '--vscode-charts-green', '#89d185'],
  ['red', '--vscode-charts-red', '#f14c4c'],
  ['cyan', '--vscode-terminal-ansiCyan', '#11a8cd'],
  ['magenta', '--vscode-terminal-ansiMagenta', '#bc3fbc'],
  ['bright green', '--vscode-terminal-ansiBrightGreen', '#23d18b'],
  ['grey', '--vscode-terminal-ansiBrightBlack', '#8a8a8a'],
];

/** Index into the palette for class `c` (classes beyond it reuse it). */
function slot(c: number): number {
  const n = CLASS_COLOURS.length;
  return ((Math.round(c) % n) + n) % n;
}

/** The CSS colours of the classes, in class order, from the current theme. */
export function classColours(): string[] {
  return CLASS_COLOURS.map(([, v, f]) => themeColor(v, f));
}

/** The colour of class `c` among `colours` (from classColours()). */
export function classColourOf(colours: readonly string[], c: number): string {
  return colours[slot(c)]!;
}

/** The name of class `c`'s colour, for text summaries and legends ("orange"). */
export function classColourName(c: number): string {
  return CLASS_COLOURS[slot(c)]![0];
}
