import { createReadStream, Stats } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { DatasetError } from '../errors';
import { LoadedDataset } from '../data/encode';
import { DecodedImage, imagesToDataset } from '../data/images';
import { CHUNK_BYTES, ChunkSource, formatOf, parseDataset, parseDelimited, parseIdxPair } from '../data/load';
import { looksLikeIdx, parseIdx } from '../data/idx';
import { whereToRaise } from '../data/limits';
import { SNIFF_BYTES } from '../data/sniff';
import { DatasetOptions, DEFAULT_MAX_BYTES, mb, ProgressCallback, throwIfCancelled, yieldToEventLoop } from '../data/options';

/**
 * The Node edge of dataset reading: files and folders on disk. Files are only ever opened for
 * reading. Delimited text is streamed in chunks (two passes: count, then parse), .gz files too
 * (decompressed as a stream on each pass, with an output limit); IDX files are paired with
 * their partner; folders are image classes. Anything but a regular file or a folder (a FIFO, a
 * device, a socket) is refused before it is opened, since reading one may never end.
 */
export async function loadDatasetFile(path: string, options: DatasetOptions = {}, progress?: ProgressCallback): Promise<LoadedDataset> {
  const info = await statRegular(path, true);
  if (info.isDirectory()) return loadImageFolder(path, options, progress);
  const format = formatOf(path);
  if (format === 'idx') return loadIdxPair(path, options);
  const gz = path.toLowerCase().endsWith('.gz');
  if (format === 'json') return parseDataset(await readWhole(path, info.size, options), path, options, progress);
  if (!gz) return parseDelimited(path, info.size, fileSource(path), options, progress);
  const source = gunzipSource(path, options);
  // The decompressed size is known only at the end: a first look tells small files exactly.
  const parts: Uint8Array[] = [];
  let sniffed = 0;
  for await (const c of source(0)) {
    parts.push(c.slice(0, SNIFF_BYTES + 1 - sniffed));
    sniffed += c.length;
    if (sniffed > SNIFF_BYTES) break;
  }
  const head = Buffer.concat(parts);
  if (looksLikeIdx(head)) return parseDataset(head, path, options, progress); // refused with the IDX advice
  const size = sniffed <= SNIFF_BYTES ? sniffed : Math.max(SNIFF_BYTES + 1, await gzipStatedSize(path));
  return parseDelimited(path, size, source, options, progress);
}

/** A regular file (or, when `folderOk`, a folder); anything else is refused at once, without opening it. */
async function statRegular(path: string, folderOk: boolean): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch {
    throw new DatasetError('the file does not exist or cannot be read; expected a readable file or folder. Check the path (and that the workspace folder is open).', { file: path });
  }
  if (info.isFile() || (folderOk && info.isDirectory())) return info;
  const what = info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a FIFO (named pipe)' : info.isSocket() ? 'a socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : 'not a regular file';
  throw new DatasetError(
    `this is ${what}, not a data file; reading it might never end. Expected a regular file${folderOk ? ' (or a folder of class folders of images)' : ''}: give the path of the data file itself.`,
    { file: path },
  );
}

/** Most bytes a .gz may decompress to, and a plain JSON or IDX file may have: 4× the float-memory limit. */
export function maxTextBytes(options: DatasetOptions): number {
  return 4 * (options.maxBytes ?? DEFAULT_MAX_BYTES);
}

function textTooBig(path: string, options: DatasetOptions, gz: boolean): DatasetError {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return new DatasetError(
    `${gz ? 'the file decompresses to' : 'the file is'} more than ${mb(maxTextBytes(options))} (4× the ${mb(max)} dataset memory limit)${gz ? '; decompression was stopped there' : ''}. ` +
      `Expected a dataset that fits the limit: use a smaller sample of the data, or raise the limit with ${whereToRaise('maxMegabytes')} if this machine has the memory.`,
    { file: path },
  );
}

/** A whole file in memory (JSON, IDX): decompressed if .gz, never more than `maxTextBytes`. */
async function readWhole(path: string, size: number, options: DatasetOptions): Promise<Uint8Array> {
  if (!path.toLowerCase().endsWith('.gz')) {
    if (size > maxTextBytes(options)) throw textTooBig(path, options, false);
    return new Uint8Array(await readFile(path));
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of gunzipSource(path, options)(0)) {
    parts.push(c.slice());
    total += c.length;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Decompressed chunks of a .gz file from byte `from` of its content; each pass decompresses
 * again (a CSV is read twice), so the text is never held whole. Past `maxTextBytes` of output
 * the stream is destroyed and the read refused: a gzip bomb costs at most that much work.
 */
export function gunzipSource(path: string, options: DatasetOptions): ChunkSource {
  const limit = maxTextBytes(options);
  return async function* (from: number) {
    const file = createReadStream(path);
    const gunzip = file.pipe(createGunzip({ chunkSize: 1024 * 1024 }));
    file.on('error', (e) => gunzip.destroy(e));
    let out = 0;
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        const start = out;
        out += chunk.length;
        if (out > limit) throw textTooBig(path, options, true);
        if (out <= from) continue;
        yield new Uint8Array(chunk.buffer, chunk.byteOffset + Math.max(0, from - start), chunk.length - Math.max(0, from - start));
      }
    } catch (e) {
      if (e instanceof DatasetError) throw e;
      throw new DatasetError(
        `the gzip data does not decompress (${(e as Error).message}). Expected a complete .gz file: it is probably ` +
          'truncated or not gzip at all; download or copy it again, or remove the .gz ending if it is plain.',
        { file: path },
      );
    } finally {
      gunzip.destroy();
      file.destroy();
    }
  };
}

