/*
 * The four models the export tests train once through the built CLI (`train --out`), and what
 * they need: the run folder, the data file, and the engine's encoded validation rows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExperimentConfig } from '../../engine/config';
import { Dataset } from '../../engine/data/dataset';
import { splitDataset } from '../../engine/data/split';
import { loadDataset } from '../../engine/node/load-dataset';
import { Prng } from '../../engine/prng';
import { readSavedModel } from '../../engine/node/run-folder';

export const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'gradient-lab.js');

/** The built CLI in a child process, as a user runs it. */
export function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export interface TestModel {
  name: string;
  /** The file predictions are made on (the training file, or the digits' test set). */
  dataFile: string;
  trainArgs: string[];
}

export const MODELS: TestModel[] = [
  { name: 'iris-mlp', dataFile: join(root, 'samples', 'iris.csv'), trainArgs: [join(root, 'samples', 'iris.csv'), '--epochs', '60', '--validation-split', '0.5'] },
  {
    // Categorical inputs (Island, Sex) and missing values (null measurements, filled with the mean).
    name: 'penguins-categorical',
    dataFile: join(root, 'test', 'data', 'real', 'penguins.json'),
    trainArgs: [join(root, 'test', 'data', 'real', 'penguins.json'), '--label', 'Species', '--missing', 'mean', '--activation', 'gelu', '--epochs', '15'],
  },
  {
    name: 'cars-regression',
    dataFile: join(root, 'test', 'data', 'real', 'cars.json'),
    trainArgs: [join(root, 'test', 'data', 'real', 'cars.json'), '--label', 'Miles_per_Gallon', '--task', 'regression', '--missing', 'mean', '--activation', 'relu', '--lr', '0.03', '--epochs', '40'],
  },
  {
    name: 'digits-cnn',
    dataFile: join(root, 'samples', 'digits', 't10k-images-idx3-ubyte.gz'),
    trainArgs: ['--config', join(root, 'samples', 'digits-cnn.glab.json'), '--epochs', '1'],
  },
];

/** The feature transforms and the remaining activations: crosses, polynomial terms, PCA, random Fourier features. */
export const TRANSFORM_MODELS: TestModel[] = [
  { name: 'crosses-polynomial-every-activation', dataFile: join(root, 'samples', 'spiral.csv'), trainArgs: ['--config', '<every-activation>'] },
  { name: 'pca-logistic', dataFile: join(root, 'samples', 'iris.csv'), trainArgs: [join(root, 'samples', 'iris.csv'), '--preset', 'pca-logistic', '--pca', '2', '--epochs', '20'] },
  { name: 'kernel-svm', dataFile: join(root, 'samples', 'moons.csv'), trainArgs: ['moons', '--preset', 'kernel-svm', '--epochs', '10'] },
];

/** An experiment with crosses, polynomial terms and a hidden layer of each activation the other models lack. */
function everyActivationConfig(): string {
  const file = join(scratch('config'), 'every-activation.glab.json');
  writeFileSync(file, JSON.stringify({
    name: 'every-activation', dataset: 'spiral',
    features: { standardize: true, crosses: ['x1^2', 'x1*x2', 'sin(x2)'], polynomial: { degree: 2 } },
    model: {
      hidden: [{ units: 6, activation: 'sigmoid' }, { units: 6, activation: 'leaky-relu' }, { units: 5, activation: 'sin' }, { units: 5, activation: 'softplus' }, { units: 4, activation: 'linear' }],
      activation: 'tanh',
    },
    training: { epochs: 5 },
  }));
  return file;
}

const trained = new Map<string, string>();
let base: string | undefined;

/** The run folder of a test model, trained on first use. */
export function runFolder(m: TestModel): string {
  let dir = trained.get(m.name);
  if (dir) return dir;
  base ??= mkdtempSync(join(tmpdir(), 'gl-export-'));
  dir = join(base, m.name);
  const args = m.trainArgs.map((a) => (a === '<every-activation>' ? everyActivationConfig() : a));
  const r = cli('train', ...args, '--out', dir);
  if (r.code !== 0 || !existsSync(join(dir, 'model.json'))) throw new Error(`training ${m.name} failed (${r.code}): ${r.err}`);
  trained.set(m.name, dir);
  return dir;
}

/** A new scratch folder for a test's outputs. */
export function scratch(prefix: string): string {
  base ??= mkdtempSync(join(tmpdir(), 'gl-export-'));
  return mkdtempSync(join(base, `${prefix}-`));
}

/** The run's validation rows as encoded features (before the transforms), exactly as the engine split them. */
export async function validationRows(dir: string): Promise<{ x: Float32Array; y: Float32Array; rows: number; features: number; data: Dataset }> {
  const config = readSavedModel(dir).config as ExperimentConfig;
  const data = await loadDataset(config.dataset, config.seeds.data, root);
  const split = splitDataset(data, config.training.validationSplit, new Prng(config.seeds.data));
  return { x: split.validation.x, y: split.validation.y, rows: split.validation.rows, features: split.validation.features, data };
}

/** The interpreter that can import torch (on Debian, /usr/bin/python3 with python3-torch), or undefined. */
export function torchPython(): string | undefined {
  for (const p of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(p, ['-c', 'import torch, onnx'], { encoding: 'utf8' });
    if (r.status === 0) return p;
  }
  return undefined;
}

/**
 * Skips a test without Python + torch + onnx, except where they must be there: CI installs them
 * (.ci/debian-packages) and sets GL_REQUIRE_TORCH=1, so there a missing install fails instead.
 */
export function requireTorch(): string | undefined {
  const p = torchPython();
  if (!p && process.env.GL_REQUIRE_TORCH === '1') throw new Error('Python with torch and onnx is not installed, and GL_REQUIRE_TORCH=1: apt-get install python3-torch python3-onnx');
  return p;
}

/** Parses the CSV that `predict` and train.py --predict write: header and rows of cells. */
export function readPredictionCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trim().split('\n');
  const split = (l: string): string[] => l.split(','); // class names in these tests have no commas
  return { header: split(lines[0]!), rows: lines.slice(1).map(split) };
}
