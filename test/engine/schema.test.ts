/* The JSON schema the editor validates with and the engine's parser accept and refuse the same configs. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { parseConfig } from '../../engine/config-parse';

const root = join(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'engine', 'schema', 'experiment.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function parserAccepts(raw: unknown): boolean {
  try {
    parseConfig(raw);
    return true;
  } catch {
    return false;
  }
}

test('every sample experiment is valid for the schema and the parser', () => {
  const files = readdirSync(join(root, 'samples')).filter((f) => f.endsWith('.glab.json'));
  assert.ok(files.length >= 3);
  for (const f of files) {
    const raw = JSON.parse(readFileSync(join(root, 'samples', f), 'utf8'));
    assert.ok(validate(raw), `${f}: ${JSON.stringify(validate.errors)}`);
    assert.ok(parserAccepts(raw), f);
  }
});

const valid: unknown[] = [
  {},
  { evaluation: { trainRows: 'all', validationRows: 500 } },
  { evaluation: { trainRows: 'auto' } },
  { dataset: 'xor' },
  { dataset: { file: 'iris.csv', label: 'species', missing: 'mean', delimiter: ';', imageShape: [28, 28] } },
  { model: { hidden: [4, { units: 3, activation: 'relu', init: 'he', dropout: 0.2 }], activation: 'sin', dropout: 0.1 } },
  { init: 'orthogonal' },
  { features: { standardize: false, crosses: ['x1^2', 'x1*x2', 'sin(x2)'], polynomial: { degree: 3, interactions: false }, pca: { components: 2 }, randomFourier: { features: 50, gamma: 0.5 } } },
  { init: 'constant:0.5' },
  { init: 'normal:0:10' },
  { init: { kind: 'uniform', min: -1, max: 1 } },
  { init: { weights: { kind: 'constant', value: 0.5 }, biases: 'zeros' } },
  { optimizer: 'adamw' },
  { optimizer: { kind: 'rmsprop', learningRate: 0.001, rho: 0.9, epsilon: 1e-7 } },
  { loss: 'hinge', regularization: { l1: 0.001, l2: 0.01 }, clip: { norm: 5, value: 1 } },
  { training: { epochs: 3, batchSize: 1, validationSplit: 0, shuffle: false }, seeds: { data: 0, init: 4294967295 } },
  { training: { threads: 'auto' } },
  { training: { threads: 2 } },
];

const invalid: unknown[] = [
  { colour: 'blue' },
  { training: { threads: 0 } },
  { training: { threads: 1.5 } },
  { training: { threads: 'max' } },
  { dataset: { samples: 5 } },
  { dataset: { synthetic: 'torus' } },
  { dataset: { synthetic: 'xor', file: 'a.csv' } },
  { model: { hidden: [0] } },
  { model: { hidden: [{ activation: 'relu' }] } },
  { model: { activation: 'swish' } },
  { init: 'random' },
  { init: 'constant:x' },
  { init: 'he:2' },
  { init: 'uniform:1:2:3' },
  { init: { weights: { kind: 'normal', std: -1 } } },
  { optimizer: { kind: 'adam', learningRate: 0 } },
  { optimizer: 'lbfgs' },
  { loss: 'l2' },
  { training: { epochs: 1.5 } },
  { training: { validationSplit: 0.95 } },
  { seeds: { data: -1 } },
  { clip: { norm: 0 } },
  { features: { polynomial: { degree: 7 } } },
  { features: { crosses: 'x1^2' } },
  { features: { pca: { components: 0 } } },
  { evaluation: { trainRows: 0 } },
  { evaluation: { validationRows: 'most' } },
  { evaluation: { rows: 10 } },
];

test('schema and parser agree on valid configs', () => {
  for (const raw of valid) {
    assert.ok(validate(raw), `schema refuses ${JSON.stringify(raw)}: ${JSON.stringify(validate.errors)}`);
    assert.ok(parserAccepts(raw), `parser refuses ${JSON.stringify(raw)}`);
  }
});

test('schema and parser agree on invalid configs', () => {
  for (const raw of invalid) {
    assert.ok(!validate(raw), `schema accepts ${JSON.stringify(raw)}`);
    assert.ok(!parserAccepts(raw), `parser accepts ${JSON.stringify(raw)}`);
  }
});
