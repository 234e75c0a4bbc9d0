import { ACTIVATIONS, ActivationName } from './nn/activations';
import { DatasetConfig, EvaluationSpec, SymmetrySpec, ExperimentConfig, MAX_THREADS, defaultConfig } from './config';
import { FEATURE_LAYER_TYPES, FeatureLayerSpec, planConvStack } from './nn/conv-stack';
import { SYNTHETIC_SETS } from './data/synthetic';
import { ConfigError } from './errors';
import { JsoncSyntaxError, parseJsonc } from './jsonc';
import { INIT_KINDS, InitSpec } from './nn/init';
import { LOSSES } from './nn/losses';
import { HiddenLayerSpec } from './nn/model';
import { OPTIMIZERS, OptimizerSpec } from './nn/optimizers';

type Json = unknown;
type Obj = Record<string, Json>;

/** Shorthands accepted wherever an initializer is named. */
const INIT_ALIASES: Record<string, InitSpec['kind']> = {
  he: 'he-normal', kaiming: 'he-normal', glorot: 'glorot-uniform', xavier: 'glorot-uniform', lecun: 'lecun-normal',
};

/**
 * Reads problems into a list instead of stopping at the first, so one error message can name
 * every bad field with its path (e.g. `optimizer.learningRate`) and what it allows.
 */
class Reader {
  readonly problems: string[] = [];

  fail(path: string, found: Json, allowed: string): undefined {
    this.problems.push(`${path}: found ${describe(found)}; expected ${allowed}`);
    return undefined;
  }

  object(v: Json, path: string, keys: readonly string[]): Obj | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return this.fail(path, v, 'an object');
    for (const k of Object.keys(v)) {
      if (!keys.includes(k)) this.problems.push(`${path}.${k}: unknown field; allowed fields are ${keys.join(', ')}`);
    }
    return v as Obj;
  }

  number(v: Json, path: string, fallback: number, min = -Infinity, max = Infinity, integer = false): number {
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(path, v, 'a finite number') ?? fallback;
    if (integer && !Number.isInteger(v)) return this.fail(path, v, 'a whole number') ?? fallback;
    if (v < min || v > max) return this.fail(path, v, `a number from ${min} to ${max}`) ?? fallback;
    return v;
  }

  positive(v: Json, path: string, fallback: number, integer = false): number {
    if (typeof v === 'number' && Number.isFinite(v) && v <= 0) return this.fail(path, v, `a ${integer ? 'whole ' : ''}number greater than 0`) ?? fallback;
    return this.number(v, path, fallback, 0, Infinity, integer);
  }

  boolean(v: Json, path: string, fallback: boolean): boolean {
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') return this.fail(path, v, 'true or false') ?? fallback;
    return v;
  }

  string(v: Json, path: string): string | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') return this.fail(path, v, 'a non-empty string');
    return v;
  }

  oneOf<T extends string>(v: Json, path: string, choices: readonly T[], fallback: T): T;
  oneOf<T extends string>(v: Json, path: string, choices: readonly T[]): T | undefined;
  oneOf<T extends string>(v: Json, path: string, choices: readonly T[], fallback?: T): T | undefined {
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
      return this.fail(path, v, `one of ${choices.map((c) => `"${c}"`).join(', ')}`) ?? fallback;
    }
    return v as T;
  }
}

function describe(v: Json): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Turns parsed JSON into a complete experiment config: every field checked, defaults filled.
 * Throws a `ConfigError` naming every invalid field. `source` names the file in messages.
 */
