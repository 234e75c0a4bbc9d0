import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { crc32 } from '../../engine/data/crc32';
import { gunzipSource, gzipStatedSize } from '../../engine/data/gunzip';
import type { ChunkSource } from '../../engine/data/load';
import { DatasetError } from '../../engine/errors';

/**
 * engine/data/gunzip.ts against node:zlib, the decompressor it replaces: the same bytes from any
 * offset, every member of a multi-member file, the same refusals. (The browser's side of the
 * same cases: test/data/decode-browser.test.ts.)
 */

/** Chunks of `bytes` of `size` each, through one reused buffer, as a file source reads (and counts what it handed out). */
function chunked(bytes: Uint8Array, size: number): ChunkSource & { read: number } {
  const source = Object.assign(
    async function* (from: number) {
      const buf = new Uint8Array(size);
      for (let p = from; p < bytes.length; p += size) {
        const n = Math.min(size, bytes.length - p);
        buf.set(bytes.subarray(p, p + n));
        source.read += n;
        yield buf.subarray(0, n);
      }
    },
    { read: 0 },
  );
  return source;
}

async function collect(source: ChunkSource, from = 0): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of source(from)) parts.push(c.slice());
  return Buffer.concat(parts);
}

async function refusal(source: ChunkSource): Promise<DatasetError> {
  try {
    await collect(source);
  } catch (e) {
    assert.ok(e instanceof DatasetError, `a DatasetError, not ${String(e)}`);
    return e;
  }
  assert.fail('expected a refusal');
}

/** Text that compresses like a CSV: numbers from a fixed-seed generator. */
function csvText(bytes: number): Uint8Array {
  let seed = 7;
  const rows: string[] = ['a,b,c,label'];
  let n = 12;
  while (n < bytes) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const row = `${seed % 1000},${(seed >> 8) % 97}.${seed % 10},${seed % 3},${seed % 2 ? 'cat' : 'dog'}`;
    rows.push(row);
    n += row.length + 1;
  }
  return new TextEncoder().encode(rows.join('\n').slice(0, bytes));
}

test('gunzip: the same bytes as node:zlib, from any offset, whatever the chunking', async () => {
  for (const size of [0, 1, 1000, 3_000_000]) {
    const text = csvText(size);
    const gz = gzipSync(text);
    for (const chunk of size <= 1000 ? [7, 4096] : [4096, 1 << 20]) {
      const source = gunzipSource(chunked(gz, chunk), 'x.csv.gz', {});
      assert.deepEqual(await collect(source), gunzipSync(gz), `${size} bytes in chunks of ${chunk}`);
      for (const from of [1, Math.floor(size / 3), size - 1, size, size + 5]) {
        assert.deepEqual(await collect(source, from), Buffer.from(text.subarray(Math.min(from, size))), `${size} bytes from ${from}, chunks of ${chunk}`);
      }
    }
  }
});

test('gunzip: every member of a multi-member file, and zero padding after the last, as zlib reads them', async () => {
  const members = [csvText(50_000), new Uint8Array(0), csvText(3), csvText(200_000)].map((t) => gzipSync(t));
  const multi = Buffer.concat(members);
  const want = gunzipSync(multi);
  assert.equal(want.length, 250_003);
  assert.deepEqual(await collect(gunzipSource(chunked(multi, 1000), 'm.gz', {})), want);
  assert.deepEqual(await collect(gunzipSource(chunked(multi, 1000), 'm.gz', {}), 60_000), want.subarray(60_000));
  const padded = Buffer.concat([multi, Buffer.alloc(100), Buffer.from('ignored after the zeros')]);
  assert.deepEqual(gunzipSync(padded), want);
  assert.deepEqual(await collect(gunzipSource(chunked(padded, 4096), 'm.gz', {})), want);
});

test('gunzip: truncated, damaged and non-gzip data are refused with the file named; read errors pass as they are', async () => {
  const gz = gzipSync(csvText(100_000));
  const flipped = Buffer.from(gz);
  flipped[gz.length - 6]! ^= 1; // the CRC-32 in the trailer
  const cases: [string, Uint8Array, RegExp][] = [
    ['cut.csv.gz', gz.subarray(0, gz.length >> 1), /unexpected end of file/],
    ['trailer.csv.gz', gz.subarray(0, gz.length - 3), /unexpected end of file/],
    ['crc.csv.gz', flipped, /incorrect data check/],
    ['plain.csv.gz', new TextEncoder().encode('a,b\n1,2\n'), /incorrect header check/],
    ['empty.csv.gz', new Uint8Array(0), /unexpected end of file/],
    ['garbage-after.csv.gz', Buffer.concat([gz, Buffer.from('junk')]), /incorrect header check/],
    ['second-cut.csv.gz', Buffer.concat([gz, gz.subarray(0, 30)]), /unexpected end of file/],
  ];
  for (const [name, bytes, why] of cases) {
    assert.throws(() => gunzipSync(bytes), why, `zlib refuses ${name} too`);
    const e = await refusal(gunzipSource(chunked(bytes, 8192), name, {}));
    assert.match(e.message, new RegExp(`^${name.replace(/\./g, '\\.')}: the gzip data does not decompress \\(${why.source}\\)\\. Expected a complete \\.gz file: it is probably truncated or not gzip at all`));
  }
  const broken: ChunkSource = async function* () {
    yield gz.subarray(0, 1000);
    throw new Error('EIO: the disk went away');
  };
  await assert.rejects(collect(gunzipSource(broken, 'x.gz', {})), { message: 'EIO: the disk went away' });
});

test('gunzip: a bomb stops at 4× the memory limit, having read a small part of the file', async () => {
  // 256 MiB of zeros in 254 KB of gzip; with a 1 MB limit only 4 MB may come out.
  const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 });
  const compressed = chunked(bomb, 4096);
  let produced = 0;
  const t0 = performance.now();
  await assert.rejects(
    (async () => {
      for await (const c of gunzipSource(compressed, 'bomb.csv.gz', { maxBytes: 1024 * 1024 })(0)) produced += c.length;
    })(),
    (e: unknown) => e instanceof DatasetError && /^bomb\.csv\.gz: the file decompresses to more than 4\.0 MB \(4× the 1\.0 MB dataset memory limit\); decompression was stopped there\..*--max-megabytes/.test(e.message),
  );
  assert.ok(produced <= 4 * 1024 * 1024 && produced > 3 * 1024 * 1024, `yielded ${produced} bytes`);
  // Decompression stops within the piece (16 KB) that passed the limit: a small part of the file is read.
  assert.ok(compressed.read <= 16 * 1024 + 4096, `read ${compressed.read} of ${bomb.length} compressed bytes`);
  assert.ok(performance.now() - t0 < 2000, 'stopped early');
});

test('gzipStatedSize: the little-endian length in the last 4 bytes; crc32 as zlib computes it', () => {
  const gz = gzipSync(csvText(123_457));
  assert.equal(gzipStatedSize(gz.subarray(gz.length - 4)), 123_457);
  assert.equal(gzipStatedSize(new Uint8Array([0xff, 0xff, 0xff, 0xff])), 2 ** 32 - 1);
  assert.equal(gzipStatedSize(new Uint8Array([1, 2])), 0);
  assert.equal(crc32(csvText(123_457)), gz.readUInt32LE(gz.length - 8));
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});
