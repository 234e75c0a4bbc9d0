/**
 * Every malformed file in test/data/corpus gets a DatasetError that says where, what was found,
 * what was expected and what to do. Big or binary-generated cases are written to a temp dir.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { Prng } from '../../engine/prng';
import { splitDataset } from '../../engine/data/split';
import { describe, formatSummary } from '../../engine/data/describe';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { DatasetError } from '../../engine/errors';
import { DatasetOptions } from '../../engine/data/options';
import { parseImageShape } from '../../engine/data/images';
import { loadDatasetFile } from '../../engine/node/load-file';
import { dataDecisions, decisionsLine } from '../../engine/data/decisions';
import { checkInvariant } from './invariant';

const DIR = join(import.meta.dirname, 'corpus');

interface Case {
  file: string;
  options?: DatasetOptions;
  message: RegExp;
  line?: number;
  column?: number;
}

const CASES: Case[] = [
  { file: 'empty.csv', message: /the file is empty\. Expected a header row/ },
  { file: 'blank-lines.csv', message: /empty \(only blank lines\)/ },
  { file: 'header-only.csv', message: /header row \(x1, x2, label\) but no data rows/, line: 2 },
  { file: 'ragged-short-row.csv', message: /this row has 2 fields but the header has 3 \("3,b"\)/, line: 3 },
  { file: 'ragged-long-row.csv', message: /this row has 4 fields but the header has 3/, line: 4 },
  { file: 'truncated-row.csv', message: /this row has 2 fields .*truncated line/, line: 5 },
  { file: 'unclosed-quote.csv', message: /field 2 opens a double quote that is never closed/, line: 3, column: 2 },
  { file: 'junk-after-quote.csv', message: /found "d" right after the closing double quote of field 2/, line: 2, column: 2 },
  { file: 'binary-junk.csv', message: /this is not a text file: found a zero byte/ },
  { file: 'gzip-named-csv.csv', message: /gzip-compressed but its name does not end in \.gz/ },
  { file: 'utf16.csv', message: /UTF-16 encoded.*re-save it as UTF-8/ },
  { file: 'latin1.csv', message: /not valid UTF-8 \(found byte 0xE9\)/, line: 3, column: 2 },
  { file: 'duplicate-headers.csv', message: /column 1 and column 3 both "x"/, line: 1, column: 3 },
  { file: 'infinity.csv', message: /"Infinity" in column "x2" is infinite or too large/, line: 3, column: 2 },
  { file: 'overflow.csv', message: /"1e39" in column "x2" is infinite or too large/, line: 4, column: 2 },
  { file: 'one-class.csv', message: /has only one class \("setosa", 4 rows\)/ },
  { file: 'label-only.csv', message: /no column can be used as an input/ },
  { file: 'all-ignored-features.csv', message: /no column can be used as an input.*"when" \(dates/ },
  { file: 'every-row-missing.csv', message: /no row is complete.*missing policy "mean" or "mode"/ },
  { file: 'no-label-match.csv', options: { label: 'nope' }, message: /label column "nope" is not in the file\. Expected one of: "x1", "x2", "label"/ },
  { file: 'text-label-regression.csv', options: { task: 'regression' }, message: /task is set to regression, but the label column "color" holds text/, column: 3 },
  { file: 'date-label.csv', message: /label column "when" holds dates/, column: 3 },
  { file: 'pixels-wrong-shape.csv', options: { imageShape: [32, 32, 1] }, message: /32x32x1 needs 1024 values per row, but the table has 784.*28x28x1 fits/ },
  { file: 'bad-delimiter-option.csv', options: { delimiter: ';;' }, message: /delimiter option is ";;", which is not a single ASCII character/ },
  { file: 'empty.json', message: /the file is empty\. Expected a JSON array/ },
  { file: 'empty-array.json', message: /the JSON array is empty/ },
  { file: 'bad-syntax.json', message: /the JSON does not parse/, line: 3, column: 12 },
  { file: 'truncated.json', message: /the JSON does not parse.*may be truncated/, line: 3 },
  { file: 'bad-line.jsonl', message: /the JSON does not parse/, line: 3 },
  { file: 'scalar.json', message: /the JSON is a number, not a table/ },
  { file: 'mixed-rows.json', message: /row 2 of the JSON is an array, unlike the first/ },
  { file: 'nested-values.json', message: /row 1, field "x1" is an object.*flatten nested values/ },
  { file: 'ragged-arrays.json', message: /row 2 of the JSON has 2 values but the first has 3/ },
  { file: 'xy-length-mismatch.json', message: /"x" and "y" must be non-empty arrays of the same length \(found 3 and 2\)/ },
  { file: 'wrongmagic-images-idx3-ubyte', message: /expected 0x00000803 \(images\) or 0x00000801 \(labels\), found 0x50350A32/ },
  // What was seen (issue 13): a wrong magic number read as a 171-dimensional header; a lone file naming itself as its partner.
  { file: 'badmagic-images-idx3-ubyte', message: /expected 0x00000803 \(images\) or 0x00000801 \(labels\), found 0x000008AB/ },
  { file: 'alone-labels-idx1-ubyte', message: /images file that goes with this one is not beside it \(looked for alone-images-idx3-ubyte and alone-images-idx3-ubyte\.gz\)/ },
  { file: 'nameless.idx3', message: /name says neither "images" nor "labels"/ },
  // A label with more values than the class limit: refused with the count and where to raise it (it used to lose rows silently).
  { file: 'many-classes.csv', message: /label column "name" has 250 distinct values, more than the 200 classes allowed.*at least 250 with --max-categories \(experiment field dataset\.maxCategories, setting gradientLab\.data\.maxCategories\)/, column: 3 },
  { file: 'cut-images-idx3-ubyte', message: /ends inside its header: 6 bytes, but a 3-dimensional IDX header is expected to take 16/ },
  { file: 'short-images-idx3-ubyte', message: /header says 10 × 28 × 28 values, so 7856 bytes were expected, but the file has only 1584 bytes/ },
  { file: 'mismatch-labels-idx1-ubyte', message: /holds 3 images but the labels file 2 labels/ },
  { file: 'lonely-images-idx3-ubyte', message: /labels file that goes with this one is not beside it/ },
  { file: 'oneclass-images-idx3-ubyte', message: /only one class \("7", 3 rows\)/ },
  { file: 'truncated.csv.gz', message: /gzip data does not decompress/ },
];

/**
 * Files that load, each with the message that must come with it: a warning, a note, or the
 * decisions line (what is predicted, rows dropped, columns ignored).
 */