export function parseConfig(raw: Json, source = 'the experiment config'): ExperimentConfig {
  const r = new Reader();
  const d = defaultConfig();
  const top = r.object(raw ?? {}, '(top level)', ['$schema', 'name', 'dataset', 'features', 'model', 'init', 'optimizer', 'loss', 'regularization', 'clip', 'training', 'seeds', 'evaluation', 'symmetry']) ?? {};
  const config: ExperimentConfig = {
    name: r.string(top.name, 'name') ?? d.name,
    dataset: readDataset(r, top.dataset, d.dataset),
    features: readFeatures(r, top.features),
    model: readModel(r, top.model, d.model),
    init: readInitPair(r, top.init, d.init),
    optimizer: readOptimizer(r, top.optimizer, d.optimizer),
    loss: r.oneOf(top.loss, 'loss', ['auto', ...LOSSES] as const, 'auto'),
    regularization: readPenalty(r, top.regularization),
    clip: readClip(r, top.clip),
    training: readTraining(r, top.training, d.training),
    seeds: readSeeds(r, top.seeds, d.seeds),
  };
  if (top.evaluation !== undefined) config.evaluation = readEvaluation(r, top.evaluation);
  if (top.symmetry !== undefined) config.symmetry = readSymmetry(r, top.symmetry);
  checkConvFitsDataset(r, config);
  if (r.problems.length) throw new ConfigError(r.problems, source);
  return config;
}

/** File kinds whose rows are plain columns: conv layers need `dataset.imageShape` to see them as images. */
const TABLE_FILE = /\.(csv|tsv|txt|json|jsonl)$/i;

/**
 * Conv layers need image rows. What can be known before reading the data is checked here: a
 * built-in 2-D set or a table without `imageShape` cannot feed them, and with a known image
 * shape every window must fit. (IDX files and image folders bring their shape; the model
 * builder checks those when the data is read.)
 */
function checkConvFitsDataset(r: Reader, config: ExperimentConfig): void {
  const conv = config.model.conv;
  if (!conv?.length) return;
  const ds = config.dataset;
  if (ds.synthetic) {
    r.problems.push(`model.conv: convolution and pooling layers need image rows, but the built-in set "${ds.synthetic}" is 2-D points; use an image dataset (IDX, an image folder, or a table with dataset.imageShape) or remove model.conv`);
  } else if (ds.imageShape) {
    for (const p of planConvStack(ds.imageShape, conv).problems) r.problems.push(p);
  } else if (ds.file && TABLE_FILE.test(ds.file)) {
    r.problems.push(`model.conv: convolution and pooling layers need image rows, but "${ds.file}" is a table; set dataset.imageShape to [height, width] or [height, width, channels] of its pixel columns, or remove model.conv`);
  }
}

function readDataset(r: Reader, v: Json, fallback: DatasetConfig): DatasetConfig {
  if (typeof v === 'string') v = (SYNTHETIC_SETS as readonly string[]).includes(v) ? { synthetic: v } : { file: v };
  const o = r.object(v, 'dataset', ['synthetic', 'samples', 'noise', 'file', 'label', 'task', 'missing', 'dates', 'delimiter', 'imageShape', 'maxCategories', 'maxMegabytes', 'maxFieldMegabytes']);
  if (!o) return { ...fallback };
  const out: DatasetConfig = {};
  if (o.synthetic !== undefined) out.synthetic = r.oneOf(o.synthetic, 'dataset.synthetic', SYNTHETIC_SETS);
  if (o.file !== undefined) out.file = r.string(o.file, 'dataset.file');
  if ((o.synthetic === undefined) === (o.file === undefined)) {
    r.problems.push('dataset: give exactly one of "synthetic" (a built-in set name) or "file" (a path)');
  }
  if (o.samples !== undefined) out.samples = r.number(o.samples, 'dataset.samples', 500, 2, 10_000_000, true);
  if (o.noise !== undefined) out.noise = r.number(o.noise, 'dataset.noise', 0, 0, 10);
  if (o.label !== undefined) out.label = r.string(o.label, 'dataset.label');
  if (o.task !== undefined) out.task = r.oneOf(o.task, 'dataset.task', ['classification', 'regression'] as const);
  if (o.missing !== undefined) out.missing = r.oneOf(o.missing, 'dataset.missing', ['drop', 'mean', 'mode'] as const);
  if (o.dates !== undefined) out.dates = r.oneOf(o.dates, 'dataset.dates', ['ignore', 'number'] as const);
  if (o.delimiter !== undefined) {
    const s = r.string(o.delimiter, 'dataset.delimiter');
    if (s !== undefined && s.length !== 1) r.fail('dataset.delimiter', s, 'one character, e.g. "," or ";" or "\\t"');
    else if (s !== undefined) out.delimiter = s;
  }
  if (o.maxCategories !== undefined) out.maxCategories = r.number(o.maxCategories, 'dataset.maxCategories', 50, 1, 100_000, true);
  if (o.maxMegabytes !== undefined) out.maxMegabytes = r.number(o.maxMegabytes, 'dataset.maxMegabytes', 512, 1);
  if (o.maxFieldMegabytes !== undefined) out.maxFieldMegabytes = r.positive(o.maxFieldMegabytes, 'dataset.maxFieldMegabytes', 1);
  if (o.imageShape !== undefined) {
    const s = o.imageShape;
    if (!Array.isArray(s) || (s.length !== 2 && s.length !== 3) || !s.every((n) => Number.isInteger(n) && n > 0)) {
      r.fail('dataset.imageShape', s, '[height, width] or [height, width, channels] of positive whole numbers');
    } else {
      out.imageShape = [s[0], s[1], s[2] ?? 1];
    }
  }
  return out;
}

