/** Theme colours of the wann view: one per node activation, all from VS Code's theme variables. */
import type { WannActivation } from '../../../engine/catalogue';

import { themeColor } from '../../theme';

export { themeColor };

/** Chart colours first; the terminal's ANSI colours where the six chart colours run out. */
const ACTIVATION_VARS: Record<WannActivation, [string, string]> = {
  linear: ['--vscode-descriptionForeground', '#9d9d9d'],
  step: ['--vscode-charts-red', '#f14c4c'],
  sin: ['--vscode-charts-blue', '#3794ff'],
  gaussian: ['--vscode-charts-green', '#89d185'],
  tanh: ['--vscode-charts-orange', '#d18616'],
  sigmoid: ['--vscode-charts-purple', '#b180d7'],
  inverse: ['--vscode-charts-yellow', '#cca700'],
  abs: ['--vscode-terminal-ansiCyan', '#11a8cd'],
  relu: ['--vscode-terminal-ansiMagenta', '#bc3fbc'],
  cosine: ['--vscode-terminal-ansiBrightBlue', '#3b8eea'],
};

export function activationColor(a: WannActivation): string {
  const [name, fallback] = ACTIVATION_VARS[a];
  return themeColor(name, fallback);
}

/** Short names drawn inside the nodes, so the graph does not rely on colour alone. */
export const ACTIVATION_ABBREVIATION: Record<WannActivation, string> = {
  linear: 'lin', step: 'step', sin: 'sin', gaussian: 'gau', tanh: 'tanh', sigmoid: 'sig', inverse: 'inv', abs: 'abs', relu: 'relu', cosine: 'cos',
};
