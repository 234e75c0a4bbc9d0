/** Reads the gradientLab.* settings (declared in extension/manifest.ts) into typed values. */
import * as vscode from 'vscode';
import type { ActivationName } from '../engine/nn/activations';
import type { ExperimentConfig } from '../engine/config';
import type { InitKind } from '../engine/nn/init';
import type { OptimizerName } from '../engine/nn/optimizers';
import type { ControlValues } from '../webview/protocol';
import { locationOf } from './run-locations';

function cfg(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('gradientLab');
}

/** The controls a new run starts from. */
export function controlDefaults(): ControlValues {
  const c = cfg();
  return {
    init: c.get<InitKind>('training.init', 'glorot-uniform'),
    optimizer: c.get<OptimizerName>('training.optimizer', 'adam'),
    learningRate: c.get<number>('training.learningRate', 0.01),
    batchSize: c.get<number>('training.batchSize', 32),
    epochs: c.get<number>('training.epochs', 50),
    hidden: [...c.get<number[]>('model.hiddenLayers', [8, 8])],
    activation: c.get<ActivationName>('model.activation', 'tanh'),
  };
}

/**
 * The runs folder's location (an OS path for a local folder in the Node host, else a URI
 * string: see run-locations.ts), or undefined without a workspace folder.
 */
export function runsFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  return locationOf(vscode.Uri.joinPath(folder.uri, ...cfg().get<string>('runs.folder', '.gradient-lab/runs').split(/[\\/]+/).filter(Boolean)));
}

/** The first workspace folder's location (the base of the dataset paths runs store), if any. */
export function workspaceFolderLocation(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? locationOf(folder.uri) : undefined;
}

export const datasetGlob = (): string => cfg().get<string>('data.glob', '**/*.{csv,tsv,jsonl,idx,gz}');
/**
 * What never counts as a dataset: dependencies, git's files, and runs — each run's
 * metrics.jsonl matches the default glob, and a pick list of them next to the real data
 * would be noise (and training on one, nonsense).
 */
export function datasetExclude(): string {
  const raw = cfg().get<string>('runs.folder', '.gradient-lab/runs');
  // Only a plain relative path is a glob of the workspace; an absolute one lies outside it.
  const rel = /^([a-z]:)?[\\/]|[{}[\],*?]|\.\./i.test(raw) ? '' : raw.replace(/^\.\//, '').replace(/[\\/]+$/, '');
  return `{**/node_modules/**,**/.git/**,**/.gradient-lab/**${rel ? `,${rel}/**` : ''}}`;
}
export const maxDatasetBytes = (): number => cfg().get<number>('data.maxMegabytes', 512) * 1024 * 1024;
export const updatesPerSecond = (): number => cfg().get<number>('ui.updatesPerSecond', 30);

/** The data limits of the gradientLab.data.* settings, as reading options. */
export function readLimits(): { maxBytes: number; maxCategories: number; maxFieldBytes: number } {
  const c = cfg();
  return {
    maxBytes: c.get<number>('data.maxMegabytes', 512) * 1024 * 1024,
    maxCategories: c.get<number>('data.maxCategories', 50),
    maxFieldBytes: c.get<number>('data.maxFieldMegabytes', 1) * 1024 * 1024,
  };
}

/**
 * A run's config with the limit settings (and the evaluation rows) filled in where the config
 * (an experiment file) does not set them itself: the same limits the CLI takes as --max-* flags.
 */
export function withLimitSettings(config: ExperimentConfig): ExperimentConfig {
  const c = cfg();
  const d = config.dataset;
  return {
    ...config,
    dataset: d.file === undefined ? d : {
      ...d,
      maxMegabytes: d.maxMegabytes ?? c.get<number>('data.maxMegabytes', 512),
      maxCategories: d.maxCategories ?? c.get<number>('data.maxCategories', 50),
      maxFieldMegabytes: d.maxFieldMegabytes ?? c.get<number>('data.maxFieldMegabytes', 1),
    },
    model: { ...config.model, maxMegabytes: config.model.maxMegabytes ?? c.get<number>('model.maxMegabytes', 1024) },
    training: { ...config.training, threads: config.training.threads ?? threadsSetting() },
    evaluation: { ...config.evaluation, trainRows: config.evaluation?.trainRows ?? evaluationRowsSetting(c.get<string>('training.evaluationRows', 'auto')) },
  };
}

/** gradientLab.training.threads: "auto" or a count (the manifest offers them as strings). */
export function threadsSetting(): 'auto' | number {
  const v = String(cfg().get<string | number>('training.threads', 'auto'));
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : 'auto';
}

/** The training.evaluationRows setting as an evaluation.trainRows value ("auto", "all" or a count; anything else: auto). */
function evaluationRowsSetting(v: string): number | 'auto' | 'all' {
  if (v === 'all') return 'all';
  return /^[1-9]\d*$/.test(v) ? Number(v) : 'auto';
}

export const logEveryStep = (): boolean => cfg().get<boolean>('runs.logEveryStep', false);