function readFeatures(r: Reader, v: Json): ExperimentConfig['features'] {
  const o = r.object(v, 'features', ['standardize', 'crosses', 'polynomial', 'pca', 'randomFourier']) ?? {};
  const out: ExperimentConfig['features'] = { standardize: r.boolean(o.standardize, 'features.standardize', true) };
  if (o.crosses !== undefined) {
    if (!Array.isArray(o.crosses) || !o.crosses.every((c) => typeof c === 'string' && c !== '')) {
      r.fail('features.crosses', o.crosses, 'a list of crosses such as ["x1^2", "x2^2", "x1*x2", "sin(x1)"]');
    } else out.crosses = o.crosses as string[];
  }
  const poly = r.object(o.polynomial, 'features.polynomial', ['degree', 'interactions']);
  if (poly) {
    out.polynomial = {
      degree: r.number(poly.degree, 'features.polynomial.degree', 2, 1, 6, true),
      interactions: r.boolean(poly.interactions, 'features.polynomial.interactions', true),
    };
  }
  const pca = r.object(o.pca, 'features.pca', ['components']);
  if (pca) out.pca = { components: r.positive(pca.components, 'features.pca.components', 2, true) };
  const rff = r.object(o.randomFourier, 'features.randomFourier', ['features', 'gamma']);
  if (rff) {
    out.randomFourier = {
      features: r.number(rff.features, 'features.randomFourier.features', 100, 1, 100_000, true),
      gamma: rff.gamma === 'scale' || rff.gamma === undefined ? 'scale' : r.positive(rff.gamma, 'features.randomFourier.gamma', 1),
    };
  }
  return out;
}

function readModel(r: Reader, v: Json, fallback: ExperimentConfig['model']): ExperimentConfig['model'] {
  const o = r.object(v, 'model', ['conv', 'hidden', 'activation', 'dropout', 'maxMegabytes']);
  if (!o) return { ...fallback, hidden: [...fallback.hidden] };
  let conv: FeatureLayerSpec[] | undefined;
  if (o.conv !== undefined) {
    if (!Array.isArray(o.conv)) {
      r.fail('model.conv', o.conv, 'a list of layers, e.g. [{"type": "conv2d", "filters": 8, "kernel": 5}, {"type": "maxpool2d", "size": 2}]');
    } else {
      conv = o.conv.map((c, i) => readConvLayer(r, c, `model.conv[${i}]`));
    }
  }
  let hidden = fallback.hidden;
  if (o.hidden !== undefined) {
    if (!Array.isArray(o.hidden)) {
      r.fail('model.hidden', o.hidden, 'a list of layer sizes, e.g. [8, 8], or of {"units": 8, "activation": "relu"}');
    } else {
      hidden = o.hidden.map((h, i) => readHiddenLayer(r, h, `model.hidden[${i}]`));
    }
  }
  return {
    ...(conv?.length ? { conv } : {}),
    hidden,
    activation: r.oneOf(o.activation, 'model.activation', ACTIVATIONS, fallback.activation),
    dropout: r.number(o.dropout, 'model.dropout', fallback.dropout, 0, 0.95),
    ...(o.maxMegabytes !== undefined ? { maxMegabytes: r.number(o.maxMegabytes, 'model.maxMegabytes', 1024, 1) } : {}),
  };
}

