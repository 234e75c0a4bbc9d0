/**
 * "Gradient Lab: Search Weight-Agnostic Network…": which data (a built-in 2-D set or a dataset
 * file, or the Explorer's file) and how long to search, turned into a `wann-start` request.
 */
import * as vscode from 'vscode';
import type { SyntheticName } from '../../engine/data/synthetic';
import type { WannStartRequest } from '../../engine/protocol/wann';
import { WANN_DEFAULTS } from '../../engine/wann/worker-handler';
import { basename, datasetFromUri } from '../dataset-source';
import { pickDatasetOrSet } from '../dataset-picker';

/** What the wann panel is opened with. */
export interface WannLabArgs {
  title: string;
  request: WannStartRequest;
}

/** The built-in classification sets with two inputs, so the champion's graph stays readable. */
const PLANE_SETS: readonly SyntheticName[] = ['circle', 'xor', 'gauss', 'moons', 'spiral', 'circles'];

type DatasetPick = { title: string; dataset: WannStartRequest['dataset'] };

function fromFile(uri: vscode.Uri): DatasetPick {
  return { title: basename(uri), dataset: { name: datasetFromUri(uri).config.file! } };
}

async function pickDataset(): Promise<DatasetPick | undefined> {
  const pick = await pickDatasetOrSet({
    title: 'Search Weight-Agnostic Network (1/2): data',
    placeHolder: 'A built-in 2-D set, or a classification file of the workspace (images are averaged down to 8×8)',
    sets: PLANE_SETS,
    samples: WANN_DEFAULTS.samples,
    setsFirst: true,
  });
  if (!pick) return undefined;
  if ('uri' in pick) return fromFile(pick.uri);
  return { title: pick.set, dataset: { synthetic: pick.set, samples: WANN_DEFAULTS.samples } };
}

type Budget = Pick<WannStartRequest, 'generations' | 'population' | 'seed'>;

/** "generations, population, seed" typed by the user, or an error message for the input box. */
export function parseBudget(text: string): Budget | string {
  const parts = text.split(/[\s,×x]+/).filter(Boolean).map(Number);
  const [generations, population, seed = WANN_DEFAULTS.seed] = parts;
  const ok = (n: number | undefined, min: number, max: number) => n !== undefined && Number.isInteger(n) && n >= min && n <= max;
  if (parts.length < 2 || parts.length > 3 || !ok(generations, 1, 100_000) || !ok(population, 2, 10_000) || !ok(seed, 0, 2 ** 32 - 1)) {
    return 'Enter generations, networks per generation and (optionally) a seed, e.g. "150, 256, 1": generations 1–100000, networks 2–10000.';
  }
  return { generations, population, seed };
}

async function pickBudget(): Promise<Budget | undefined> {
  const d = WANN_DEFAULTS;
  type Item = vscode.QuickPickItem & { budget?: Budget };
  const items: Item[] = [
    { label: `${d.generations} generations × ${d.population} networks`, description: 'recommended', detail: 'The README\'s budget: finds a circle or xor network that works at most weights in seconds.', budget: { generations: d.generations, population: d.population, seed: d.seed } },
    { label: '60 generations × 128 networks', description: 'quick look', detail: 'Enough to watch the population improve; the champion may still depend on the weight.', budget: { generations: 60, population: 128, seed: d.seed } },
    { label: '300 generations × 256 networks', description: 'thorough', detail: 'Twice the generations: more seeds succeed on xor.', budget: { generations: 300, population: 256, seed: d.seed } },
    { label: 'Custom…', detail: 'Type generations, networks per generation and a seed.' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Search Weight-Agnostic Network (2/2): budget', placeHolder: `Seed ${d.seed}; the same seed finds the same network` });
  if (!pick) return undefined;
  if (pick.budget) return pick.budget;
  const text = await vscode.window.showInputBox({
    title: 'Search Weight-Agnostic Network: custom budget',
    value: `${d.generations}, ${d.population}, ${d.seed}`,
    prompt: 'generations, networks per generation, seed',
    validateInput: (v) => { const b = parseBudget(v); return typeof b === 'string' ? b : undefined; },
  });
  if (text === undefined) return undefined;
  const b = parseBudget(text);
  return typeof b === 'string' ? undefined : b;
}

/** Asks what to search (unless the Explorer named a file) and how long; undefined if the user cancelled. */
export async function chooseWannSearch(uri?: unknown): Promise<WannLabArgs | undefined> {
  const data = uri instanceof vscode.Uri ? fromFile(uri) : await pickDataset();
  if (!data) return undefined;
  const budget = await pickBudget();
  if (!budget) return undefined;
  return { title: data.title, request: { type: 'wann-start', dataset: data.dataset, ...budget } };
}
