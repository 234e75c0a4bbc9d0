/**
 * The data decisions (issue 13): what is predicted, from what, which rows and columns were left
 * out and why — on every sample, the real tables and the built-in sets, with the invariant
 * rowsUsed + Σ rowsDropped = rowsInFile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDecisions, decisionsLine } from '../../engine/data/decisions';
import { SYNTHETIC_SETS, syntheticDataset } from '../../engine/data/synthetic';
import { DatasetError } from '../../engine/errors';
import { loadDatasetFile } from '../../engine/node/load-file';
import { checkInvariant } from './invariant';

const ROOT = join(import.meta.dirname, '..', '..');

test('every sample file, real table and built-in set: rowsUsed + Σ rowsDropped = rowsInFile', async () => {
  const files = [
    ...readdirSync(join(ROOT, 'samples')).filter((f) => /\.(csv|json)$/.test(f) && !f.endsWith('.glab.json')).map((f) => join(ROOT, 'samples', f)),
    join(ROOT, 'samples', 'digits', 'train-images-idx3-ubyte.gz'),
    join(ROOT, 'samples', 'digits', 't10k-labels-idx1-ubyte.gz'),
    join(ROOT, 'test', 'data', 'real', 'penguins.json'),
    join(ROOT, 'test', 'data', 'real', 'cars.json'),
  ];
  assert.ok(files.length >= 9);
  for (const f of files) checkInvariant(dataDecisions(await loadDatasetFile(f)), f);
  for (const name of SYNTHETIC_SETS) checkInvariant(dataDecisions(syntheticDataset(name, { samples: 300, seed: 1 })), name);
});

test('penguins: the one line names label, task, classes, features, rows kept and dropped', async () => {
  const d = dataDecisions(await loadDatasetFile(join(ROOT, 'test', 'data', 'real', 'penguins.json')));
  assert.equal(d.label, 'Species');
  assert.deepEqual(d.classes, ['Adelie', 'Chinstrap', 'Gentoo']);
  assert.deepEqual([d.rowsInFile, d.rowsUsed], [344, 334]);
  assert.deepEqual(d.rowsDropped, [{ reason: 'missing values', count: 10 }]);
  assert.ok(d.features.includes('Island=Dream'), d.features.join());
  assert.equal(
    decisionsLine(d),
    'Predicting Species (classification, 3 classes) from 6 features (10 inputs after encoding) · 334 of 344 rows (10 with missing values dropped)',
  );
});

test('cars: regression on a chosen label lists both drop reasons and the ignored columns', async () => {
  const d = dataDecisions(await loadDatasetFile(join(ROOT, 'test', 'data', 'real', 'cars.json'), { label: 'Miles_per_Gallon' }));
  assert.equal(d.task, 'regression');
  assert.deepEqual(d.classes, []);
  assert.deepEqual(d.rowsDropped, [{ reason: 'a missing label', count: 8 }, { reason: 'missing values', count: 6 }]);
  assert.deepEqual(d.ignoredColumns.map((c) => [c.name, c.reason]), [['Name', '311 distinct values, over the category limit'], ['Year', 'dates']]);
  checkInvariant(d, 'cars');
});

test('cars with --label Name: 311 classes are refused (they used to lose 106 rows silently); a raised limit keeps every row', async () => {
  const file = join(ROOT, 'test', 'data', 'real', 'cars.json');
  await assert.rejects(loadDatasetFile(file, { label: 'Name' }), (e: unknown) => {
    assert.ok(e instanceof DatasetError);
    assert.match(e.message, /"Name" has 311 distinct values, more than the 200 classes allowed.*at least 311 with --max-categories/);
    return true;
  });
  const ds = await loadDatasetFile(file, { label: 'Name', maxCategories: 400 });
  const d = dataDecisions(ds);
  // 311 names, 11 of them only on rows dropped for missing values: every kept row keeps its class.
  assert.equal(d.classes.length, 300);
  assert.deepEqual([d.rowsUsed, d.rowsInFile], [392, 406]);
  for (let r = 0; r < ds.rows; r++) assert.ok(ds.y[r]! >= 0 && ds.y[r]! < 300, `row ${r} has class ${ds.y[r]}`);
});