/** One layer of `model.conv`: {"type": "conv2d", filters, kernel, stride?, padding?, activation?, init?, biasInit?} or a pooling layer {"type": "maxpool2d"|"avgpool2d", size, stride?}. */
function readConvLayer(r: Reader, v: Json, path: string): FeatureLayerSpec {
  const type = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj).type : undefined;
  if (type === 'conv2d') {
    const o = r.object(v, path, ['type', 'filters', 'kernel', 'stride', 'padding', 'activation', 'init', 'biasInit']) ?? {};
    const spec: FeatureLayerSpec = {
      type,
      filters: r.positive(o.filters, `${path}.filters`, 1, true),
      kernel: r.positive(o.kernel, `${path}.kernel`, 1, true),
    };
    if (o.filters === undefined) r.fail(`${path}.filters`, undefined, 'the number of filters (output channels), e.g. 8');
    if (o.kernel === undefined) r.fail(`${path}.kernel`, undefined, 'the kernel size in pixels, e.g. 3 or 5');
    if (o.stride !== undefined) spec.stride = r.positive(o.stride, `${path}.stride`, 1, true);
    if (o.padding !== undefined) {
      if (o.padding === 'valid' || o.padding === 'same') spec.padding = o.padding;
      else if (typeof o.padding === 'number') spec.padding = r.number(o.padding, `${path}.padding`, 0, 0, 1000, true);
      else r.fail(`${path}.padding`, o.padding, '"valid" (none), "same" (keep the size) or a number of pixels');
    }
    const activation: ActivationName | undefined = r.oneOf(o.activation, `${path}.activation`, ACTIVATIONS);
    if (activation) spec.activation = activation;
    if (o.init !== undefined) spec.init = readInit(r, o.init, `${path}.init`);
    if (o.biasInit !== undefined) spec.biasInit = readInit(r, o.biasInit, `${path}.biasInit`);
    return spec;
  }
  if (type === 'maxpool2d' || type === 'avgpool2d') {
    const o = r.object(v, path, ['type', 'size', 'stride']) ?? {};
    const spec: FeatureLayerSpec = { type, size: r.positive(o.size, `${path}.size`, 2, true) };
    if (o.size === undefined) r.fail(`${path}.size`, undefined, 'the pooling window size in pixels, e.g. 2');
    if (o.stride !== undefined) spec.stride = r.positive(o.stride, `${path}.stride`, 2, true);
    return spec;
  }
  r.fail(`${path}.type`, type, `one of ${FEATURE_LAYER_TYPES.map((t) => `"${t}"`).join(', ')}`);
  return { type: 'maxpool2d', size: 1 };
}

function readHiddenLayer(r: Reader, v: Json, path: string): HiddenLayerSpec {
  if (typeof v === 'number') return { units: r.positive(v, path, 1, true) };
  const o = r.object(v, path, ['units', 'activation', 'init', 'biasInit', 'dropout']);
  if (!o) return { units: 1 };
  const layer: HiddenLayerSpec = { units: r.positive(o.units, `${path}.units`, 1, true) };
  if (o.units === undefined) r.fail(`${path}.units`, undefined, 'the number of neurons');
  const activation: ActivationName | undefined = r.oneOf(o.activation, `${path}.activation`, ACTIVATIONS);
  if (activation) layer.activation = activation;
  if (o.init !== undefined) layer.init = readInit(r, o.init, `${path}.init`);
  if (o.biasInit !== undefined) layer.biasInit = readInit(r, o.biasInit, `${path}.biasInit`);
  if (o.dropout !== undefined) layer.dropout = r.number(o.dropout, `${path}.dropout`, 0, 0, 0.95);
  return layer;
}

/** Parameters a "kind:a:b" initializer string gives, in order, e.g. "normal:0:10" = mean 0, std 10. */
const INIT_STRING_PARAMS: Partial<Record<InitSpec['kind'], string[]>> = {
  constant: ['value'], uniform: ['min', 'max'], normal: ['mean', 'std'], orthogonal: ['gain'],
};

