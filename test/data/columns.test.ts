import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDataset } from '../../engine/data/load';
import { describe, formatSummary } from '../../engine/data/describe';
import { DatasetOptions } from '../../engine/data/options';

const parse = (s: string, options: DatasetOptions = {}) => parseDataset(new TextEncoder().encode(s), 't.csv', options);
const kinds = (ds: { columns?: readonly { name: string; kind: string }[] }) => Object.fromEntries(ds.columns!.map((c) => [c.name, c.kind]));

function table(n: number, row: (i: number) => string, header: string): string {
  return [header, ...Array.from({ length: n }, (_, i) => row(i))].join('\n') + '\n';
}

test('column types: numeric, categorical, boolean, date, identifier, row id', async () => {
  const csv = table(30, (i) => `${i + 1},${i * 0.5},${['red', 'green', 'blue'][i % 3]},${i % 2 ? 'yes' : 'no'},2024-01-${String((i % 28) + 1).padStart(2, '0')},user${i},${i % 2}`, 'id,x,color,member,joined,name,label');
  const ds = await parse(csv);
  assert.deepEqual(kinds(ds), { id: 'identifier', x: 'numeric', color: 'categorical', member: 'boolean', joined: 'date', name: 'identifier', label: 'numeric' });
  assert.deepEqual(ds.featureNames, ['x', 'color=blue', 'color=green', 'color=red', 'member']);
  assert.deepEqual(Array.from(ds.x.subarray(5, 10)), [0.5, 0, 1, 0, 1]);
  for (const c of ['id', 'joined', 'name']) assert.ok(ds.notes!.some((n) => n.startsWith(`column "${c}" not used`)), c);
});

test('categorical columns past the cap are excluded with a note saying how to keep them', async () => {
  const csv = table(40, (i) => `${i},c${i % 12},${i % 2}`, 'x,cat,label');
  const ds = await parse(csv, { maxCategories: 10 });
  assert.deepEqual(ds.featureNames, ['x']);
  assert.ok(ds.notes!.some((n) => /"cat" not used: 12 distinct values, more than the 10 .*raise the limit with --max-categories/.test(n)));
  const kept = await parse(csv, { maxCategories: 12 });
  assert.equal(kept.features, 13);
});

test('label: conventional names first, else the last column; overridable by name or number', async () => {
  const a = await parse('Species,x1,x2\na,1,2\nb,3,4\n');
  assert.equal(a.labelName, 'Species');
  const b = await parse('x1,x2,z\n1,2,a\n3,4,b\n');
  assert.equal(b.labelName, 'z');
  const c = await parse('x1,x2,z\n1,2,a\n3,4,b\n', { label: 'x1', task: 'regression' });
  assert.equal(c.labelName, 'x1');
  assert.deepEqual(Array.from(c.y), [1, 3]);
  const d = await parse('x1,x2,z\n1,2,a\n3,4,b\n', { label: '2', task: 'regression' });
  assert.equal(d.labelName, 'x2');
});

test('task: text or few whole numbers → classification; else regression; overridable', async () => {
  const few = await parse(table(50, (i) => `${i},${i % 3}`, 'x,label'));
  assert.equal(few.task, 'classification');
  assert.deepEqual(few.classNames, ['0', '1', '2']);
  const many = await parse(table(50, (i) => `${i},${(i * 0.37).toFixed(2)}`, 'x,label'));
  assert.equal(many.task, 'regression');
  assert.equal(many.y[1], Math.fround(0.37));
  const forced = await parse(table(50, (i) => `${i},${i % 3}`, 'x,label'), { task: 'regression' });
  assert.equal(forced.task, 'regression');
});

test('a class with too few rows gets a warning; class indices follow sorted names', async () => {
  const ds = await parse(table(22, (i) => `${i},${i < 20 ? (i % 2 ? 'b' : 'a') : 'c'}`, 'x,label'));
  assert.deepEqual(ds.classNames, ['a', 'b', 'c']);
  assert.ok(ds.notes!.some((n) => /warning: class "c" \(2 rows\) has fewer than 5 rows/.test(n)));
});

test('a column with a few text cells among numbers names the row; a mostly-text one is categorical', async () => {
  const mostly = await parse(table(20, (i) => `${i % 4 === 0 ? 'n/k' : i % 3 === 0 ? 'low' : i % 2 ? 'high' : String(i % 5)},${i % 2}`, 'level,label'));
  assert.equal(kinds(mostly).level, 'categorical');
});

test('pixel CSV: label + 784 columns is a 28×28 image, scaled to 0…1; shape overridable', async () => {
  const header = 'label,' + Array.from({ length: 784 }, (_, i) => `pixel${i}`).join(',');
  const csv = table(10, (i) => `${i % 2},` + Array.from({ length: 784 }, (_, j) => (j * 3 + i) % 256).join(','), header);
  const ds = await parse(csv);
  assert.deepEqual(ds.imageShape, [28, 28, 1]);
  assert.equal(ds.features, 784);
  assert.ok(Math.abs(ds.x[1]! - 3 / 255) < 1e-6);
  const wide = await parse(csv, { imageShape: [14, 56, 1] });
  assert.deepEqual(wide.imageShape, [14, 56, 1]);
  const rgb = 'label,' + Array.from({ length: 3072 }, (_, i) => `p${i}`).join(',') + '\n0,' + new Array(3072).fill(7).join(',') + '\n1,' + new Array(3072).fill(9).join(',') + '\n';
  assert.deepEqual((await parse(rgb)).imageShape, [32, 32, 3]);
});

test('describe + formatSummary: rows, columns with type, missing, range, categories, balance', async () => {
  const ds = await parse('x,color,label\n1,red,a\n2,,b\n3,blue,a\n4,red,b\n5,red,a\n');
  const s = describe(ds);
  assert.equal(s.rows, 4);
  assert.equal(s.fileRows, 5);
  const color = s.columns.find((c) => c.name === 'color')!;
  assert.equal(color.kind, 'categorical');
  assert.equal(color.missing, 1);
  assert.deepEqual(s.columns.find((c) => c.name === 'x')!.range, [1, 5]);
  assert.deepEqual(s.classes!.map((c) => [c.name, c.count]), [['a', 3], ['b', 1]]);
  const text = formatSummary(s);
  assert.match(text, /4 rows \(of 5 in the file\), 3 input features, task: classification, label: label/);
  assert.match(text, /color\s+categorical; 1 missing; 2 values: red \(3\), blue \(1\)/);
  assert.match(text, /x\s+numeric; 1 … 5, mean 3/);
  assert.match(text, /a\s+3\s+75\.0%/);
});