const LOADS: { file: string; options?: DatasetOptions; message: RegExp }[] = [
  { file: 'text-in-numeric.csv', message: /warning: column "x2" holds numbers, but 1 of its 20 values is text \("three point five" on line 9\); it is read as a missing value/ },
  // Issue 13's "y: 2, 6, 8, abc": once silently categories, now numbers with the text read as missing.
  { file: 'stray-text-label.csv', message: /warning: column "y" holds numbers, but 1 of its 8 values is text \("abc" on line 5\)/ },
  { file: 'mostly-text-column.csv', message: /column "size" read as text: 9 of its 12 values are not numbers \(3 are\)/ },
  { file: 'names-and-gaps.csv', message: /^Predicting Species \(classification, 3 classes\) from 3 features \(4 inputs after encoding\) · 28 of 30 rows \(2 with missing values dropped\) · ignored: Name \(identifier\)$/ },
];

async function expectError(path: string, options: DatasetOptions, c: Omit<Case, 'file' | 'options'>): Promise<void> {
  await assert.rejects(loadDatasetFile(path, options), (e: unknown) => {
    assert.ok(e instanceof DatasetError, `expected a DatasetError, got ${String(e)}`);
    assert.match(e.message, c.message);
    // One paragraph: no stack, no line breaks; says what to do.
    assert.doesNotMatch(e.message, /\n|\bat .*\.ts:\d+/);
    assert.match(e.message, /Expected|expected/);
    assert.ok(e.where.file, 'names the file');
    if (c.line !== undefined) assert.equal(e.where.line, c.line, `line of ${path}`);
    if (c.column !== undefined) assert.equal(e.where.column, c.column, `column of ${path}`);
    return true;
  });
}