/**
 * An initializer: a name ("he-normal", or a shorthand such as "he"), a name with parameters
 * ("constant:0.5", "uniform:-1:1", "normal:0:10", "orthogonal:2"), or an object.
 */
function readInit(r: Reader, v: Json, path: string): InitSpec {
  if (typeof v === 'string') {
    const [name = '', ...args] = v.split(':');
    const kind = INIT_ALIASES[name] ?? name;
    const names = INIT_STRING_PARAMS[kind as InitSpec['kind']] ?? [];
    if (args.length > names.length) {
      return r.fail(path, v, names.length ? `"${kind}:${names.join(':')}"` : `"${kind}" without parameters`) ?? { kind: 'zeros' };
    }
    const o: Record<string, Json> = { kind };
    args.forEach((a, i) => (o[names[i]!] = a.trim() === '' || !Number.isFinite(Number(a)) ? a : Number(a)));
    v = o;
  }
  const o = r.object(v, path, ['kind', 'value', 'min', 'max', 'mean', 'std', 'gain']) ?? {};
  const kind = r.oneOf(o.kind, `${path}.kind`, INIT_KINDS) ?? 'zeros';
  switch (kind) {
    case 'constant': return { kind, value: r.number(o.value, `${path}.value`, 0.5) };
    case 'uniform': return { kind, min: r.number(o.min, `${path}.min`, -0.05), max: r.number(o.max, `${path}.max`, 0.05) };
    case 'normal': return { kind, mean: r.number(o.mean, `${path}.mean`, 0), std: r.number(o.std, `${path}.std`, 0.05, 0) };
    case 'orthogonal': return { kind, gain: r.number(o.gain, `${path}.gain`, 1) };
    default: return { kind };
  }
}

function readInitPair(r: Reader, v: Json, fallback: ExperimentConfig['init']): ExperimentConfig['init'] {
  const isSpec = typeof v === 'string' || (typeof v === 'object' && v !== null && 'kind' in v);
  if (isSpec) return { weights: readInit(r, v, 'init'), biases: fallback.biases };
  const o = r.object(v, 'init', ['weights', 'biases']);
  if (!o) return { ...fallback };
  return {
    weights: o.weights === undefined ? fallback.weights : readInit(r, o.weights, 'init.weights'),
    biases: o.biases === undefined ? fallback.biases : readInit(r, o.biases, 'init.biases'),
  };
}

function readOptimizer(r: Reader, v: Json, fallback: OptimizerSpec): OptimizerSpec {
  if (typeof v === 'string') v = { kind: v };
  const o = r.object(v, 'optimizer', ['kind', 'learningRate', 'momentum', 'rho', 'beta1', 'beta2', 'epsilon', 'weightDecay']);
  if (!o) return { ...fallback };
  const spec: OptimizerSpec = {
    kind: r.oneOf(o.kind, 'optimizer.kind', OPTIMIZERS, fallback.kind),
    learningRate: r.positive(o.learningRate, 'optimizer.learningRate', fallback.learningRate),
  };
  if (o.momentum !== undefined) spec.momentum = r.number(o.momentum, 'optimizer.momentum', 0.9, 0, 1);
  if (o.rho !== undefined) spec.rho = r.number(o.rho, 'optimizer.rho', 0.99, 0, 1);
  if (o.beta1 !== undefined) spec.beta1 = r.number(o.beta1, 'optimizer.beta1', 0.9, 0, 0.999999);
  if (o.beta2 !== undefined) spec.beta2 = r.number(o.beta2, 'optimizer.beta2', 0.999, 0, 0.999999);
  if (o.epsilon !== undefined) spec.epsilon = r.number(o.epsilon, 'optimizer.epsilon', 1e-8, 0, 1);
  if (o.weightDecay !== undefined) spec.weightDecay = r.number(o.weightDecay, 'optimizer.weightDecay', 0.01, 0, 1);
  return spec;
}

function readPenalty(r: Reader, v: Json): ExperimentConfig['regularization'] {
  const o = r.object(v, 'regularization', ['l1', 'l2']) ?? {};
  return { l1: r.number(o.l1, 'regularization.l1', 0, 0, 10), l2: r.number(o.l2, 'regularization.l2', 0, 0, 10) };
}

