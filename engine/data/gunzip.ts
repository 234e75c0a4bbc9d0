import { DatasetError } from '../errors';
import { crc32 } from './crc32';
import type { ChunkSource } from './load';
import { DatasetOptions } from './options';
import { maxTextBytes, textTooBig } from './text-limit';

/**
 * Decompressing .gz files, in Node and in a browser alike, with the platform's own
 * `DecompressionStream('gzip')` (zlib in both: native code, and it checks each member's CRC-32
 * and length). Measured on this machine (2 shared, busy cores) on a 100 MB CSV of random numbers
 * (43.8 MB .gz), `npx tsx test/bench/gunzip.bench.ts` (Node) and `… --browser` (a Chromium Web
 * Worker), over several runs: in Node this module 67–118 MB/s, fflate's streaming Gunzip (pure
 * JS) 30–44 MB/s, Node's zlib stream (what load-file used) 85–221 MB/s; in Chromium this module
 * 27–84 MB/s, a bare DecompressionStream pipe 23–106 MB/s, fflate 13–45 MB/s. fflate would be
 * the same code in both hosts, but it is 2–3× slower, and it checks no CRC.
 *
 * One difference between the platforms is smoothed here: Node's decompressor reads every member
 * of a multi-member file (concatenated .gz files, bgzip) as zlib always has, but Chromium's
 * stops after the first with an error ("junk after end of compressed data") that also drops the
 * output it had not handed out yet. So when a decompressor stops, the member is decompressed
 * once more, its last piece a byte at a time: the first byte it refuses is where the member ends,
 * confirmed by the trailer there (the CRC-32 and length of the content just read), and
 * decompression goes on from that byte. The same bytes on both platforms, and a damaged member
 * still refused. As in zlib, a zero byte after a member is padding and ends the file.
 */

/**
 * Compressed bytes handed to the decompressor at a time. Past the output limit it has made at
 * most 1032× this more (deflate's largest ratio), 16.5 MB; and where Chromium's decompressor
 * stops at a member's end, this much is fed again a byte at a time (about 0.2 s). 8 KB to 256 KB
 * measured alike, within this machine's noise, in that benchmark.
 */
const PIECE = 16 * 1024;

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
    /** Counts `chunk` against the limit, and returns what of it lies at or past `from`. */
    const take = (chunk: Uint8Array): Uint8Array | undefined => {
      const start = out;
      out += chunk.length;
      if (out > limit) throw textTooBig(file, options, true);
      if (out <= from) return undefined;
      return start >= from ? chunk : chunk.subarray(from - start);
    };
    for (let member = 0; ; ) {
      const run = decompress(compressed, member);
      let content = 0;
      try {
        for await (const chunk of run.output) {
          content += chunk.length;
          const part = take(chunk);
          if (part) yield part;
        }
        return;
      } catch (e) {
        if (e instanceof DatasetError || run.readFailed()) throw e;
        const ended = await memberEnd(compressed, member, run.accepted(), content, limit - out);
        if (ended === 'too big') throw textTooBig(file, options, true);
        if (!ended) throw doesNotDecompress(e, file);
        for (const chunk of ended.rest) {
          const part = take(chunk);
          if (part) yield part;
        }
        const next = await byteAt(compressed, ended.end);
        if (next === undefined || next === 0) return;
        member = ended.end;
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
 * is handed over only while the reader waits for output: offered a stream, Node's decompressor
 * takes every chunk at once (a whole .gz file read into memory ahead of its reader, measured),
 * and Chromium's inflates all it takes in one go (a bomb's whole output with it). `readFailed`
 * tells an error of reading the file (passed on as it is) from one of decompressing it. Leaving
 * the output early stops the feeding, which closes the source. `accepted` is the file offset up
 * to which the decompressor took every piece without complaint.
 */
function decompress(
  compressed: ChunkSource,
  at: number,
): { output: AsyncIterable<Uint8Array>; readFailed: () => boolean; accepted: () => number } {
  let readError: { e: unknown } | undefined;
  let accepted = at; // file offset up to which every write was taken
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
            const piece = chunk.slice(p, p + PIECE);
            await writer.write(piece);
            accepted += piece.length;
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
  return { output: output(), readFailed: () => readError !== undefined, accepted: () => accepted };
}

/**
 * Where the gzip member that starts at `start` ends, after a decompressor stopped in it having
 * taken the bytes up to `accepted` and handed out `seen` bytes of content; with the content it
 * had not handed out (`rest`; 'too big' past `room` bytes). Undefined when the member is damaged or
 * cut short. The member is decompressed again, by pieces up to `accepted` and then a byte at a
 * time, every output read as it comes, so that the refusal comes at the first byte past the
 * member and drops nothing; the trailer before that byte must state the CRC-32 and length of
 * all the content.
 */
async function memberEnd(
  compressed: ChunkSource,
  start: number,
  accepted: number,
  seen: number,
  room: number,
): Promise<{ end: number; rest: Uint8Array[] } | 'too big' | undefined> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let crc = 0;
  let size = 0;
  const rest: Uint8Array[] = [];
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      crc = crc32(value, crc);
      const skip = Math.max(0, seen - size);
      size += value.length;
      if (size - seen > room) {
        await reader.cancel(); // the writes fail from here: the loop below ends
        return;
      }
      if (skip < value.length) rest.push(value.slice(skip));
    }
  })().catch(() => undefined);
  let end: number | undefined;
  let pos = start;
  outer: for await (const chunk of compressed(start)) {
    for (let p = 0; p < chunk.length; ) {
      // The pieces the decompressor took before, whole; then (after letting the reader empty the queue) single bytes.
      const n = pos < accepted ? Math.min(PIECE, accepted - pos, chunk.length - p) : 1;
      if (n === 1 && pos === accepted) await new Promise((resolve) => setTimeout(resolve, 0));
      try {
        await writer.write(chunk.slice(p, p + n));
      } catch {
        end = pos;
        break outer;
      }
      p += n;
      pos += n;
    }
  }
  if (end === undefined) await writer.close().catch(() => undefined);
  await reading;
  if (size - seen > room) return 'too big';
  if (end === undefined || end - start < 20) return undefined;
  const trailer = await bytesAt(compressed, end - 8, 8);
  const stated = new DataView(trailer.buffer, trailer.byteOffset, 8);
  if (stated.getUint32(0, true) !== crc || stated.getUint32(4, true) !== size >>> 0) return undefined;
  return { end, rest };
}

/** `n` bytes of the compressed file from `offset` (fewer at its end). */
async function bytesAt(compressed: ChunkSource, offset: number, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let got = 0;
  for await (const chunk of compressed(offset)) {
    const k = Math.min(n - got, chunk.length);
    out.set(chunk.subarray(0, k), got);
    got += k;
    if (got === n) break;
  }
  return out.subarray(0, got);
}

/** The byte at `offset` of the compressed file, or undefined past its end. */
async function byteAt(compressed: ChunkSource, offset: number): Promise<number | undefined> {
  for await (const chunk of compressed(offset)) if (chunk.length > 0) return chunk[0];
  return undefined;
}
