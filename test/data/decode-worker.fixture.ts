/**
 * The entry of the Web Worker in decode-browser.test.ts: the pure decoding modules, bundled for
 * the browser, answering { gz, from, maxBytes } with the decompressed bytes and { image } with
 * the decoded pixels (or { error } with the message), and saying whether `Buffer` exists and
 * how long the decompression took (`ms`).
 */
import { gunzipSource } from '../../engine/data/gunzip';
import { decodeImage } from '../../engine/data/image-decode';
import { memorySource } from '../../engine/data/load';

interface Request {
  readonly gz?: Uint8Array;
  readonly from?: number;
  readonly maxBytes?: number;
  readonly image?: Uint8Array;
}
const scope = globalThis as unknown as { onmessage: (ev: { data: Request }) => void; postMessage: (m: unknown) => void };

scope.onmessage = async ({ data }) => {
  const hasBuffer = typeof (globalThis as { Buffer?: unknown }).Buffer !== 'undefined';
  try {
    if (data.image) {
      const img = decodeImage(data.image, 'c', 'x', 'folder');
      scope.postMessage({ hasBuffer, width: img.width, height: img.height, channels: img.channels, data: img.data });
      return;
    }
    const parts: Uint8Array[] = [];
    let produced = 0;
    const t0 = performance.now();
    for await (const c of gunzipSource(memorySource(data.gz!), 'x.gz', { maxBytes: data.maxBytes })(data.from ?? 0)) {
      parts.push(c.slice());
      produced += c.length;
    }
    const out = new Uint8Array(produced);
    parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
    scope.postMessage({ hasBuffer, data: out, ms: performance.now() - t0 });
  } catch (e) {
    scope.postMessage({ hasBuffer, error: (e as Error).message });
  }
};
