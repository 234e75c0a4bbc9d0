/**
 * The questions "Demonstrate Symmetry Breaking" and "Break Symmetry…" ask: which data and
 * network, which symmetric start (zeros, or a constant with its value), which random start
 * (each with its formula and when to use it), and how much noise.
 */
import * as vscode from 'vscode';
import type { ExperimentConfig } from '../../engine/config';
import { parseConfig } from '../../engine/config-parse';
import { INIT_HELP, INIT_KINDS, type InitKind, type InitSpec } from '../../engine/nn/init';
import { BREAK_SCALES } from '../../webview/views/symmetry/protocol';
import type { RunController } from '../run-controller';

/** Built-in set-ups: deeplearning.ai's rings with its [2, 10, 5, 1] ReLU network, and Playground-style tanh nets. */
export const DEMO_SETUPS: Record<string, { label: string; detail: string; raw: object }> = {
  circles: {
    // The exercise's own training: full-batch gradient descent at 0.01 for 15,000 iterations.
    label: 'circles — two rings, [2, 10, 5, 1] ReLU', detail: "deeplearning.ai's Initialization exercise (400 points, noise 0.05), full-batch gradient descent 0.01, 15,000 steps",
    raw: { name: 'symmetry-circles', dataset: { synthetic: 'circles', samples: 400, noise: 0.05 }, features: { standardize: false }, model: { hidden: [10, 5], activation: 'relu' }, optimizer: { kind: 'sgd', learningRate: 0.01 }, training: { epochs: 15000, batchSize: 400 } },
  },
  spiral: {
    label: 'spiral — [2, 8, 8, 1] tanh', detail: 'two interleaved spirals (500 points), Adam 0.01',
    raw: { name: 'symmetry-spiral', dataset: { synthetic: 'spiral', samples: 500 }, model: { hidden: [8, 8], activation: 'tanh' }, optimizer: { kind: 'adam', learningRate: 0.01 }, training: { epochs: 300, batchSize: 32 } },
  },
  xor: {
    label: 'xor — [2, 8, 8, 1] tanh', detail: 'four quadrants (500 points), Adam 0.01',
    raw: { name: 'symmetry-xor', dataset: { synthetic: 'xor', samples: 500 }, model: { hidden: [8, 8], activation: 'tanh' }, optimizer: { kind: 'adam', learningRate: 0.01 }, training: { epochs: 300, batchSize: 32 } },
  },
};

/** An init written as the CLI and experiment files write it ("constant:0.5", "he"), validated. */
export function parseInitText(text: string): InitSpec {
  return parseConfig({ init: text }, 'the initialization').init.weights;
}

export async function askConstant(value = 0.5): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Constant initialization',
    value: String(value),
    prompt: 'Every weight starts at this value, e.g. 0.5. All neurons of a layer then stay identical for ever (gradient symmetry).',
    validateInput: (v) => (v.trim() !== '' && Number.isFinite(Number(v)) ? undefined : 'Enter a number, e.g. 0.5'),
  });
  return text === undefined ? undefined : Number(text);
}

// The demonstration's three prompts keep their place when the focus moves (ignoreFocusOut): a
// panel that redraws or reveals itself meanwhile (a live run's symmetry view) must not close them.
export async function pickDemoData(controller: RunController): Promise<{ config: ExperimentConfig } | undefined> {
  const last = controller.lastRun;
  type Item = vscode.QuickPickItem & { key: string };
  const items: Item[] = [
    ...(last && last.config.model.hidden.length ? [{ label: `The current run's data and network (${last.config.name})`, detail: `hidden layers ${last.config.model.hidden.map((h) => h.units).join(', ')}, ${last.config.model.activation}`, key: 'current' }] : []),
    ...Object.entries(DEMO_SETUPS).map(([key, s]) => ({ label: s.label, detail: s.detail, key })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Demonstrate Symmetry Breaking (1/3): data and network', ignoreFocusOut: true, placeHolder: 'Both runs train this network on this data', matchOnDetail: true });
  if (!pick) return undefined;
  if (pick.key === 'current' && last) return last;
  return { config: parseConfig(DEMO_SETUPS[pick.key]!.raw, 'the demonstration') };
}

export async function pickSymmetricInit(): Promise<InitSpec | undefined> {
  const kinds: InitKind[] = ['zeros', 'constant'];
  const pick = await vscode.window.showQuickPick(kinds.map((k) => ({ label: k, detail: INIT_HELP[k], k })), { title: 'Demonstrate Symmetry Breaking (2/3): the symmetric start', ignoreFocusOut: true, matchOnDetail: true });
  if (!pick) return undefined;
  if (pick.k === 'zeros') return { kind: 'zeros' };
  const value = await askConstant();
  return value === undefined ? undefined : { kind: 'constant', value };
}

export async function pickRandomInit(activation: string): Promise<InitSpec | undefined> {
  // He's variance suits ReLU-like units, Glorot's tanh and sigmoid: suggest the one that fits.
  const suggested: InitKind = /relu|gelu|softplus/.test(activation) ? 'he-normal' : 'glorot-uniform';
  const kinds = INIT_KINDS.filter((k) => k !== 'zeros' && k !== 'constant');
  const ordered = [suggested, ...kinds.filter((k) => k !== suggested)];
  const pick = await vscode.window.showQuickPick(
    ordered.map((k) => ({ label: k, description: k === suggested ? `(suggested for ${activation})` : '', detail: INIT_HELP[k], k })),
    { title: 'Demonstrate Symmetry Breaking (3/3): the random start', ignoreFocusOut: true, matchOnDetail: true },
  );
  return pick ? parseInitText(pick.k) : undefined;
}

export async function pickBreakScale(): Promise<number | undefined> {
  const pick = await vscode.window.showQuickPick(
    BREAK_SCALES.map((s) => ({ label: `σ = ${s}`, detail: s <= 0.01 ? 'a nudge: the neurons separate slowly, the loss barely moves' : 'a shove: the neurons separate at once, the loss may jump', s })),
    { title: 'Break Symmetry: noise added to every weight (standard deviation)' },
  );
  return pick?.s;
}
