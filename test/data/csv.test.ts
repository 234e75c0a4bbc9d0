import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkSource, parseDataset, parseDelimited } from '../../engine/data/load';
import { LoadedDataset } from '../../engine/data/encode';
import { DatasetOptions, ParseCancelled } from '../../engine/data/options';

const enc = (s: string) => new TextEncoder().encode(s);
const parse = (s: string | Uint8Array, options: DatasetOptions = {}, name = 't.csv') =>
  parseDataset(typeof s === 'string' ? enc(s) : s, name, options);

/** A chunk source that cuts the bytes into pieces of `size` bytes, to hit every boundary. */
function tinyChunks(bytes: Uint8Array, size: number): ChunkSource {
  return async function* (from: number) {
    for (let p = from; p < bytes.length; p += size) yield bytes.slice(p, Math.min(bytes.length, p + size));
  };
}

test('RFC 4180: quoted delimiters, doubled quotes, newlines inside quotes, CRLF', async () => {
  const ds = await parse('x,name,label\r\n1,"a, b",p\r\n2,"say ""hi""",q\r\n3,"two\r\nlines",p\r\n4,plain,q\r\n');
  assert.equal(ds.rows, 4);
  assert.deepEqual(ds.featureNames, ['x', 'name=a, b', 'name=plain', 'name=say "hi"', 'name=two\r\nlines']);
  assert.deepEqual(Array.from(ds.y), [0, 1, 0, 1]);
  assert.deepEqual(Array.from(ds.x.subarray(0, 5)), [1, 1, 0, 0, 0]);
});

test('UTF-8 with BOM and non-ASCII text', async () => {
  const ds = await parse('\uFEFFtaille,ville,label\n1,Orléans,a\n2,Zürich,b\n3,Orléans,a\n');
  assert.deepEqual(ds.featureNames, ['taille', 'ville=Orléans', 'ville=Zürich']);
});

test('delimiters are sniffed: comma, semicolon, tab, pipe; and can be given', async () => {
  for (const d of [',', ';', '\t', '|']) {
    const ds = await parse(['a', 'b', 'label'].join(d) + '\n' + ['1', '2', 'x'].join(d) + '\n' + ['3', '4', 'y'].join(d) + '\n');
    assert.deepEqual(Array.from(ds.x), [1, 2, 3, 4], `delimiter ${JSON.stringify(d)}`);
  }
  const given = await parse('a:b:label\n1:2:x\n3:4:y\n', { delimiter: ':' });
  assert.deepEqual(Array.from(given.x), [1, 2, 3, 4]);
  const tsv = await parse('a\tb\tlabel\n1\t2\tx\n3\t4\ty\n', {}, 't.tsv');
  assert.equal(tsv.features, 2);
});

test('decimal comma with semicolons is detected, and can be forced off', async () => {
  const ds = await parse('a;b;label\n1,5;-2,25;x\n3,0;4,75;y\n');
  assert.deepEqual(Array.from(ds.x), [1.5, -2.25, 3, 4.75]);
  assert.ok(ds.notes!.some((n) => /decimal separator: comma/.test(n)));
});

test('header detection: numeric first row means no header; header option overrides', async () => {
  const ds = await parse('1,2,0\n3,4,1\n5,6,0\n7,8,1\n');
  assert.equal(ds.rows, 4);
  assert.deepEqual(ds.featureNames, ['column1', 'column2']);
  const forced = await parse('a,b,c\n1,2,0\n3,4,1\n', { header: false, label: 'column3' });
  assert.equal(forced.fileRows, 3);
  // The header read as data is text in numeric columns: missing values, with a warning, and its row dropped.
  assert.equal(forced.rows, 2);
  assert.ok(forced.notes!.some((n) => /warning: column "column1" holds numbers, but 1 of its 3 values is text \("a" on line 1\)/.test(n)), forced.notes!.join('\n'));
});

test('numbers in every spelling: signs, exponents, leading dot, spaces, 16+ digits', async () => {
  const ds = await parse('a,b,label\n+1.5e2, 7 ,x\n-.25,1234567890123456789,y\n1E-3,0.1,x\n');
  assert.deepEqual(Array.from(ds.x), [150, 7, -0.25, Math.fround(1.2345678901234568e18), Math.fround(0.001), Math.fround(0.1)]);
});

test('missing values: empty, NA, N/A, NaN, null, ? are counted; drop is the default', async () => {
  const csv = 'a,b,label\n1,,x\n2,NA,y\n3,N/A,x\n4,NaN,y\n5,null,x\n6,?,y\n7,8,x\n9,10,y\n';
  const ds = await parse(csv);
  assert.equal(ds.rows, 2);
  assert.equal(ds.columns!.find((c) => c.name === 'b')!.missing, 6);
  assert.ok(ds.notes!.some((n) => /6 rows with a missing value dropped/.test(n)));
  const mean = await parse(csv, { missing: 'mean' });
  assert.equal(mean.rows, 8);
  assert.equal(mean.x[1], 9);
  const mode = await parse('a,c,label\n1,red,x\n2,,y\n3,red,x\n4,blue,y\n', { missing: 'mode' });
  assert.deepEqual(Array.from(mode.x.subarray(3, 6)), [2, 0, 1]); // row 2 gets "red"
});

test('chunk boundaries anywhere give the same result as one buffer', async () => {
  const csv = enc('id,x,"na""me",label\r\n1,1.5,"a,\nb",p\n2,-2e-3,plain,q\n\n3,,"",p\r\n4,4,"x""y",q\n5,5.25,z,p');
  const whole = await parseDataset(csv, 'w.csv', { missing: 'mean' });
  for (const size of [1, 2, 3, 5, 7, 16]) {
    const ds: LoadedDataset = await parseDelimited('w.csv', csv.length, tinyChunks(csv, size), { missing: 'mean' });
    assert.deepEqual(Array.from(ds.x), Array.from(whole.x), `chunk size ${size}`);
    assert.deepEqual(Array.from(ds.y), Array.from(whole.y));
    assert.deepEqual(ds.featureNames, whole.featureNames);
  }
});

test('errors from a chunked parse carry the same line and column', async () => {
  const csv = enc('a,b,label\n1,2,x\n3,4,y\n5,"open,x\n');
  for (const size of [1, 3, 64]) {
    await assert.rejects(parseDelimited('e.csv', csv.length, tinyChunks(csv, size), {}), (e: { where: { line: number; column: number } }) => {
      assert.equal(e.where.line, 4);
      assert.equal(e.where.column, 2);
      return true;
    });
  }
});

test('progress is reported and a cancelled parse stops', async () => {
  const rows = ['a,b,label'];
  for (let i = 0; i < 300_000; i++) rows.push(`${i},${i % 13},${i % 2}`);
  const bytes = enc(rows.join('\n'));
  const phases = new Set<string>();
  let last = 0;
  await parseDataset(bytes, 'p.csv', {}, (p) => {
    phases.add(p.phase);
    if (p.phase === 'parse') last = p.done / p.total;
  });
  assert.ok(phases.has('parse'));
  assert.equal(last, 1);
  const signal = { aborted: false };
  await assert.rejects(
    parseDataset(bytes, 'p.csv', { signal }, (p) => {
      if (p.phase === 'parse') signal.aborted = true;
    }),
    ParseCancelled,
  );
});

test('lone CR line endings (old Mac files)', async () => {
  const ds = await parse('a,b,label\r1,2,x\r3,4,y\r');
  assert.equal(ds.rows, 2);
});
