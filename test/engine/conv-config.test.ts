/* model.conv in experiment files: the parser and the JSON schema accept and refuse the same configs, with clear messages. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { parseConfig } from '../../engine/config-parse';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'engine', 'schema', 'experiment.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const digits = { file: 'digits/train-images-idx3-ubyte.gz' };

function problems(raw: unknown): string {
  try {
    parseConfig(raw);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

test('model.conv: valid stacks parse to the same layers, and configs without it are unchanged', () => {
  const c = parseConfig({
    dataset: digits,
    model: { conv: [{ type: 'conv2d', filters: 8, kernel: 5, padding: 'same', activation: 'relu', init: 'he' }, { type: 'maxpool2d', size: 2 }, { type: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 1 }, { type: 'avgpool2d', size: 2, stride: 1 }] },
  });
  assert.deepEqual(c.model.conv, [
    { type: 'conv2d', filters: 8, kernel: 5, padding: 'same', activation: 'relu', init: { kind: 'he-normal' } },
    { type: 'maxpool2d', size: 2 },
    { type: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 1 },
    { type: 'avgpool2d', size: 2, stride: 1 },
  ]);
  assert.equal('conv' in parseConfig({}).model, false);
  assert.equal('conv' in parseConfig({ dataset: digits, model: { conv: [] } }).model, false);
});

const valid: unknown[] = [
  { dataset: digits, model: { conv: [{ type: 'conv2d', filters: 8, kernel: 5 }] } },
  { dataset: digits, model: { conv: [{ type: 'conv2d', filters: 8, kernel: 3, stride: 1, padding: 2, biasInit: 'zeros' }, { type: 'avgpool2d', size: 3, stride: 2 }] } },
  { dataset: { file: 'pixels.csv', imageShape: [8, 8] }, model: { conv: [{ type: 'conv2d', filters: 2, kernel: 3 }, { type: 'maxpool2d', size: 2 }] } },
  { dataset: { file: 'faces' }, model: { conv: [{ type: 'maxpool2d', size: 2 }] } },
];

const invalid: unknown[] = [
  { dataset: digits, model: { conv: [{ type: 'conv3d', filters: 8, kernel: 5 }] } },
  { dataset: digits, model: { conv: [{ type: 'conv2d', kernel: 5 }] } },
  { dataset: digits, model: { conv: [{ type: 'conv2d', filters: 8, kernel: 0 }] } },
  { dataset: digits, model: { conv: [{ type: 'conv2d', filters: 8, kernel: 5, padding: 'full' }] } },
  { dataset: digits, model: { conv: [{ type: 'conv2d', filters: 8, kernel: 5, size: 2 }] } },
  { dataset: digits, model: { conv: [{ type: 'maxpool2d' }] } },
  { dataset: digits, model: { conv: [{ type: 'maxpool2d', size: 2, filters: 3 }] } },
  { dataset: digits, model: { conv: { type: 'maxpool2d', size: 2 } } },
];

test('schema and parser agree on model.conv', () => {
  for (const raw of valid) {
    assert.ok(validate(raw), `schema refuses ${JSON.stringify(raw)}: ${JSON.stringify(validate.errors)}`);
    assert.equal(problems(raw), '', `parser refuses ${JSON.stringify(raw)}`);
  }
  for (const raw of invalid) {
    assert.ok(!validate(raw), `schema accepts ${JSON.stringify(raw)}`);
    assert.notEqual(problems(raw), '', `parser accepts ${JSON.stringify(raw)}`);
  }
});

test('the parser names the bad conv field and says what it allows', () => {
  assert.match(problems({ dataset: digits, model: { conv: [{ type: 'conv2d', kernel: 5 }] } }), /model\.conv\[0\]\.filters: found nothing; expected the number of filters/);
  assert.match(problems({ dataset: digits, model: { conv: [{ type: 'pool' }] } }), /model\.conv\[0\]\.type: found "pool"; expected one of "conv2d", "maxpool2d", "avgpool2d"/);
  assert.match(problems({ dataset: digits, model: { conv: [{ type: 'conv2d', filters: 1, kernel: 3, padding: 'full' }] } }), /model\.conv\[0\]\.padding: found "full"; expected "valid" \(none\), "same"/);
});

test('conv layers on data without an image shape are refused before training, saying what to do', () => {
  const conv = [{ type: 'conv2d', filters: 4, kernel: 3 }];
  assert.match(problems({ dataset: 'spiral', model: { conv } }), /model\.conv: .*the built-in set "spiral" is 2-D points/);
  assert.match(problems({ dataset: { file: 'iris.csv' }, model: { conv } }), /model\.conv: .*"iris\.csv" is a table; set dataset\.imageShape/);
  assert.match(
    problems({ dataset: { file: 'p.csv', imageShape: [4, 4] }, model: { conv: [{ type: 'maxpool2d', size: 2 }, { type: 'conv2d', filters: 1, kernel: 3 }] } }),
    /model\.conv\[1\] \(conv2d\): a 3×3 window does not fit the 2×2 input without padding .*the layers before it leave 2×2×1/,
  );
});
