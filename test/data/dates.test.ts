import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateToDays } from '../../engine/data/columns';
import { describe } from '../../engine/data/describe';
import { parseDataset } from '../../engine/data/load';

const csv = new TextEncoder().encode('when,temp,label\n2024-01-01,3.5,a\n2024-01-03,4.5,b\n2024-01-02,1.0,a\n2024-01-05,2.0,b\n2024-01-04,2.5,a\n2024-01-06,7.5,b\n');

test('date columns are left out with a note by default', async () => {
  const ds = await parseDataset(csv, 'temps.csv', {});
  assert.deepEqual(ds.featureNames, ['temp']);
  assert.ok(ds.notes!.some((n) => /column "when" not used: dates or times.*"number"/.test(n)), ds.notes!.join('\n'));
});

test('dates: "number" turns them into days since 1970-01-01', async () => {
  const ds = await parseDataset(csv, 'temps.csv', { dates: 'number' });
  assert.deepEqual(ds.featureNames, ['when (days since 1970)', 'temp']);
  assert.equal(ds.x[0], 19723); // 2024-01-01 is day 19,723
  assert.equal(ds.x[2], 19725);
  assert.equal(describe(ds).features, 2);
});

test('dateToDays reads ISO dates and date-times, and refuses ambiguous orders', () => {
  assert.equal(dateToDays('1970-01-02'), 1);
  assert.equal(dateToDays('1970-01-01T12:00:00Z'), 0.5);
  assert.ok(Number.isNaN(dateToDays('13/01/24')));
});
