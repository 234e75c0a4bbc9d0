import { parseArgs, type ParseArgsConfig } from 'node:util';
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
  out: { type: 'string' },
  json: { type: 'boolean' },
  steps: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type TrainFlags = Partial<Record<keyof typeof TRAIN_OPTIONS, string | boolean>>;

/**
 * Parses a command's arguments, turning node's parse errors into a user-facing message. A value
 * that starts with "-" after a flag that takes one (`--lr -1`) is that flag's value, so the
 * config's own check explains it; an unknown flag gets the nearest known one suggested.
 */
export function parseCommandArgs(args: string[], command: string): { flags: TrainFlags; positionals: string[] } {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    const next = args[i + 1];
    if (name && (TRAIN_OPTIONS as Record<string, { type: string }>)[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d|inf)/i.test(next)) {
      joined.push(`${a}=${next}`);
      i++;
    } else joined.push(a);
  }
  try {
    const { values, positionals } = parseArgs({ args: joined, options: TRAIN_OPTIONS, allowPositionals: true, strict: true });
    return { flags: values as TrainFlags, positionals };
  } catch (e) {
    throw argsError(e, command, Object.keys(TRAIN_OPTIONS));
  }
}

/** node's parse error as the project's message: the nearest known flag for an unknown one, and where the options are. */
function argsError(e: unknown, command: string, flags: readonly string[]): UserError {
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec((e as Error).message)?.[1];
  const near = unknown ? nearestFlag(unknown.replace(/^-+/, ''), flags) : undefined;
  if (unknown) return new UserError(`there is no option ${unknown}${near ? `; did you mean --${near}?` : '.'} Run "gradient-lab ${command} --help" for the options.`);
  return new UserError(`${(e as Error).message.replace(/\.?\s*$/, '')}. Run "gradient-lab ${command} --help" for the options.`);
}

/** Parses the arguments of a command with its own options (predict, export), with the same messages as `parseCommandArgs`. */
export function parseOwnArgs<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], command: string, options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw argsError(e, command, Object.keys(options));
  }
}

/** The known flag closest to `name` by edit distance, if it is close enough to be a typo. */
export function nearestFlag(name: string, flags: readonly string[] = Object.keys(TRAIN_OPTIONS)): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const f of flags) {
    const d = editDistance(name.toLowerCase(), f);
    if (d < bestD) {
      bestD = d;
      best = f;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
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
export function applyFlags(raw: Record<string, unknown>, flags: TrainFlags): Record<string, unknown> {
  const set = (path: string[], value: unknown): void => {
    if (value === undefined) return;
    let o = raw;
    for (const k of path.slice(0, -1)) {
      if (typeof o[k] !== 'object' || o[k] === null || Array.isArray(o[k])) o[k] = typeof o[k] === 'string' ? { [k === 'dataset' ? 'file' : 'kind']: o[k] } : {};
      o = o[k] as Record<string, unknown>;
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
    const lr = (raw.optimizer as Record<string, unknown> | undefined)?.learningRate;
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
