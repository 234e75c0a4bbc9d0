/**
 * PNG decoding speed: engine/data/png.ts (through decodeImage) against pngjs, on 5,000 small
 * gray images (an MNIST-like folder) and one 1024×1024 RGBA image. Run:
 *   npx tsx test/bench/png-decode.bench.ts
 */
import { PNG } from 'pngjs';
import { decodeImage } from '../../engine/data/image-decode';
import { makePng } from '../data/png-fixtures';
const small = Array.from({ length: 5000 }, (_, i) => { const p = new PNG({ width: 28, height: 28 }); for (let k = 0; k < p.data.length; k++) p.data[k] = k % 4 === 3 ? 255 : (((k >> 2) * 7 + i) % 256); return PNG.sync.write(p, { colorType: 0 } as never); });
const big = makePng({ width: 1024, height: 1024, colourType: 6, depth: 8, interlaced: false });
for (let rep = 0; rep < 3; rep++) {
  let t = performance.now(); for (const f of small) PNG.sync.read(f); const a = performance.now() - t;
  t = performance.now(); for (const f of small) decodeImage(f, 'c', 'x', 'f'); const b = performance.now() - t;
  t = performance.now(); for (let i = 0; i < 5; i++) PNG.sync.read(big); const c = (performance.now() - t) / 5;
  t = performance.now(); for (let i = 0; i < 5; i++) decodeImage(big, 'c', 'x', 'f'); const d = (performance.now() - t) / 5;
  console.log(`5000 28×28 gray PNGs: pngjs ${a.toFixed(0)} ms, ours ${b.toFixed(0)} ms; 1024×1024 RGBA: pngjs ${c.toFixed(0)} ms, ours ${d.toFixed(0)} ms`);
}
