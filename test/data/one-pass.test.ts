/*
 * The one-pass CSV reader: rows of plain numbers take a fast path, every other row the general
 * one, and both must give the same cells; the cell array is sized from the first bytes and grows
 * when the file runs longer than they promised.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkSource, parseDataset, parseDelimited, readDelimitedTable, memorySource } from '../../engine/data/load';
import { distinctValues } from '../../engine/data/table';

const enc = (s: string) => new TextEncoder().encode(s);

/** Pieces of `size` bytes, so rows are cut at every position. */
function chunks(bytes: Uint8Array, size: number): ChunkSource {
  return async function* (from: number) {
    for (let p = from; p < bytes.length; p += size) yield bytes.slice(p, Math.min(bytes.length, p + size));
  };
}

test('fast and general rows give the float32 of the decimal, whatever the chunking', async () => {
  const plain = ['0', '-0', '12', '-12.5', '0.1', '3.14159', '-99999.99999', '123456789012345', '.5', '7.', '0.000001'];
  // Rows the fast path hands over: exponent, plus sign, 16+ digits, spaces, quotes.
  const general = ['1e3', '+4', '1234567890123456', ' 8', '"9.5"', '2.5E-3'];
  const rows: string[] = [];
  const want: number[] = [];
  for (let i = 0; i < 300; i++) {
    const a = plain[i % plain.length]!, b = i % 7 === 3 ? general[i % general.length]! : plain[(i * 5) % plain.length]!;
    rows.push(`${a},${b},${i % 2}`);
    want.push(Math.fround(Number(a)), Math.fround(Number(b.replaceAll('"', '').trim())), i % 2);
  }
  // LF and CRLF line ends, alternating: the fast path reads both.
  const text = 'a,b,label\n' + rows.map((r, i) => r + (i % 2 ? '\r\n' : '\n')).join('');
  const bytes = enc(text);
  for (const size of [7, 64, 1000, bytes.length]) {
    const { table, builder } = await readDelimitedTable('t.csv', bytes.length, chunks(bytes, size), {});
    assert.equal(table.rows, 300);
    assert.deepEqual(Array.from(table.cells.subarray(0, 900)), want, `chunks of ${size} bytes`);
    // Most rows were plain: the fast path read them.
    assert.ok(builder.plainRows > 200 && builder.plainRows < 300, `${builder.plainRows} plain rows`);
  }
});

test('a text cell after plain rows still makes the column text, with the earlier numbers as categories', async () => {
  const lines = ['x,c,label'];
  for (let i = 0; i < 20; i++) lines.push(`${i},${i % 3},${i % 2}`);
  lines.push('20,red,0');
  lines.push('21,blue,1');
  for (let i = 22; i < 80; i++) lines.push(`${i},green,${i % 2}`);
  const ds = await parseDataset(enc(lines.join('\n')), 't.csv', {});
  assert.equal(ds.rows, 80);
  assert.ok(ds.notes?.some((n) => n === 'column "c" read as text: 60 of its 80 values are not numbers (20 are)'), ds.notes?.join('\n'));
  assert.deepEqual(ds.featureNames, ['x', 'c=0', 'c=1', 'c=2', 'c=blue', 'c=green', 'c=red']);
});

test('a few text cells in a numeric column are counted as missing, plain rows or not', async () => {
  const lines = ['x,y,label'];
  for (let i = 0; i < 100; i++) lines.push(`${i},${i === 40 ? 'oops' : i * 0.5},${i % 2}`);
  const ds = await parseDataset(enc(lines.join('\n')), 't.csv', {});
  assert.equal(ds.fileRows, 100);
  assert.equal(ds.rows, 99);
  assert.deepEqual(ds.rowsDropped, [{ reason: 'missing values', count: 1 }]);
  assert.ok(ds.notes?.some((n) => /"y" holds numbers, but 1 of its 100 values is text \("oops" on line 42\)/.test(n)), ds.notes?.join('\n'));
});

test('the cells grow when the file holds more rows than its first bytes promised', async () => {
  // 300 KB of short rows, then long ones: the estimate from the first 256 KB is far too small.
  const lines = ['a,b,label'];
  for (let i = 0; i < 60_000; i++) lines.push(`${i % 10},1,${i % 2}`);
  for (let i = 0; i < 20_000; i++) lines.push(`${i}.123456,-${i}.654321,${i % 2}`);
  const short = enc(lines.join('\n'));
  const ds = await parseDelimited('s.csv', short.length, chunks(short, 100_000), {});
  assert.equal(ds.rows, 80_000);
  assert.equal(ds.x[2 * 79_999], Math.fround(19_999.123456));
  // And the other way: long rows first, then short ones (the estimate is too large: nothing is lost).
  const rev = ['a,b,label'].concat(lines.slice(60_001), lines.slice(1, 60_001));
  const long = enc(rev.join('\n'));
  const ds2 = await parseDelimited('l.csv', long.length, memorySource(long), {});
  assert.equal(ds2.rows, 80_000);
  assert.equal(ds2.x[2 * 79_999], 9);
});

test('a file past the memory limit is refused once its rows pass it, with the estimate of the whole', async () => {
  const lines = ['a,b,c,label'];
  for (let i = 0; i < 100_000; i++) lines.push(`${i},${i * 2},${i % 7},${i % 2}`);
  const bytes = enc(lines.join('\n'));
  await assert.rejects(parseDelimited('big.csv', bytes.length, chunks(bytes, 50_000), { maxBytes: 1_000_000 }), (e: Error) => {
    const m = /its 62501\+ rows \(about (\d+) in all, judged from the bytes read so far\) × 4 columns would need 1\.\d MB/.exec(e.message);
    assert.ok(m, e.message);
    assert.ok(+m[1]! > 95_000 && +m[1]! < 110_000, m[1]);
    return true;
  });
});

test('distinct values: small whole numbers in a bitmap, others in a set, −0 as 0, NaN left out, stopping past the cap', () => {
  // Column 1 of a 2-column table.
  const col = [3, 0, -0, NaN, 2.5, 4095, 4096, -1, 3, 1e30, 2.5, 7];
  const cells = new Float32Array(col.length * 2);
  col.forEach((v, r) => (cells[r * 2 + 1] = v));
  const all = distinctValues(cells, 2, 1, col.length, Infinity).sort((a, b) => a - b);
  assert.deepEqual(all, [-1, 0, 2.5, 3, 7, 4095, 4096, Math.fround(1e30)]);
  assert.equal(distinctValues(cells, 2, 1, col.length, 3).length, 4, 'stops at cap + 1');
});
