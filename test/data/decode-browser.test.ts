import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { chromiumMissing, launchChromium } from '../browser';
import { allPngSpecs, makePng } from './png-fixtures';

/**
 * The pure decoding modules (engine/data/gunzip.ts, image-decode.ts) where the web extension
 * runs them: bundled for the browser (no Node built-in may be reached) and run in a Web Worker
 * of headless Chromium, whose DecompressionStream reads one gzip member only and which has no
 * Buffer, and in a Node worker thread without Buffer. Answers compared with node:zlib, pngjs and
 * jpeg-js.
 */

const skip = chromiumMissing();
const ENTRY = join(import.meta.dirname, 'decode-worker.fixture.ts');
const NODE_BUILTIN = /^(node:|fs$|path$|zlib$|buffer$|stream$|util$|os$|worker_threads$|child_process$)/;

async function bundle(): Promise<string> {
  const r = await build({ entryPoints: [ENTRY], bundle: true, platform: 'browser', format: 'iife', write: false, metafile: true, logLevel: 'silent' });
  const imports = Object.values(r.metafile.inputs).flatMap((i) => i.imports.map((m) => m.path));
  assert.deepEqual(imports.filter((p) => NODE_BUILTIN.test(p)), [], 'no Node built-in imported');
  assert.deepEqual(Object.keys(r.metafile.inputs).filter((p) => /node_modules\/(pngjs|buffer)\//.test(p)), [], 'neither pngjs nor a Buffer shim bundled');
  return r.outputFiles[0]!.text;
}

test('the decoding modules bundle for the browser without a Node built-in', async () => {
  const code = await bundle();
  assert.doesNotMatch(code, /\brequire\(["'](node:|fs|zlib|path)/);
});

test('the same bundle in a Node worker_threads Worker with Buffer deleted: gzip members, PNG, JPEG', async () => {
  const code = await bundle();
  // The worker speaks the Web Worker API of the fixture through parentPort; Buffer is gone before the bundle runs.
  const shim = `const { parentPort } = require('node:worker_threads'); delete globalThis.Buffer; globalThis.postMessage = (m) => parentPort.postMessage(m);\n${code}\nparentPort.on('message', (data) => globalThis.onmessage({ data }));`;
  const worker = new Worker(shim, { eval: true });
  const ask = (m: Record<string, unknown>) =>
    new Promise<{ hasBuffer: boolean; error?: string; data?: Uint8Array; width?: number; channels?: number }>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage(m);
    });
  try {
    const multi = Buffer.concat([gzipSync('a,b\n1,2\n'), gzipSync('3,4\n')]);
    const gz = await ask({ gz: new Uint8Array(multi) });
    assert.equal(gz.hasBuffer, false);
    assert.equal(Buffer.from(gz.data!).toString(), 'a,b\n1,2\n3,4\n');
    const file = makePng({ width: 13, height: 9, colourType: 3, depth: 2, interlaced: true, transparency: true });
    const png = await ask({ image: new Uint8Array(file) });
    assert.ok(Buffer.from(png.data!).equals(PNG.sync.read(file).data));
    const rgba = Buffer.alloc(16 * 8 * 4).map((_, i) => (i * 31) % 256);
    const jpg = jpeg.encode({ data: rgba, width: 16, height: 8 }, 90).data;
    const j = await ask({ image: new Uint8Array(jpg) });
    assert.equal(j.error, undefined);
    assert.deepEqual(j.data, jpeg.decode(jpg, { useTArray: true, formatAsRGBA: false }).data);
  } finally {
    await worker.terminate();
  }
});

test('in a Chromium Web Worker: gzip (multi-member, padding, refusals, the limit), PNG and JPEG as in Node', { skip }, async () => {
  const code = await bundle();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // tsx compiles the callbacks below with esbuild's keepNames, which calls __name(): the page needs it too.
    await page.addInitScript('window.__name = (f) => f;');
    await page.goto('about:blank');
    await page.evaluate((src) => {
      type WorkerLike = { onmessage: (ev: { data: unknown }) => void; postMessage: (m: unknown) => void };
      const Worker = (globalThis as unknown as { Worker: new (url: string) => WorkerLike }).Worker;
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
      // Arrays cross from the test as plain number arrays: typed again before they go to the worker.
      const typed = (m: Record<string, unknown>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Array.isArray(v) ? new Uint8Array(v) : v]));
      (globalThis as unknown as { ask: (m: Record<string, unknown>) => Promise<unknown> }).ask = (m) =>
        new Promise((resolve) => {
          w.onmessage = (ev) => resolve(ev.data);
          w.postMessage(typed(m));
        });
    }, code);
    const ask = (m: Record<string, unknown>) =>
      page.evaluate(async (m) => {
        const r = (await (globalThis as unknown as { ask: (m: Record<string, unknown>) => Promise<Record<string, unknown>> }).ask(m)) as Record<string, unknown>;
        return { ...r, data: r.data ? Array.from(r.data as Uint8Array) : undefined };
      }, m as Record<string, unknown>) as Promise<{ hasBuffer: boolean; error?: string; data?: number[]; ms?: number; width?: number; height?: number; channels?: number }>;
    const arr = (b: Uint8Array) => Array.from(b) as unknown as Uint8Array;

    const text = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => 48 + ((i * seed + (i >> 5)) % 43)));
    const members = [text(70_000, 7), Buffer.alloc(0), text(5, 3), text(40_000, 11)];
    const multi = Buffer.concat(members.map((t) => gzipSync(t)));
    const want = gunzipSync(multi);
    const got = await ask({ gz: arr(multi) });
    assert.equal(got.hasBuffer, false, 'no Buffer in the worker');
    assert.equal(got.error, undefined);
    assert.ok(Buffer.from(got.data!).equals(want), 'every member, as zlib reads them');
    const from = await ask({ gz: arr(multi), from: 75_000 });
    assert.ok(Buffer.from(from.data!).equals(want.subarray(75_000)));
    const padded = await ask({ gz: arr(Buffer.concat([multi, Buffer.alloc(9), Buffer.from('after zeros')])) });
    assert.ok(Buffer.from(padded.data!).equals(want), 'zero padding ends the file, as in zlib');

    // Members of random digits, several pieces each: Chromium drops the output of the piece it refuses, which must come back.
    const digits = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, () => 48 + ((seed = (seed * 1103515245 + 12345) % 2147483648) % 10)));
    const big = [digits(600_000, 1), digits(600_000, 2)];
    const bigMulti = Buffer.concat(big.map((t) => gzipSync(t)));
    const whole = await ask({ gz: arr(gzipSync(Buffer.concat(big))) });
    const both = await ask({ gz: arr(bigMulti) });
    assert.ok(Buffer.from(both.data!).equals(Buffer.concat(big)) && Buffer.from(whole.data!).equals(Buffer.concat(big)), 'two 600 kB members');
    console.log(`Chromium worker, 1.2 MB of digits: one member ${whole.ms!.toFixed(0)} ms, two members ${both.ms!.toFixed(0)} ms (the first one's end found again)`);

    const one = gzipSync(text(50_000, 5));
    const badCrc = Buffer.from(one);
    badCrc[one.length - 7]! ^= 1;
    const secondBad = Buffer.concat([one, badCrc]);
    for (const [bytes, why] of [
      [one.subarray(0, one.length >> 1), /truncated/],
      [badCrc, /incorrect data check/],
      [secondBad, /incorrect data check/],
      [Buffer.concat([one, Buffer.from('junk')]), /incorrect header check/],
      [Buffer.from('a,b\n1,2\n'), /incorrect header check/],
    ] as const) {
      const r = await ask({ gz: arr(bytes) });
      assert.match(r.error ?? '', new RegExp(`^x\\.gz: the gzip data does not decompress \\(.*${why.source}.*\\)\\. Expected a complete \\.gz file`));
    }
    const bomb = await ask({ gz: arr(gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 })), maxBytes: 1024 * 1024 });
    assert.match(bomb.error ?? '', /decompresses to more than 4\.0 MB .*decompression was stopped there/);

    const specs = allPngSpecs().filter((s) => s.width === 13);
    for (const spec of specs) {
      const file = makePng(spec);
      const r = await ask({ image: arr(file) });
      assert.equal(r.error, undefined, JSON.stringify(spec));
      assert.ok(Buffer.from(r.data!).equals(PNG.sync.read(file).data), JSON.stringify(spec));
    }
    const rgba = Buffer.alloc(24 * 16 * 4, 0).map((_, i) => (i % 4 === 3 ? 255 : (i * 29) % 256));
    const jpg = jpeg.encode({ data: rgba, width: 24, height: 16 }, 80).data;
    const j = await ask({ image: arr(jpg) });
    assert.deepEqual([j.width, j.height, j.channels], [24, 16, 3]);
    assert.deepEqual(j.data, Array.from(jpeg.decode(jpg, { useTArray: true, formatAsRGBA: false }).data));
    const broken = await ask({ image: arr(makePng(specs[0]!).subarray(0, 40)) });
    assert.match(broken.error ?? '', /c\/x could not be decoded/);
  } finally {
    await browser.close();
  }
});
