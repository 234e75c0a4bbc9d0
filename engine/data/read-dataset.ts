/**
 * Reads a dataset wherever its files are (engine/data/files.ts): delimited text streamed in
 * chunks, .gz files decompressed as a stream on each pass (with an output limit), IDX files
 * paired with their partner, folders read as image classes. Files are only ever read. Anything
 * but a regular file or a folder (a FIFO, a device, a socket) is refused before it is opened,
 * since reading one may never end.
 */
import { DatasetError } from '../errors';
import { LoadedDataset } from './encode';
import type { DataFiles, FileInfo } from './files';
import { gunzipSource, gzipStatedSize } from './gunzip';
import { maxTextBytes, textTooBig } from './text-limit';
import { decodeImage } from './image-decode';
import { DecodedImage, imagesToDataset } from './images';
import { formatOf, parseDataset, parseDelimited, parseIdxPair } from './load';
import { looksLikeIdx, parseIdx } from './idx';
import { SNIFF_BYTES } from './sniff';
import { DatasetOptions, ProgressCallback, throwIfCancelled, yieldToEventLoop } from './options';
import { concatBytes } from './bytes';

export async function readDataset(files: DataFiles, location: string, options: DatasetOptions = {}, progress?: ProgressCallback): Promise<LoadedDataset> {
  const info = await statRegular(files, location, true);
  if (info.kind === 'folder') return readImageFolder(files, location, options, progress);
  const format = formatOf(location);
  if (format === 'idx') return readIdxPair(files, location, options);
  const gz = location.toLowerCase().endsWith('.gz');
  if (format === 'json') return parseDataset(await readWhole(files, location, info.size, options), location, options, progress);
  if (!gz) return parseDelimited(location, info.size, files.chunks(location), options, progress);
  const source = gunzipSource(files.chunks(location), location, options);
  // The decompressed size is known only at the end: a first look tells small files exactly.
  const parts: Uint8Array[] = [];
  let sniffed = 0;
  for await (const c of source(0)) {
    parts.push(c.slice(0, SNIFF_BYTES + 1 - sniffed));
    sniffed += c.length;
    if (sniffed > SNIFF_BYTES) break;
  }
  const head = concatBytes(parts);
  if (looksLikeIdx(head)) return parseDataset(head, location, options, progress); // refused with the IDX advice
  const size = sniffed <= SNIFF_BYTES ? sniffed : Math.max(SNIFF_BYTES + 1, await statedSize(files, location, info.size));
  return parseDelimited(location, size, source, options, progress);
}

/** A regular file (or, when `folderOk`, a folder); anything else is refused at once, without opening it. */
export async function statRegular(files: DataFiles, location: string, folderOk: boolean): Promise<FileInfo> {
  let info: FileInfo | undefined;
  try {
    info = await files.stat(location);
  } catch (e) {
    throw new DatasetError(`the file cannot be read (${(e as Error).message}). Check that the workspace is open and try again.`, { file: location });
  }
  if (!info) {
    throw new DatasetError('the file does not exist or cannot be read; expected a readable file or folder. Check the path (and that the workspace folder is open).', { file: location });
  }
  if (info.kind === 'file' || (folderOk && info.kind === 'folder')) return info;
  const what = { folder: 'a folder', fifo: 'a FIFO (named pipe)', socket: 'a socket', device: 'a device', file: 'a file', other: 'not a regular file' }[info.kind];
  throw new DatasetError(
    `this is ${what}, not a data file; reading it might never end. Expected a regular file${folderOk ? ' (or a folder of class folders of images)' : ''}: give the path of the data file itself.`,
    { file: location },
  );
}

/** A whole file in memory (JSON, IDX): decompressed if .gz, never more than `maxTextBytes`. */
export async function readWhole(files: DataFiles, location: string, size: number, options: DatasetOptions): Promise<Uint8Array> {
  if (!location.toLowerCase().endsWith('.gz')) {
    if (size > maxTextBytes(options)) throw textTooBig(location, options, false);
    return files.read(location);
  }
  const parts: Uint8Array[] = [];
  for await (const c of gunzipSource(files.chunks(location), location, options)(0)) parts.push(c.slice());
  return concatBytes(parts);
}

/** The size a gzip file states for its content (for progress only): its last 4 bytes. */
async function statedSize(files: DataFiles, location: string, size: number): Promise<number> {
  const tail: Uint8Array[] = [];
  for await (const c of files.chunks(location)(Math.max(0, size - 4))) tail.push(c.slice());
  return gzipStatedSize(concatBytes(tail).subarray(0, 4));
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

async function readIdxPair(files: DataFiles, location: string, options: DatasetOptions): Promise<LoadedDataset> {
  const dir = files.dirname(location);
  const name = files.basename(location);
  // The file itself first: a wrong magic number is reported as such, whatever its partner.
  const own = await readWhole(files, location, (await statRegular(files, location, false)).size, options);
  parseIdx(own, location);
  const { images, candidates } = idxPartnerNames(name);
  if (candidates[0] === name.replace(/\.gz$/i, '')) {
    throw new DatasetError(
      'this IDX file\'s name says neither "images" nor "labels", so its partner file cannot be found by name. ' +
        'Expected an MNIST-style pair such as train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz in the same folder: rename the two files so.',
      { file: location },
    );
  }
  let partner: string | undefined;
  let partnerInfo: FileInfo | undefined;
  for (const c of candidates) {
    partnerInfo = await files.stat(files.join(dir, c)).catch(() => undefined);
    if (partnerInfo) {
      partner = files.join(dir, c);
      break;
    }
  }
  if (!partner) {
    throw new DatasetError(
      `the ${images ? 'labels' : 'images'} file that goes with this one is not beside it (looked for ${candidates.join(' and ')}). ` +
        'Expected an IDX pair such as train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz in the same folder: put both there.',
      { file: location },
    );
  }
  const other = await readWhole(files, partner, (await statRegular(files, partner, false)).size, options);
  const [imgPath, lblPath] = images ? [location, partner] : [partner, location];
  const [img, lbl] = images ? [own, other] : [other, own];
  return parseIdxPair(img, lbl, { images: imgPath, labels: lblPath }, options);
}

const IMAGE_EXT = /\.(png|jpe?g)$/i;

async function readImageFolder(files: DataFiles, folder: string, options: DatasetOptions, progress?: ProgressCallback): Promise<LoadedDataset> {
  const classes = (await files.list(folder)).filter((d) => d.kind === 'folder' && !d.name.startsWith('.'));
  const found: { cls: string; file: string }[] = [];
  for (const c of classes) {
    for (const f of await files.list(files.join(folder, c.name))) {
      if (IMAGE_EXT.test(f.name)) found.push({ cls: c.name, file: f.name });
    }
  }
  found.sort((a, b) => (a.cls + '/' + a.file < b.cls + '/' + b.file ? -1 : 1));
  const images: DecodedImage[] = [];
  for (let i = 0; i < found.length; i++) {
    const { cls, file } = found[i]!;
    images.push(decodeImage(await files.read(files.join(files.join(folder, cls), file)), cls, file, folder));
    if (i % 64 === 63) {
      progress?.({ phase: 'decode', done: i + 1, total: found.length });
      throwIfCancelled(options.signal);
      await yieldToEventLoop();
    }
  }
  return imagesToDataset(images, folder, options);
}
