/*
 * `train --out` writes the extension's run folder plus model.json (valid against its schema);
 * `predict` re-reads a new file with the training decisions and counts every gap it fills;
 * `export` and `predict` refuse what they cannot use with a message that says what to do.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import Ajv from 'ajv';
import { MODELS, cli, readPredictionCsv, root, runFolder, scratch } from './models';

const penguins = MODELS.find((m) => m.name === 'penguins-categorical')!;
const iris = MODELS.find((m) => m.name === 'iris-mlp')!;

before(() => {
  assert.ok(existsSync(join(root, 'dist', 'cli.js')), 'dist/cli.js is missing: run "npm run build" (npm test does)');
});

test('train --out writes config, metrics, summary, weights and a model.json that the schema accepts', () => {
  const dir = runFolder(iris);
  for (const f of ['config.json', 'metrics.jsonl', 'summary.json', 'weights.json', 'weights.bin', 'model.json']) assert.ok(existsSync(join(dir, f)), f);
  const events = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(events[0].type, 'started');
  assert.equal(events.filter((e) => e.type === 'epoch').length, 60);
  assert.equal(events.filter((e) => e.type === 'started').length, 1);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  assert.equal(summary.status, 'finished');
  assert.equal(summary.dataset, 'iris.csv');
  const { dataset: _d, ...stored } = summary;
  assert.deepEqual(stored, events.at(-1), 'summary.json is the summary event plus the dataset name');
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  assert.equal(config.dataset.file, join(root, 'samples', 'iris.csv'), 'the data path is absolute');
  assert.equal(config.training.validationSplit, 0.5);
  const index = JSON.parse(readFileSync(join(dir, 'weights.json'), 'utf8'));
  const values = index.params.reduce((n: number, p: { length: number }) => n + p.length, 0);
  assert.equal(statSync(join(dir, 'weights.bin')).size, values * 4);
  assert.equal(values, 4 * 8 + 8 + 8 * 8 + 8 + 8 * 3 + 3);
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { weights: { params: unknown }; output: { classes: string[] }; layers: { type: string }[] };
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(root, 'engine', 'schema', 'model.schema.json'), 'utf8')));
  assert.ok(validate(model), JSON.stringify(validate.errors));
  assert.deepEqual(model.weights.params, index.params);
  assert.deepEqual(model.output.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(model.layers.map((l) => l.type), ['dense', 'activation', 'dense', 'activation', 'dense']);
  // Every model kind's bundle passes the schema (table with categories, regression, images).
  for (const m of MODELS) assert.ok(validate(JSON.parse(readFileSync(join(runFolder(m), 'model.json'), 'utf8'))), `${m.name}: ${JSON.stringify(validate.errors)}`);
});

test('train --out refuses a folder that already holds files: a run is never written over', () => {
  const r = cli('train', 'gauss', '--epochs', '1', '--out', runFolder(iris));
  assert.equal(r.code, 2);
  assert.match(r.err, /--out .*: the folder is not empty \(it holds .*\); a run is never written over another\. Give a new folder\./);
});

test('predict on the training file: one row per input row, probabilities that sum to 1, the accuracy printed', () => {
  const out = join(scratch('predict'), 'p.csv');
  const r = cli('predict', runFolder(penguins), penguins.dataFile, '--out', out);
  assert.equal(r.code, 0, r.err);
  const { header, rows } = readPredictionCsv(readFileSync(out, 'utf8'));
  assert.deepEqual(header, ['row', 'predicted', 'probability:Adelie', 'probability:Chinstrap', 'probability:Gentoo']);
  assert.equal(rows.length, 344, 'every row, including those with missing values');
  for (const row of rows) {
    const sum = row.slice(2).reduce((s, v) => s + Number(v), 0);
    assert.ok(Math.abs(sum - 1) < 1e-5, `row ${row[0]} sums to ${sum}`);
    assert.ok(['Adelie', 'Chinstrap', 'Gentoo'].includes(row[1]!));
  }
  assert.deepEqual(rows.map((r) => Number(r[0])), Array.from({ length: 344 }, (_, i) => i + 1));
  const m = /accuracy ([\d.]+)% on 344 labelled rows/.exec(r.out);
  assert.ok(m, r.out);
  assert.ok(Number(m[1]) > 90 && Number(m[1]) <= 100, r.out);
  // Two rows miss their measurements: counted, and filled with the training means.
  assert.match(r.out, /note: column "Beak Length \(mm\)": 2 missing values filled with the training value 43\.9\d*/);
});

test('predict on a new table: reordered columns, a missing column, unknown categories and no label are each counted', () => {
  const dir = scratch('new-table');
  const file = join(dir, 'new-penguins.csv');
  writeFileSync(file, [
    'Body Mass (g),Island,Beak Depth (mm),Beak Length (mm),Flipper Length (mm)',
    '3750,Torgersen,18.7,39.1,181',
    '5000,Biscoe,15.0,47.5,220',
    '4000,Atlantis,17.0,,195',
    '4100,Atlantis,NA,45.2,200',
  ].join('\n') + '\n');
  const r = cli('predict', runFolder(penguins), file, '--json');
  assert.equal(r.code, 0, r.err);
  const result = JSON.parse(r.out);
  assert.equal(result.rows, 4);
  assert.equal(result.predictions.length, 4);
  assert.equal(result.accuracy, undefined);
  const notes = result.messages.join('\n');
  assert.match(notes, /column "Sex" is not in the file: all 4 rows use the training value "MALE"/);
  assert.match(notes, /column "Island": 2 rows with a category the model never saw, "Atlantis" \(2\): encoded as none of the known categories/);
  assert.match(notes, /column "Beak Length \(mm\)": 1 missing value filled/);
  assert.match(notes, /column "Beak Depth \(mm\)": 1 missing value filled/);
  assert.match(notes, /no label column "Species": predictions only/);
  assert.equal(result.messages.length, 5, notes);
  // The same messages reach the terminal, on stderr when the predictions go to stdout.
  assert.match(r.err, /note: column "Sex" is not in the file/);
  assert.equal(result.predictions[0].predicted, 'Adelie');
  assert.equal(result.predictions[1].predicted, 'Gentoo');
});

test('predict and export refuse a folder that is not a run, a missing format, and a non-empty PyTorch folder', () => {
  const notRun = scratch('not-a-run');
  let r = cli('predict', notRun, iris.dataFile);
  assert.equal(r.code, 2);
  assert.match(r.err, /not a run folder \(no config\.json or model\.json\); expected a folder written by "gradient-lab train --out"/);
  r = cli('export', runFolder(iris), '--out', join(notRun, 'x.onnx'));
  assert.equal(r.code, 2);
  assert.match(r.err, /--format: missing; give --format onnx or --format pytorch/);
  mkdirSync(join(notRun, 'busy'));
  writeFileSync(join(notRun, 'busy', 'keep.txt'), 'mine');
  r = cli('export', runFolder(iris), '--format', 'pytorch', '--out', join(notRun, 'busy'));
  assert.equal(r.code, 2);
  assert.match(r.err, /the folder is not empty; give a new folder/);
  assert.equal(readFileSync(join(notRun, 'busy', 'keep.txt'), 'utf8'), 'mine');
});
