/**
 * PNG files of every colour type, bit depth and interlace method, for the decoder tests: pngjs
 * writes only 8- and 16-bit, non-interlaced, unpaletted files, so this small writer makes the
 * rest (node:zlib deflates; each scanline takes the next of the five filters in turn, so every
 * filter is exercised). Decoded by pngjs, these are the reference the engine's decoder must match.
 */
import { crc32, deflateSync } from 'node:zlib';

export interface PngSpec {
  readonly width: number;
  readonly height: number;
  readonly colourType: 0 | 2 | 3 | 4 | 6;
  readonly depth: 1 | 2 | 4 | 8 | 16;
  readonly interlaced: boolean;
  /** Make a tRNS chunk: palette alphas, or the colour of pixel (0, 0) for gray and RGB. */
  readonly transparency?: boolean;
  readonly seed?: number;
}

export const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;
export const DEPTHS = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] } as const;

const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function makePng(spec: PngSpec): Buffer {
  const { width, height, colourType, depth, interlaced } = spec;
  const channels = CHANNELS[colourType];
  let seed = spec.seed ?? 1;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const paletteSize = colourType === 3 ? Math.min(1 << depth, 200) : 0;
  // Few distinct values, so a tRNS colour matches some pixels and neighbours repeat (as in real images).
  const levels = [0, 1, 2 ** depth - 1, (2 ** depth - 1) >> 1, 2 ** depth - 2].filter((v) => v >= 0);
  const pixels: number[][] = [];
  for (let i = 0; i < width * height; i++) {
    pixels.push(Array.from({ length: channels }, () => (colourType === 3 ? random() % paletteSize : random() % 3 ? levels[random() % levels.length]! : random() % 2 ** depth)));
  }
  const bpp = Math.max(1, (channels * depth) >> 3);
  const lines: Buffer[] = [];
  let row = 0;
  for (const [x0, y0, dx, dy] of interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const)) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const lineBytes = Math.ceil((pw * channels * depth) / 8);
    let prev = new Uint8Array(lineBytes);
    for (let py = 0; py < ph; py++) {
      const raw = new Uint8Array(lineBytes);
      for (let px = 0; px < pw; px++) {
        const s = pixels[(y0 + py * dy) * width + x0 + px * dx]!;
        for (let k = 0; k < channels; k++) {
          const i = px * channels + k;
          if (depth === 16) {
            raw[2 * i] = s[k]! >> 8;
            raw[2 * i + 1] = s[k]! & 0xff;
          } else if (depth === 8) raw[i] = s[k]!;
          else raw[(i * depth) >> 3]! |= s[k]! << (8 - depth - ((i * depth) & 7));
        }
      }
      const filter = row++ % 5;
      const out = new Uint8Array(lineBytes + 1);
      out[0] = filter;
      for (let i = 0; i < lineBytes; i++) {
        const a = i >= bpp ? raw[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        const p = a + b - c;
        const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
        const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
        out[i + 1] = (raw[i]! - predictor) & 0xff;
      }
      lines.push(Buffer.from(out));
      prev = raw;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = colourType;
  ihdr[12] = interlaced ? 1 : 0;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (colourType === 3) {
    parts.push(chunk('PLTE', Buffer.from(Array.from({ length: paletteSize * 3 }, () => random() % 256))));
    if (spec.transparency) parts.push(chunk('tRNS', Buffer.from(Array.from({ length: Math.max(1, paletteSize >> 1) }, () => random() % 256))));
  } else if (spec.transparency && (colourType === 0 || colourType === 2)) {
    const t = Buffer.alloc(2 * channels);
    pixels[0]!.forEach((v, k) => t.writeUInt16BE(v, 2 * k));
    parts.push(chunk('tRNS', t));
  }
  // Two IDAT chunks: the decoder must join them.
  const z = deflateSync(Buffer.concat(lines));
  const half = z.length >> 1;
  parts.push(chunk('tEXt', Buffer.from('Comment\0an ancillary chunk to skip')), chunk('IDAT', z.subarray(0, half)), chunk('IDAT', z.subarray(half)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** Every colour type × bit depth × interlace, at a few sizes (1×1 and 3×2 leave Adam7 passes empty), with and without tRNS. */
export function allPngSpecs(): PngSpec[] {
  const specs: PngSpec[] = [];
  let seed = 1;
  for (const colourType of [0, 2, 3, 4, 6] as const) {
    for (const depth of DEPTHS[colourType]) {
      for (const interlaced of [false, true]) {
        for (const [width, height] of [[1, 1], [3, 2], [13, 9], [33, 17]] as const) {
          for (const transparency of colourType === 4 || colourType === 6 ? [false] : [false, true]) {
            specs.push({ width, height, colourType, depth: depth as PngSpec['depth'], interlaced, transparency, seed: seed++ });
          }
        }
      }
    }
  }
  return specs;
}
