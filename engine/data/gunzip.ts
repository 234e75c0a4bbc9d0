/**
 * Gzip without Node (interim: replaced by the web-decode work): the platform's
 * DecompressionStream, in Node ≥ 18 and every browser. Each pass decompresses again, so the
 * text is never held whole; past `maxTextBytes` of output the read is refused at once.
 */
import { DatasetError } from '../errors';
import { whereToRaise } from './limits';
import type { ChunkSource } from './load';
import { DatasetOptions, DEFAULT_MAX_BYTES, mb } from './options';

/** Most bytes a .gz may decompress to, and a plain JSON or IDX file may have: 4× the float-memory limit. */
export function maxTextBytes(options: DatasetOptions): number {
  return 4 * (options.maxBytes ?? DEFAULT_MAX_BYTES);
}

export function textTooBig(file: string, options: DatasetOptions, gz: boolean): DatasetError {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return new DatasetError(
    `${gz ? 'the file decompresses to' : 'the file is'} more than ${mb(maxTextBytes(options))} (4× the ${mb(max)} dataset memory limit)${gz ? '; decompression was stopped there' : ''}. ` +
      `Expected a dataset that fits the limit: use a smaller sample of the data, or raise the limit with ${whereToRaise('maxMegabytes')} if this machine has the memory.`,
    { file },
  );
}

/** The size a gzip file states for its content (its last 4 bytes, modulo 4 GiB). */
export function gzipStatedSize(last4: Uint8Array): number {
  return last4.length < 4 ? 0 : (last4[0]! | (last4[1]! << 8) | (last4[2]! << 16) | (last4[3]! << 24)) >>> 0;
}

export function gunzipChunks(compressed: ChunkSource, file: string, options: DatasetOptions): ChunkSource {
  const limit = maxTextBytes(options);
  return async function* (from: number) {
    const stream = new DecompressionStream('gzip');
    const writer = stream.writable.getWriter();
    const feeding = (async () => {
      for await (const c of compressed(0)) await writer.write(c.slice());
      await writer.close();
    })();
    feeding.catch(() => undefined);
    const reader = stream.readable.getReader();
    let out = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const start = out;
        out += value.length;
        if (out > limit) throw textTooBig(file, options, true);
        if (out <= from) continue;
        yield value.subarray(Math.max(0, from - start));
      }
      await feeding;
    } catch (e) {
      if (e instanceof DatasetError) throw e;
      throw new DatasetError(
        `the gzip data does not decompress (${(e as Error).message}). Expected a complete .gz file: it is probably ` +
          'truncated or not gzip at all; download or copy it again, or remove the .gz ending if it is plain.',
        { file },
      );
    } finally {
      void reader.cancel().catch(() => undefined);
      void writer.abort().catch(() => undefined);
    }
  };
}