function readClip(r: Reader, v: Json): ExperimentConfig['clip'] {
  const o = r.object(v, 'clip', ['norm', 'value']) ?? {};
  const clip: ExperimentConfig['clip'] = {};
  if (o.norm !== undefined) clip.norm = r.positive(o.norm, 'clip.norm', 1);
  if (o.value !== undefined) clip.value = r.positive(o.value, 'clip.value', 1);
  return clip;
}

function readTraining(r: Reader, v: Json, d: ExperimentConfig['training']): ExperimentConfig['training'] {
  const o = r.object(v, 'training', ['epochs', 'batchSize', 'validationSplit', 'shuffle', 'threads']) ?? {};
  const threads = readThreads(r, o.threads, d.threads);
  return {
    epochs: r.positive(o.epochs, 'training.epochs', d.epochs, true),
    batchSize: r.positive(o.batchSize, 'training.batchSize', d.batchSize, true),
    validationSplit: r.number(o.validationSplit, 'training.validationSplit', d.validationSplit, 0, 0.9),
    shuffle: r.boolean(o.shuffle, 'training.shuffle', d.shuffle),
    ...(threads !== undefined ? { threads } : {}),
  };
}

/** training.threads: "auto" or a whole number of threads from 1 to MAX_THREADS (absent: left to the setting, else auto). */
function readThreads(r: Reader, v: Json, fallback: 'auto' | number | undefined): 'auto' | number | undefined {
  if (v === undefined) return fallback;
  if (v === 'auto') return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_THREADS) return v;
  return r.fail('training.threads', v, `"auto" or a whole number from 1 to ${MAX_THREADS}`) ?? fallback;
}

function readEvaluation(r: Reader, v: Json): EvaluationSpec {
  const o = r.object(v, 'evaluation', ['trainRows', 'validationRows']) ?? {};
  const rows = (x: Json, path: string): EvaluationSpec['trainRows'] => {
    if (x === undefined || x === 'auto' || x === 'all') return x ?? 'auto';
    if (typeof x === 'string') return r.fail(path, x, '"auto", "all" or a whole number of rows greater than 0') ?? 'auto';
    return r.positive(x, path, 1, true);
  };
  return { trainRows: rows(o.trainRows, 'evaluation.trainRows'), validationRows: rows(o.validationRows, 'evaluation.validationRows') };
}

function readSymmetry(r: Reader, v: Json): SymmetrySpec {
  const o = r.object(v, 'symmetry', ['neurons', 'rows']) ?? {};
  const count = (x: Json, path: string, what: string): number | 'all' | undefined => {
    if (x === undefined || x === 'all') return x;
    if (typeof x === 'string') return r.fail(path, x, `"all" or a whole number of ${what} greater than 0`);
    return r.positive(x, path, 1, true);
  };
  const out: SymmetrySpec = {};
  const neurons = count(o.neurons, 'symmetry.neurons', 'neurons'), rows = count(o.rows, 'symmetry.rows', 'rows');
  if (neurons !== undefined) out.neurons = neurons;
  if (rows !== undefined) out.rows = rows;
  return out;
}

function readSeeds(r: Reader, v: Json, d: ExperimentConfig['seeds']): ExperimentConfig['seeds'] {
  const o = r.object(v, 'seeds', ['data', 'init']) ?? {};
  return {
    data: r.number(o.data, 'seeds.data', d.data, 0, 4294967295, true),
    init: r.number(o.init, 'seeds.init', d.init, 0, 4294967295, true),
  };
}

/**
 * Parses the text of a `*.glab.json` file: JSON with comments (a BOM, // and /* *\/ comments,
 * trailing commas), reporting syntax errors with line and column.
 */
export function parseConfigText(text: string, source: string): ExperimentConfig {
  let raw: Json;
  try {
    raw = parseJsonc(text);
  } catch (e) {
    if (!(e instanceof JsoncSyntaxError)) throw e;
    throw new ConfigError([`not valid JSON at line ${e.line}, column ${e.column}: ${e.what}`], source);
  }
  return parseConfig(raw, source);
}
