/**
 * The Chromium side of gunzip.bench.ts --browser: in a Web Worker, makes a CSV of random numbers
 * of the asked size, gzips it with CompressionStream, and times the engine's gunzipSource, a bare
 * DecompressionStream pipe and fflate's Gunzip on it (MB/s of output, 3 repeats each).
 */
import { Gunzip } from 'fflate';
import { gunzipSource } from '../../engine/data/gunzip';
import { memorySource } from '../../engine/data/load';
const scope = globalThis as unknown as { onmessage: (ev: { data: number }) => void; postMessage: (m: unknown) => void };
scope.onmessage = async ({ data: mb }) => {
  let seed = 1;
  const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: string[] = [];
  let n = 0;
  while (n < mb * 1e6) { const row = [0, 1, 2, 3, 4, 5].map(() => (r() * 100).toFixed(4)).join(',') + (r() < 0.5 ? ',cat' : ',dog'); rows.push(row); n += row.length + 1; }
  const text = new TextEncoder().encode(rows.join('\n'));
  const gz = new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
  const res: Record<string, number[]> = { module: [], pipeThrough: [], fflate: [] };
  for (let rep = 0; rep < 3; rep++) {
    let t = performance.now(); let k = 0;
    for await (const c of gunzipSource(memorySource(gz), 'b.gz', { maxBytes: 2 ** 40 })(0)) k += c.length;
    res.module!.push(k / 1e6 / ((performance.now() - t) / 1000));
    t = performance.now(); k = 0;
    const rd = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
    for (;;) { const x = await rd.read(); if (x.done) break; k += x.value.length; }
    res.pipeThrough!.push(k / 1e6 / ((performance.now() - t) / 1000));
    t = performance.now(); k = 0;
    const g = new Gunzip((d) => (k += d.length));
    for (let p = 0; p < gz.length; p += 1 << 20) g.push(gz.subarray(p, p + (1 << 20)), p + (1 << 20) >= gz.length);
    res.fflate!.push(k / 1e6 / ((performance.now() - t) / 1000));
  }
  scope.postMessage({ gzMB: gz.length / 1e6, textMB: text.length / 1e6, res });
};