function hashes(): Map<string, string> {
  return new Map(readdirSync(DIR).map((f) => [f, createHash('sha256').update(readFileSync(join(DIR, f))).digest('hex')]));
}

const before = hashes();

test('the corpus has at least 30 malformed files, each with a case', () => {
  const files = readdirSync(DIR);
  assert.ok(files.length >= 30, `${files.length} files`);
  const covered = new Set(CASES.map((c) => c.file));
  // Partner files of IDX pairs are covered through their pair.
  for (const f of files) {
    const partner = f.includes('labels-idx1') ? f.replace('labels-idx1', 'images-idx3') : f.replace('images-idx3', 'labels-idx1');
    assert.ok(covered.has(f) || covered.has(partner) || LOADS.some((c) => c.file === f), `no case for ${f}`);
  }
});

for (const c of CASES) {
  test(`corpus: ${c.file}`, () => expectError(join(DIR, c.file), c.options ?? {}, c));
}

for (const c of LOADS) {
  test(`corpus (loads): ${c.file}`, async () => {
    const ds = await loadDatasetFile(join(DIR, c.file), c.options ?? {});
    const lines = [decisionsLine(dataDecisions(ds)), ...(ds.notes ?? [])];
    assert.ok(lines.some((l) => c.message.test(l)), `no line matches ${c.message}:\n${lines.join('\n')}`);
  });
}

test('every corpus file either loads with rowsUsed + Σ rowsDropped = rowsInFile, or is refused', async () => {
  let loaded = 0;
  for (const f of readdirSync(DIR)) {
    let ds;
    try {
      ds = await loadDatasetFile(join(DIR, f));
    } catch (e) {
      assert.ok(e instanceof DatasetError, `${f}: ${String(e)}`);
      continue;
    }
    loaded++;
    checkInvariant(dataDecisions(ds), f);
  }
  assert.ok(loaded >= 5, `${loaded} corpus files load`);
});

test('corpus: files are never modified', () => {
  assert.deepEqual(hashes(), before);
});

