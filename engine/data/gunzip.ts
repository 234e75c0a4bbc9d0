import { DatasetError } from '../errors';
import { crc32 } from './crc32';
import type { ChunkSource } from './load';
import { DatasetOptions } from './options';
import { maxTextBytes, textTooBig } from './text-limit';

/**
 * Decompressing .gz files, in Node and in a browser alike, with the platform's own
 * `DecompressionStream('gzip')` (zlib in both: native code, and it checks each member's CRC-32
 * and length). Measured on this machine (2 shared, busy cores) on a 100 MB CSV (43.8 MB .gz),
 * best of 3, over several runs of `npx tsx test/bench/gunzip.bench.ts`: this module 67–118 MB/s,
 * the pure-JS fflate's streaming Gunzip 30–44 MB/s, Node's zlib stream (what load-file used)
 * 85–221 MB/s. fflate would be the same code in both hosts, but 2–3× slower.
 *
 * One difference between the platforms is smoothed here: Node's decompressor reads every member
 * of a multi-member file (concatenated .gz files, bgzip) as zlib always has, but Chromium's stops
 * after the first ("junk after end of compressed data"). A member ends with the CRC-32 and length
 * of its content, so when the decompressor stops, the content read so far finds its own trailer
 * in the compressed bytes, and decompression starts again right after it: the same bytes on both
 * platforms, and a damaged member still refused. As zlib does, zero bytes after a member are
 * padding and end the file.
 */

/**
 * Compressed bytes handed to the decompressor at a time: past the output limit it has made at
 * most 1032× this (deflate's largest ratio), 33 MB. 16 KB to 256 KB measured alike (within this
 * machine's noise) in the benchmark below.
 */
const PIECE = 32 * 1024;

/**
 * Decompressed chunks of the gzip file `compressed` from byte `from` of its content; each pass
 * decompresses again (a CSV is read twice), so the text is never held whole. Past
 * `maxTextBytes` of output the read is refused and decompression stops: a gzip bomb costs at
 * most that much work. `file` names the file in errors.
 */
export function gunzipSource(compressed: ChunkSource, file: string, options: DatasetOptions): ChunkSource {
  const limit = maxTextBytes(options);
  return async function* (from: number) {
    let out = 0;
    for (let member = 0; ; ) {
      const run = decompress(compressed, member);
      let content = 0;
      try {
        for await (const chunk of run.output) {
          const start = out;
          out += chunk.length;
          content += chunk.length;
          if (out > limit) throw textTooBig(file, options, true);
          if (out <= from) continue;
          yield start >= from ? chunk : chunk.subarray(from - start);
        }
        return;
      } catch (e) {
        if (e instanceof DatasetError || run.readFailed()) throw e;
        const end = await memberEnd(compressed, member, content);
        if (end === undefined) throw doesNotDecompress(e, file);
        const next = await byteAt(compressed, end);
        if (next === undefined || next === 0) return;
        member = end;
      }
    }
  };
}

/** The size a gzip file states for its content (its last 4 bytes, modulo 4 GiB): for progress only. */
export function gzipStatedSize(last4: Uint8Array): number {
  if (last4.length < 4) return 0;
  const b = last4.subarray(last4.length - 4);
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
}

function doesNotDecompress(e: unknown, file: string): DatasetError {
  const why = (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');
  return new DatasetError(
    `the gzip data does not decompress (${why}). Expected a complete .gz file: it is probably ` +
      'truncated or not gzip at all; download or copy it again, or remove the .gz ending if it is plain.',
    { file },
  );
}

/**
 * The platform's gzip decompressor over the compressed bytes from offset `at`. A piece of input
 * is handed over only while the reader waits for output: a decompressor's readable side may
 * buffer far ahead of its reader (Node's holds up to 16,384 chunks, 256 MB), which would let a
 * gzip bomb run on past the output limit. `readFailed` tells an error of reading the file
 * (passed on as it is) from one of decompressing it. Leaving the output early stops the feeding,
 * which closes the source.
 */
function decompress(compressed: ChunkSource, at: number): { output: AsyncIterable<Uint8Array>; readFailed: () => boolean } {
  let readError: { e: unknown } | undefined;
  async function* output(): AsyncGenerator<Uint8Array> {
    const ds = new DecompressionStream('gzip');
    const writer = ds.writable.getWriter();
    const reader = ds.readable.getReader();
    let waiting = false;
    let stopped = false;
    let wake: (() => void) | undefined;
    const feeding = (async () => {
      const input = compressed(at)[Symbol.asyncIterator]();
      try {
        for (;;) {
          let next: IteratorResult<Uint8Array>;
          try {
            next = await input.next();
          } catch (e) {
            readError = { e };
            await writer.abort(e);
            return;
          }
          if (next.done) break;
          const chunk = next.value;
          for (let p = 0; p < chunk.length; p += PIECE) {
            while (!waiting && !stopped) await new Promise<void>((resolve) => (wake = resolve));
            if (stopped) return;
            // A copy: a file source reuses its buffer for the next read, and the decompressor may still hold this piece.
            await writer.write(chunk.slice(p, p + PIECE));
          }
        }
        await writer.close();
      } catch {
        // A decompression error, or the reader gone: the reader has it, or needs nothing more.
      } finally {
        await input.return?.();
      }
    })();
    try {
      for (;;) {
        waiting = true;
        wake?.();
        const { done, value } = await reader.read();
        waiting = false;
        if (done) return;
        yield value;
      }
    } catch (e) {
      throw readError ? readError.e : e;
    } finally {
      stopped = true;
      wake?.();
      await reader.cancel().catch(() => undefined);
      await feeding;
    }
  }
  return { output: output(), readFailed: () => readError !== undefined };
}

/**
 * Where the gzip member that starts at `start` ends, given that the decompressor stopped after
 * `size` bytes of its content: just past the trailer that states the CRC-32 and length of that
 * content, or undefined when no such trailer follows (the member is damaged or cut short). The
 * content is decompressed once more for its CRC; the search starts after the shortest header
 * and deflate data (10 + 2 bytes), and a false match inside deflate data has odds of 2^-64.
 */
async function memberEnd(compressed: ChunkSource, start: number, size: number): Promise<number | undefined> {
  let crc = 0;
  let seen = 0;
  try {
    for await (const chunk of decompress(compressed, start).output) {
      crc = crc32(chunk, crc);
      seen += chunk.length;
    }
  } catch {
    // The same stop as before: the content up to it is what the trailer describes.
  }
  if (seen !== size) return undefined;
  const want = new Uint8Array(8);
  const view = new DataView(want.buffer);
  view.setUint32(0, crc, true);
  view.setUint32(4, size >>> 0, true);
  let carry = new Uint8Array(0);
  let base = start; // file offset of carry[0]
  for await (const chunk of compressed(start)) {
    const buf = new Uint8Array(carry.length + chunk.length);
    buf.set(carry);
    buf.set(chunk, carry.length);
    for (let i = Math.max(0, start + 12 - base); i + 8 <= buf.length; i++) {
      if (buf[i] !== want[0]) continue;
      let k = 1;
      while (k < 8 && buf[i + k] === want[k]) k++;
      if (k === 8) return base + i + 8;
    }
    const keep = Math.min(7, buf.length);
    carry = buf.slice(buf.length - keep);
    base += buf.length - keep;
  }
  return undefined;
}

/** The byte at `offset` of the compressed file, or undefined past its end. */
async function byteAt(compressed: ChunkSource, offset: number): Promise<number | undefined> {
  for await (const chunk of compressed(offset)) if (chunk.length > 0) return chunk[0];
  return undefined;
}
