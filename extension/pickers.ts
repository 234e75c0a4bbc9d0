/** Quick picks with a one-line explanation per choice, taken from the engine's help tables. */
import * as vscode from 'vscode';
import { INIT_HELP, INIT_KINDS, type InitKind } from '../engine/nn/init';
import { OPTIMIZERS, OPTIMIZER_HELP, type OptimizerName } from '../engine/nn/optimizers';
import { SYNTHETIC_HELP, SYNTHETIC_SETS, type SyntheticName } from '../engine/data/synthetic';

export async function pickInit(current: InitKind, running: boolean): Promise<InitKind | undefined> {
  const pick = await vscode.window.showQuickPick(
    INIT_KINDS.map((k) => ({ label: k, description: k === current ? '(current)' : '', detail: INIT_HELP[k], value: k })),
    { title: 'Choose Initialization', placeHolder: running ? 'Choosing restarts the current run from new weights' : 'Used by the next run', matchOnDetail: true },
  );
  return pick?.value;
}

export async function pickOptimizer(current: OptimizerName, running: boolean): Promise<OptimizerName | undefined> {
  const pick = await vscode.window.showQuickPick(
    OPTIMIZERS.map((k) => ({ label: k, description: k === current ? '(current)' : '', detail: OPTIMIZER_HELP[k], value: k })),
    { title: 'Choose Optimizer', placeHolder: running ? 'The run continues from its current weights with the new optimizer' : 'Used by the next run', matchOnDetail: true },
  );
  return pick?.value;
}

export async function askLearningRate(current: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Set Learning Rate',
    value: String(current),
    prompt: 'A number greater than 0, e.g. 0.01 or 1e-3. Too high diverges; too low learns slowly. Applies from the next step.',
    validateInput: (v) => {
      const n = Number(v);
      return Number.isFinite(n) && n > 0 && n <= 100 ? undefined : 'Enter a number greater than 0 and at most 100, e.g. 0.01';
    },
  });
  return text === undefined ? undefined : Number(text);
}

export async function pickSynthetic(title: string): Promise<SyntheticName | undefined> {
  const pick = await vscode.window.showQuickPick(
    SYNTHETIC_SETS.map((k) => ({ label: k, detail: SYNTHETIC_HELP[k], value: k })),
    { title, matchOnDetail: true },
  );
  return pick?.value;
}
