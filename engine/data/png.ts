import { unzlibSync } from 'fflate';
import { crc32 } from './crc32';
import { concatBytes } from './bytes';

/**
 * A PNG decoder that runs wherever the engine does (Node, a browser Web Worker): pngjs needs
 * node:zlib and Buffer, and the one maintained pure-JS library (fast-png 8) mis-decodes
 * interlaced images of 1, 2 and 4 bits per sample. Every colour type and bit depth of the
 * standard, tRNS transparency and Adam7 interlacing; chunk CRCs are checked; the image data is
 * inflated by fflate's `unzlibSync` (a few µs for a small image, where a stream costs more).
 * Speed: 1.2–1.8× pngjs's time (its inflate is native), `npx tsx test/bench/png-decode.bench.ts`.
 * The output is what pngjs gives, pixel for pixel: 8-bit RGBA, samples of other depths scaled by
 * round(v × 255 / (2^depth − 1)), a tRNS colour made (0, 0, 0, 0); no gamma is applied.
 */

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** 8-bit RGBA, row-major. */
  readonly data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Samples per pixel of each colour type (0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA) and its allowed bit depths. */
const COLOUR_TYPES: Record<number, { channels: number; depths: readonly number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

/** Adam7's seven passes: first column and row, column and row steps. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Whether `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

interface Header {
  width: number;
  height: number;
  depth: number;
  colourType: number;
  channels: number;
  interlaced: boolean;
}

/** Decodes a PNG file to 8-bit RGBA; throws an Error that says what is wrong with it. */
export function decodePng(bytes: Uint8Array): RgbaImage {
  if (!isPng(bytes)) throw new Error('not a PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: Header | undefined;
  let palette: Uint8Array | undefined; // RGBA per entry
  let transparent: number[] | undefined; // the tRNS colour of a gray or RGB image, in raw samples
  const idat: Uint8Array[] = [];
  let pos = 8;
  for (;;) {
    if (pos + 12 > bytes.length) throw new Error('the file ends before the IEND chunk (truncated)');
    const length = view.getUint32(pos);
    const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!);
    const end = pos + 8 + length;
    if (end + 4 > bytes.length) throw new Error(`the file ends inside its ${type} chunk (truncated)`);
    const data = bytes.subarray(pos + 8, end);
    if (crc32(data, crc32(bytes.subarray(pos + 4, pos + 8))) !== view.getUint32(end)) throw new Error(`the ${type} chunk fails its CRC check (corrupt)`);
    pos = end + 4;
    if (type === 'IHDR') header = readHeader(data);
    else if (!header) throw new Error(`the first chunk is ${type}, not IHDR`);
    else if (type === 'PLTE') palette = readPalette(data);
    else if (type === 'tRNS') {
      if (header.colourType === 3) {
        if (!palette || data.length > palette.length / 4) throw new Error('the tRNS chunk has more entries than the palette');
        data.forEach((a, i) => (palette![i * 4 + 3] = a));
      } else if (header.colourType === 0 || header.colourType === 2) {
        if (data.length < 2 * header.channels) throw new Error('the tRNS chunk is too short');
        transparent = Array.from({ length: header.channels }, (_, k) => (data[2 * k]! << 8) | data[2 * k + 1]!);
      }
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    else if ((type.charCodeAt(0) & 0x20) === 0) throw new Error(`unsupported critical chunk ${type}`);
  }
  if (!header) throw new Error('no IHDR chunk');
  if (header.colourType === 3 && !palette) throw new Error('a palette image without a PLTE chunk');
  let raw: Uint8Array;
  try {
    raw = unzlibSync(concatBytes(idat));
  } catch (e) {
    throw new Error(`the image data does not inflate: ${(e as Error).message}`);
  }
  return { width: header.width, height: header.height, data: toRgba(raw, header, palette, transparent) };
}

function readHeader(d: Uint8Array): Header {
  if (d.length !== 13) throw new Error('the IHDR chunk is not 13 bytes');
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const [width, height, depth, colourType] = [v.getUint32(0), v.getUint32(4), d[8]!, d[9]!];
  const kind = COLOUR_TYPES[colourType];
  if (!kind) throw new Error(`unknown colour type ${colourType}`);
  if (!kind.depths.includes(depth)) throw new Error(`bit depth ${depth} is not allowed for colour type ${colourType}`);
  if (d[10] !== 0 || d[11] !== 0) throw new Error('unknown compression or filter method');
  if (d[12] !== 0 && d[12] !== 1) throw new Error(`unknown interlace method ${d[12]}`);
  if (width === 0 || height === 0) throw new Error(`the image is ${width}×${height} pixels`);
  // Beyond 2^28 pixels the RGBA output alone would not fit an array: refused before allocating.
  if (width * height > 2 ** 28) throw new Error(`the image is ${width}×${height} pixels, more than can be held`);
  return { width, height, depth, colourType, channels: kind.channels, interlaced: d[12] === 1 };
}

function readPalette(d: Uint8Array): Uint8Array {
  if (d.length % 3 !== 0 || d.length === 0 || d.length > 768) throw new Error('the PLTE chunk is not 1 to 256 RGB entries');
  const p = new Uint8Array((d.length / 3) * 4);
  for (let i = 0; i < d.length / 3; i++) {
    p.set(d.subarray(i * 3, i * 3 + 3), i * 4);
    p[i * 4 + 3] = 255;
  }
  return p;
}

/** Unfilters the scanlines of each pass and writes every pixel as 8-bit RGBA. */
function toRgba(raw: Uint8Array, h: Header, palette: Uint8Array | undefined, transparent: number[] | undefined): Uint8Array {
  const { width, height, depth, channels } = h;
  const out = new Uint8Array(width * height * 4);
  const bpp = Math.max(1, (channels * depth) >> 3); // bytes per pixel for the filters, at least 1
  let at = 0;
  for (const [x0, y0, dx, dy] of h.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const)) {
    const passWidth = Math.ceil((width - x0) / dx);
    const passHeight = Math.ceil((height - y0) / dy);
    if (passWidth <= 0 || passHeight <= 0) continue;
    const lineBytes = Math.ceil((passWidth * channels * depth) / 8);
    let prev = new Uint8Array(lineBytes);
    let line = new Uint8Array(lineBytes);
    for (let py = 0; py < passHeight; py++) {
      if (at + 1 + lineBytes > raw.length) throw new Error('the image data ends early (ran out of data)');
      unfilter(raw[at]!, raw.subarray(at + 1, at + 1 + lineBytes), line, prev, bpp);
      at += 1 + lineBytes;
      const o = ((y0 + py * dy) * width + x0) * 4;
      if (depth === 8 && !transparent) writeLine8(line, passWidth, out, o, dx * 4, h.colourType, palette);
      else writeLine(line, passWidth, out, o, dx * 4, h, palette, transparent);
      [prev, line] = [line, prev];
    }
  }
  return out;
}

/** The common case, 8 bits and no tRNS colour: bytes copied to RGBA. */
function writeLine8(line: Uint8Array, n: number, out: Uint8Array, o: number, step: number, colourType: number, palette: Uint8Array | undefined): void {
  for (let x = 0; x < n; x++, o += step) {
    switch (colourType) {
      case 0:
        out[o] = out[o + 1] = out[o + 2] = line[x]!;
        out[o + 3] = 255;
        break;
      case 2:
        out[o] = line[3 * x]!;
        out[o + 1] = line[3 * x + 1]!;
        out[o + 2] = line[3 * x + 2]!;
        out[o + 3] = 255;
        break;
      case 3:
        writePaletteEntry(out, o, line[x]!, palette!);
        break;
      case 4:
        out[o] = out[o + 1] = out[o + 2] = line[2 * x]!;
        out[o + 3] = line[2 * x + 1]!;
        break;
      default:
        out[o] = line[4 * x]!;
        out[o + 1] = line[4 * x + 1]!;
        out[o + 2] = line[4 * x + 2]!;
        out[o + 3] = line[4 * x + 3]!;
    }
  }
}

function writePaletteEntry(out: Uint8Array, o: number, index: number, palette: Uint8Array): void {
  const p = index * 4;
  if (p >= palette.length) throw new Error(`palette index ${index} is past the palette's ${palette.length / 4} entries`);
  out[o] = palette[p]!;
  out[o + 1] = palette[p + 1]!;
  out[o + 2] = palette[p + 2]!;
  out[o + 3] = palette[p + 3]!;
}

/** Any depth, with or without a tRNS colour: samples read at their depth, compared, then scaled to 8 bits. */
function writeLine(
  line: Uint8Array,
  n: number,
  out: Uint8Array,
  o: number,
  step: number,
  h: Header,
  palette: Uint8Array | undefined,
  transparent: number[] | undefined,
): void {
  const { depth, channels, colourType } = h;
  const max = 2 ** depth - 1;
  const s = new Int32Array(4);
  const gray = colourType === 0 || colourType === 4;
  for (let x = 0; x < n; x++, o += step) {
    for (let k = 0; k < channels; k++) s[k] = readSample(line, x * channels + k, depth);
    if (colourType === 3) {
      writePaletteEntry(out, o, s[0]!, palette!);
      continue;
    }
    if (transparent) {
      let k = 0;
      while (k < channels && transparent[k] === s[k]) k++;
      if (k === channels) continue; // stays (0, 0, 0, 0), as pngjs makes it
    }
    if (depth !== 8) for (let k = 0; k < channels; k++) s[k] = Math.floor((s[k]! * 255) / max + 0.5);
    out[o] = s[0]!;
    out[o + 1] = s[gray ? 0 : 1]!;
    out[o + 2] = s[gray ? 0 : 2]!;
    out[o + 3] = colourType === 4 ? s[1]! : colourType === 6 ? s[3]! : 255;
  }
}

/** The `i`th sample of a scanline at `depth` bits (big-endian, most significant bits first). */
function readSample(line: Uint8Array, i: number, depth: number): number {
  if (depth === 8) return line[i]!;
  if (depth === 16) return (line[2 * i]! << 8) | line[2 * i + 1]!;
  const bit = i * depth;
  return (line[bit >> 3]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
}

/** Reverses a scanline's filter (0 none, 1 sub, 2 up, 3 average, 4 Paeth) into `line`, given the previous line. */
function unfilter(filter: number, src: Uint8Array, line: Uint8Array, prev: Uint8Array, bpp: number): void {
  const n = src.length;
  switch (filter) {
    case 0:
      line.set(src);
      return;
    case 1:
      for (let i = 0; i < n; i++) line[i] = src[i]! + (i >= bpp ? line[i - bpp]! : 0);
      return;
    case 2:
      for (let i = 0; i < n; i++) line[i] = src[i]! + prev[i]!;
      return;
    case 3:
      for (let i = 0; i < n; i++) line[i] = src[i]! + (((i >= bpp ? line[i - bpp]! : 0) + prev[i]!) >> 1);
      return;
    case 4:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? line[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        line[i] = src[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      return;
    default:
      throw new Error(`unknown scanline filter type ${filter}`);
  }
}
