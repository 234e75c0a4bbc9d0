import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { DatasetError } from '../errors';
import { LoadedDataset } from '../data/encode';
import { DecodedImage, imagesToDataset } from '../data/images';
import { CHUNK_BYTES, ChunkSource, formatOf, parseDataset, parseDelimited, parseIdxPair } from '../data/load';
import { DatasetOptions, ProgressCallback, throwIfCancelled, yieldToEventLoop } from '../data/options';

/**
 * The Node edge of dataset reading: files and folders on disk. Files are only ever opened for
 * reading. Delimited text is streamed in chunks (two passes: count, then parse); .gz files are
 * decompressed in memory; IDX files are paired with their partner; folders are image classes.
 */
export async function loadDatasetFile(path: string, options: DatasetOptions = {}, progress?: ProgressCallback): Promise<LoadedDataset> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new DatasetError('the file does not exist or cannot be read; expected a readable file or folder. Check the path (and that the workspace folder is open).', { file: path });
  }
  if (info.isDirectory()) return loadImageFolder(path, options, progress);
  const format = formatOf(path);
  if (format === 'idx') return loadIdxPair(path, options);
  if (path.toLowerCase().endsWith('.gz')) {
    const bytes = gunzip(await readFile(path), path);
    return parseDataset(bytes, path, options, progress);
  }
  if (format === 'json') return parseDataset(await readFile(path), path, options, progress);
  return parseDelimited(path, info.size, fileSource(path), options, progress);
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

function gunzip(bytes: Uint8Array, path: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new DatasetError(
      `the gzip data does not decompress (${(e as Error).message}). Expected a complete .gz file: it is probably ` +
        'truncated or not gzip at all; download or copy it again, or remove the .gz ending if it is plain.',
      { file: path },
    );
  }
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
  const { images, candidates } = idxPartnerNames(name);
  let partner: string | undefined;
  for (const c of candidates) {
    if (c === name) continue;
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
  const read = async (p: string) => (p.toLowerCase().endsWith('.gz') ? gunzip(await readFile(p), p) : new Uint8Array(await readFile(p)));
  const [imgPath, lblPath] = images ? [path, partner] : [partner, path];
  return parseIdxPair(await read(imgPath), await read(lblPath), { images: imgPath, labels: lblPath }, options);
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