/** The size a gzip file states for its content (its last 4 bytes, modulo 4 GiB): for progress only. */
async function gzipStatedSize(path: string): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(4);
    await fh.read(buf, 0, 4, Math.max(0, size - 4));
    return buf.readUInt32LE(0);
  } finally {
    await fh.close();
  }
}

/** Chunks of a file from a byte offset; each pass gets its own buffer, reused between chunks. */
export function fileSource(path: string): ChunkSource {
  return async function* (from: number) {
    const fh = await open(path, 'r');
    try {
      const buf = new Uint8Array(CHUNK_BYTES);
      let pos = from;
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        yield buf.subarray(0, bytesRead);
      }
    } finally {
      await fh.close();
    }
  };
}

/** The partner of an IDX file: images ↔ labels, idx3 ↔ idx1, with or without .gz. */
export function idxPartnerNames(name: string): { images: boolean; candidates: string[] } {
  const images = /images/i.test(name);
  const base = name.replace(/\.gz$/i, '');
  const swapped = images
    ? base.replace(/images/i, 'labels').replace(/idx\d/i, 'idx1')
    : base.replace(/labels/i, 'images').replace(/idx\d/i, 'idx3');
  return { images, candidates: [swapped, `${swapped}.gz`] };
}

async function loadIdxPair(path: string, options: DatasetOptions): Promise<LoadedDataset> {
  const dir = dirname(path);
  const name = basename(path);
  // The file itself first: a wrong magic number is reported as such, whatever its partner.
  const own = await readWhole(path, (await statRegular(path, false)).size, options);
  parseIdx(own, path);
  const { images, candidates } = idxPartnerNames(name);
  if (candidates[0] === name.replace(/\.gz$/i, '')) {
    throw new DatasetError(
      'this IDX file\'s name says neither "images" nor "labels", so its partner file cannot be found by name. ' +
        'Expected an MNIST-style pair such as train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz in the same folder: rename the two files so.',
      { file: path },
    );
  }
  let partner: string | undefined;
  for (const c of candidates) {
    try {
      await stat(join(dir, c));
      partner = join(dir, c);
      break;
    } catch {
      // try the next spelling
    }
  }
  if (!partner) {
    throw new DatasetError(
      `the ${images ? 'labels' : 'images'} file that goes with this one is not beside it (looked for ${candidates.join(' and ')}). ` +
        'Expected an IDX pair such as train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz in the same folder: put both there.',
      { file: path },
    );
  }
  const other = await readWhole(partner, (await statRegular(partner, false)).size, options);
  const [imgPath, lblPath] = images ? [path, partner] : [partner, path];
  const [img, lbl] = images ? [own, other] : [other, own];
  return parseIdxPair(img, lbl, { images: imgPath, labels: lblPath }, options);
}

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg']);

async function loadImageFolder(folder: string, options: DatasetOptions, progress?: ProgressCallback): Promise<LoadedDataset> {
  const classes = (await readdir(folder, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.'));
  const files: { cls: string; file: string }[] = [];
  for (const c of classes) {
    for (const f of await readdir(join(folder, c.name))) {
      if (IMAGE_EXT.has(extname(f).toLowerCase())) files.push({ cls: c.name, file: f });
    }
  }
  files.sort((a, b) => (a.cls + '/' + a.file < b.cls + '/' + b.file ? -1 : 1));
  const images: DecodedImage[] = [];
  for (let i = 0; i < files.length; i++) {
    const { cls, file } = files[i]!;
    images.push(decodeImage(await readFile(join(folder, cls, file)), cls, file, folder));
    if (i % 64 === 63) {
      progress?.({ phase: 'decode', done: i + 1, total: files.length });
      throwIfCancelled(options.signal);
      await yieldToEventLoop();
    }
  }
  return imagesToDataset(images, folder, options);
}

/** Decodes PNG or JPEG bytes (by signature, not by name) to 8-bit pixels. */
export function decodeImage(bytes: Uint8Array, className: string, name: string, folder: string): DecodedImage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (buf[0] === 0x89 && buf[1] === 0x50) {
      const png = PNG.sync.read(buf);
      return { className, name, width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
    }
    if (buf[0] === 0xff && buf[1] === 0xd8) {
      const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 256 });
      return { className, name, width: img.width, height: img.height, channels: 3, data: img.data };
    }
  } catch (e) {
    throw new DatasetError(
      `the image ${className}/${name} could not be decoded (${(e as Error).message}). Expected a complete PNG or JPEG file: ` +
        'it may be truncated or corrupt; re-export it or remove it from the folder.',
      { file: folder },
    );
  }
  throw new DatasetError(
    `the file ${className}/${name} is not a PNG or JPEG image (its first bytes are not a PNG or JPEG signature). ` +
      'Expected only .png and .jpg images in the class folders: convert or remove it.',
    { file: folder },
  );
}