test('generated: a 50 MB single field is refused, not parsed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-corpus-'));
  try {
    const path = join(dir, 'huge-field.csv');
    const big = Buffer.alloc(50 * 1024 * 1024, 0x61);
    writeFileSync(path, Buffer.concat([Buffer.from('x1,name,label\n1,a,b\n2,"'), big, Buffer.from('",c\n')]));
    await expectError(path, {}, { message: /field 2 is longer than 1 MB/, line: 3, column: 2 });
    // Also when the giant field is in the first line (then the sniffer meets it).
    const first = join(dir, 'huge-first.csv');
    writeFileSync(first, Buffer.concat([big, Buffer.from(',label\n1,a\n')]));
    await expectError(first, {}, { message: /longer than|first line/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('generated: the size cap refuses a table too big for the limit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-corpus-'));
  try {
    const path = join(dir, 'big.csv');
    const lines = ['a,b,c,label'];
    for (let i = 0; i < 20000; i++) lines.push(`${i},${i * 2},${i % 7},${i % 2}`);
    writeFileSync(path, lines.join('\n'));
    await expectError(path, { maxBytes: 100_000 }, { message: /would need 0\.3 MB of memory as 32-bit floats, more than the 0\.1 MB limit/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function png(path: string, w: number, h: number, v: number): void {
  const p = new PNG({ width: w, height: h });
  p.data.fill(v);
  writeFileSync(path, PNG.sync.write(p));
}

test('generated: an image folder with mixed sizes, a broken image, a non-image', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-corpus-'));
  try {
    mkdirSync(join(dir, 'mixed', 'a'), { recursive: true });
    mkdirSync(join(dir, 'mixed', 'b'), { recursive: true });
    png(join(dir, 'mixed', 'a', '1.png'), 8, 8, 10);
    png(join(dir, 'mixed', 'b', '1.png'), 9, 8, 200);
    await expectError(join(dir, 'mixed'), {}, { message: /images differ in size: a\/1\.png is 8×8 but b\/1\.png is 9×8/ });
    mkdirSync(join(dir, 'broken', 'a'), { recursive: true });
    writeFileSync(join(dir, 'broken', 'a', '1.png'), PNG.sync.write(new PNG({ width: 4, height: 4 })).subarray(0, 40));
    await expectError(join(dir, 'broken'), {}, { message: /a\/1\.png could not be decoded/ });
    mkdirSync(join(dir, 'text', 'a'), { recursive: true });
    writeFileSync(join(dir, 'text', 'a', '1.jpg'), 'not an image');
    await expectError(join(dir, 'text'), {}, { message: /a\/1\.jpg is not a PNG or JPEG image/ });
    mkdirSync(join(dir, 'none'), { recursive: true });
    await expectError(join(dir, 'none'), {}, { message: /holds no \.png or \.jpg images in class sub-folders/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('generated: a missing file and a bad image-shape string', async () => {
  await expectError(join(DIR, 'no-such-file.csv'), {}, { message: /does not exist/ });
  assert.throws(() => parseImageShape('28by28'), /not of the form HxW/);
});

// What was seen (issue 13), generated rather than committed: big, hostile or special files.

test('generated: a 200,000-row regression CSV and a 130,001-column file load (no call-stack overflow)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-corpus-'));
  try {
    const long = join(dir, 'long.csv');
    const lines = ['a,b,target'];
    for (let i = 0; i < 200_000; i++) lines.push(`${i % 97},${(i * 7) % 101},${(i % 997) / 10}`);
    writeFileSync(long, lines.join('\n') + '\n');
    const ds = await loadDatasetFile(long);
    assert.equal(ds.rows, 200_000);
    assert.equal(ds.task, 'regression');
    const split = splitDataset(ds, 0.2, new Prng(1));
    assert.equal(split.train.rows + split.validation.rows, 200_000);
    const wide = join(dir, 'wide.csv');
    const names = Array.from({ length: 130_001 }, (_, k) => `c${k}`);
    writeFileSync(wide, `${names.join(',')}\n${names.map((_, k) => k % 2).join(',')}\n${names.map((_, k) => (k + 1) % 2).join(',')}\n`);
    const text = formatSummary(describe(await loadDatasetFile(wide, { task: 'classification' })));
    assert.match(text, /and 129961 more columns/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('generated: a FIFO and a device are refused at once, without being opened', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-corpus-'));
  try {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const t0 = performance.now();
    await expectError(fifo, {}, { message: /this is a FIFO \(named pipe\), not a data file; reading it might never end/ });
    assert.ok(performance.now() - t0 < 1000, 'refused within a second');
    await expectError('/dev/zero', {}, { message: /this is a device, not a data file/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('generated: gzip bombs stop at 4× the memory limit, named with its flag', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-corpus-'));
  try {
    // 64 MB of JSON whitespace in 64 KB of gzip: with a 1 MB limit it stops at 4 MB of output.
    const json = join(dir, 'bomb.json.gz');
    writeFileSync(json, gzipSync(Buffer.concat([Buffer.from('['), Buffer.alloc(64 * 1024 * 1024, 0x20), Buffer.from(']')]), { level: 9 }));
    const t0 = performance.now();
    await expectError(json, { maxBytes: 1024 * 1024 }, { message: /decompresses to more than 4\.0 MB \(4× the 1\.0 MB dataset memory limit\); decompression was stopped there.*--max-megabytes \(experiment field dataset\.maxMegabytes, setting gradientLab\.data\.maxMegabytes\)/ });
    assert.ok(performance.now() - t0 < 3000, 'stopped early');
    // A CSV bomb: refused by the row count as soon as the rows pass the memory limit.
    const csv = join(dir, 'bomb.csv.gz');
    writeFileSync(csv, gzipSync(Buffer.concat([Buffer.from('a,b,c\n'), Buffer.from('1,2,3\n'.repeat(8 * 1024 * 1024))]), { level: 9 }));
    await expectError(csv, { maxBytes: 1024 * 1024 }, { message: /would need .* more than the 1\.0 MB limit.*--max-megabytes/ });
    // A small .csv.gz still reads, whole.
    const ok = join(dir, 'ok.csv.gz');
    writeFileSync(ok, gzipSync(Buffer.from('x,y\n1,a\n2,b\n3,a\n4,b\n')));
    assert.equal((await loadDatasetFile(ok)).rows, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
