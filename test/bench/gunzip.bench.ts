/**
 * Gunzip speed: the engine's gunzipSource (DecompressionStream, engine/data/gunzip.ts) against
 * Node's zlib stream (what engine/node/load-file.ts used) and fflate's streaming Gunzip (the
 * pure-JS alternative), on one .gz file, from memory, best of 3 interleaved repeats. Run:
 *   npx tsx test/bench/gunzip.bench.ts [FILE.gz]
 * With no file it makes a ~100 MB CSV of random numbers (43.8 MB .gz) in the temp folder first.
 *   npx tsx test/bench/gunzip.bench.ts --browser
 * times the same three (with a bare DecompressionStream pipe for fflate's place beside them) in a
 * Web Worker of headless Chromium, on the same kind of 100 MB CSV made there (gunzip-worker.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { Gunzip } from 'fflate';
import { gunzipSource } from '../../engine/data/gunzip';
import { memorySource } from '../../engine/data/load';
import { launchChromium } from '../browser';

function sampleFile(): string {
  const path = join(tmpdir(), 'gl-gunzip-bench.csv.gz');
  if (existsSync(path)) return path;
  let seed = 1;
  const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows = ['a,b,c,d,e,f,label'];
  for (let n = 0; n < 100e6; ) {
    const row = [0, 1, 2, 3, 4, 5].map(() => (r() * 100).toFixed(4)).join(',') + (r() < 0.5 ? ',cat' : ',dog');
    rows.push(row);
    n += row.length + 1;
  }
  writeFileSync(path, gzipSync(rows.join('\n') + '\n', { level: 6 }));
  return path;
}

async function inChromium(): Promise<void> {
  const entry = join(import.meta.dirname, 'gunzip-worker.ts');
  const code = (await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'iife', write: false })).outputFiles[0]!.text;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    const r = (await page.evaluate(
      `new Promise((resolve) => { const w = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(code)}]))); w.onmessage = (e) => resolve(e.data); w.postMessage(100); })`,
    )) as { gzMB: number; textMB: number; res: Record<string, number[]> };
    console.log(`Chromium Web Worker: ${r.gzMB.toFixed(1)} MB .gz → ${r.textMB.toFixed(1)} MB`);
    for (const [name, rates] of Object.entries(r.res)) console.log(`${name.padEnd(12)} ${rates.map((x) => x.toFixed(0)).join(', ')} MB/s`);
  } finally {
    await browser.close();
  }
}

const gz = process.argv[2] === '--browser' ? new Uint8Array(0) : new Uint8Array(readFileSync(process.argv[2] ?? sampleFile()));
const contenders: Record<string, () => Promise<number>> = {
  'engine gunzipSource (DecompressionStream)': async () => {
    let n = 0;
    for await (const c of gunzipSource(memorySource(gz), 'bench.gz', { maxBytes: 2 ** 40 })(0)) n += c.length;
    return n;
  },
  'node:zlib createGunzip stream': async () => {
    let n = 0;
    for await (const c of Readable.from([Buffer.from(gz.buffer, gz.byteOffset, gz.length)]).pipe(createGunzip({ chunkSize: 1 << 20 }))) n += (c as Buffer).length;
    return n;
  },
  'fflate Gunzip, 1 MB pushes': async () => {
    let n = 0;
    const g = new Gunzip((d) => (n += d.length));
    for (let p = 0; p < gz.length; p += 1 << 20) g.push(gz.subarray(p, p + (1 << 20)), p + (1 << 20) >= gz.length);
    return n;
  },
};
async function main(): Promise<void> {
if (process.argv[2] === '--browser') return inChromium();
const best: Record<string, number> = {};
let bytes = 0;
for (let rep = 0; rep < 3; rep++) {
  for (const [name, run] of Object.entries(contenders)) {
    const t = performance.now();
    bytes = await run();
    const rate = bytes / 1e6 / ((performance.now() - t) / 1000);
    best[name] = Math.max(best[name] ?? 0, rate);
  }
}
console.log(`${(gz.length / 1e6).toFixed(1)} MB .gz → ${(bytes / 1e6).toFixed(1)} MB`);
for (const [name, rate] of Object.entries(best)) console.log(`${name.padEnd(44)} ${rate.toFixed(0)} MB/s`);
}

void main();
