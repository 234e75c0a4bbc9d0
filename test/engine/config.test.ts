import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../engine/config';
import { parseConfig, parseConfigText } from '../../engine/config-parse';
import { ConfigError } from '../../engine/errors';

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return [...e.problems];
  }
  assert.fail('expected a ConfigError');
}

test('an empty config is the default one', () => {
  assert.deepEqual(parseConfig({}), defaultConfig());
});

test('shorthands: layer sizes, init and optimizer names, a dataset name', () => {
  const c = parseConfig({ dataset: 'moons', model: { hidden: [4, { units: 3, activation: 'relu' }] }, init: 'he', optimizer: 'sgd' });
  assert.deepEqual(c.dataset, { synthetic: 'moons' });
  assert.deepEqual(c.model.hidden, [{ units: 4 }, { units: 3, activation: 'relu' }]);
  assert.deepEqual(c.init.weights, { kind: 'he-normal' });
  assert.equal(c.optimizer.kind, 'sgd');
  assert.deepEqual(parseConfig({ dataset: 'data/iris.csv' }).dataset, { file: 'data/iris.csv' });
});

test('every invalid field is named with what was found and what is allowed', () => {
  const problems = problemsOf({
    optimizer: { kind: 'adamax', learningRate: -1 },
    model: { hidden: [8, 0], activation: 'swish' },
    training: { epochs: 2.5, validationSplit: 1.5 },
    init: { weights: { kind: 'constant', value: 'x' } },
    loss: 'l2',
    colour: 'blue',
  });
  const expect = [
    /^optimizer\.kind: found "adamax"; expected one of "sgd", .*"adamw"$/,
    /^optimizer\.learningRate: found -1; expected a number greater than 0$/,
    /^model\.hidden\[1\]: found 0; expected a whole number greater than 0$/,
    /^model\.activation: found "swish"; expected one of "linear"/,
    /^training\.epochs: found 2\.5; expected a whole number$/,
    /^training\.validationSplit: found 1\.5; expected a number from 0 to 0\.9$/,
    /^init\.weights\.value: found "x"; expected a finite number$/,
    /^loss: found "l2"; expected one of "auto", "mse"/,
    /^\(top level\)\.colour: unknown field; allowed fields are \$schema, name, dataset/,
  ];
  for (const re of expect) assert.ok(problems.some((p) => re.test(p)), `no problem matches ${re}:\n${problems.join('\n')}`);
  assert.equal(problems.length, expect.length);
});

test('a dataset needs exactly one of synthetic or file', () => {
  assert.ok(problemsOf({ dataset: { samples: 10 } }).some((p) => p.startsWith('dataset: give exactly one')));
  assert.ok(problemsOf({ dataset: { synthetic: 'xor', file: 'a.csv' } }).some((p) => p.startsWith('dataset: give exactly one')));
});

test('JSON syntax errors say the line and column', () => {
  assert.throws(() => parseConfigText('{\n  "name": "x",\n  "loss" "mse"\n}', 'exp.glab.json'), (e: Error) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /^exp\.glab\.json has a problem:\n {2}- not valid JSON at line 3, column \d+/);
    return true;
  });
});
