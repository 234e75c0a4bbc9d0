import { parseArgs } from 'node:util';
import { UserError } from '../errors';

/** Flags of `gradient-lab train` and `inspect`, with the config field each one sets. */
export const TRAIN_OPTIONS = {
  config: { type: 'string' },
  model: { type: 'string' },
  activation: { type: 'string' },
  init: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  batch: { type: 'string' },
  epochs: { type: 'string' },
  loss: { type: 'string' },
  seed: { type: 'string' },
  'init-seed': { type: 'string' },
  samples: { type: 'string' },
  noise: { type: 'string' },
  'validation-split': { type: 'string' },
  label: { type: 'string' },
  task: { type: 'string' },
  missing: { type: 'string' },
  dates: { type: 'string' },
  delimiter: { type: 'string' },
  'image-shape': { type: 'string' },
  'max-categories': { type: 'string' },
  'max-megabytes': { type: 'string' },
  'max-field-megabytes': { type: 'string' },
  'max-model-megabytes': { type: 'string' },
  preset: { type: 'string' },
  degree: { type: 'string' },
  pca: { type: 'string' },
  crosses: { type: 'string' },
  json: { type: 'boolean' },
  steps: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type TrainFlags = Partial<Record<keyof typeof TRAIN_OPTIONS, string | boolean>>;

/** Parses a command's arguments, turning node's parse errors into a user-facing message. */
export function parseCommandArgs(args: string[], command: string): { flags: TrainFlags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: TRAIN_OPTIONS, allowPositionals: true, strict: true });
    return { flags: values as TrainFlags, positionals };
  } catch (e) {
    throw new UserError(`${(e as Error).message.replace(/\.?\s*$/, '')}. Run "gradient-lab ${command} --help" for the options.`);
  }
}

/** A numeric flag's value, or a clear error naming the flag. */
export function numberFlag(flags: TrainFlags, name: keyof typeof TRAIN_OPTIONS): number | undefined {
  const v = flags[name];
  if (v === undefined || typeof v === 'boolean') return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UserError(`--${name}: "${v}" is not a number; give e.g. --${name} ${name === 'lr' ? '0.01' : '32'}`);
  return n;
}

/**
 * Writes the flags into a raw (unvalidated) config object, so that `parseConfig` checks flag
 * values and file values with the same rules and messages.
 */
export function applyFlags(raw: Record<string, any>, flags: TrainFlags): Record<string, any> {
  const set = (path: string[], value: unknown): void => {
    if (value === undefined) return;
    let o = raw;
    for (const k of path.slice(0, -1)) {
      if (typeof o[k] !== 'object' || o[k] === null || Array.isArray(o[k])) o[k] = typeof o[k] === 'string' ? { [k === 'dataset' ? 'file' : 'kind']: o[k] } : {};
      o = o[k];
    }
    o[path[path.length - 1]!] = value;
  };
  if (typeof flags.model === 'string') {
    const sizes = flags.model.trim() === '' ? [] : flags.model.split(',').map((s) => Number(s.trim()));
    if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
      throw new UserError(`--model: "${flags.model}" is not a list of layer sizes; give hidden layer sizes separated by commas, e.g. --model 8,8 (or "" for none)`);
    }
    set(['model', 'hidden'], sizes);
  }
  set(['model', 'activation'], flags.activation);
  if (typeof flags.init === 'string') set(['init', 'weights'], flags.init);
  if (typeof flags.optimizer === 'string') {
    const lr = raw.optimizer?.learningRate;
    raw.optimizer = { kind: flags.optimizer, ...(lr !== undefined && typeof raw.optimizer === 'object' ? { learningRate: lr } : {}) };
  }
  set(['optimizer', 'learningRate'], numberFlag(flags, 'lr'));
  set(['training', 'batchSize'], numberFlag(flags, 'batch'));
  set(['training', 'epochs'], numberFlag(flags, 'epochs'));
  set(['training', 'validationSplit'], numberFlag(flags, 'validation-split'));
  set(['loss'], flags.loss);
  if (typeof flags.crosses === 'string') set(['features', 'crosses'], flags.crosses.split(',').map((c) => c.trim()).filter(Boolean));
  const degree = numberFlag(flags, 'degree');
  if (degree !== undefined) set(['features', 'polynomial', 'degree'], degree);
  const pca = numberFlag(flags, 'pca');
  if (pca !== undefined) set(['features', 'pca', 'components'], pca);
  set(['seeds', 'data'], numberFlag(flags, 'seed'));
  set(['seeds', 'init'], numberFlag(flags, 'init-seed'));
  set(['dataset', 'samples'], numberFlag(flags, 'samples'));
  set(['dataset', 'noise'], numberFlag(flags, 'noise'));
  set(['dataset', 'label'], flags.label);
  set(['dataset', 'task'], flags.task);
  set(['dataset', 'missing'], flags.missing);
  set(['dataset', 'dates'], flags.dates);
  set(['dataset', 'maxCategories'], numberFlag(flags, 'max-categories'));
  set(['dataset', 'maxMegabytes'], numberFlag(flags, 'max-megabytes'));
  set(['dataset', 'maxFieldMegabytes'], numberFlag(flags, 'max-field-megabytes'));
  set(['model', 'maxMegabytes'], numberFlag(flags, 'max-model-megabytes'));
  if (typeof flags.delimiter === 'string') set(['dataset', 'delimiter'], flags.delimiter === '\\t' || flags.delimiter === 'tab' ? '\t' : flags.delimiter);
  if (typeof flags['image-shape'] === 'string') {
    const dims = flags['image-shape'].toLowerCase().split('x').map(Number);
    if (dims.length < 2 || dims.length > 3 || dims.some((n) => !Number.isInteger(n) || n <= 0)) {
      throw new UserError(`--image-shape: "${flags['image-shape']}" is not HxW or HxWxC; give e.g. --image-shape 28x28 or 32x32x3`);
    }
    set(['dataset', 'imageShape'], dims);
  }
  return raw;
}
