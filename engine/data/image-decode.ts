// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the types of jpeg-js's decoder file, for every project that compiles this one (extension, CLI, tests)
/// <reference path="./jpeg-decoder.d.ts" />
import decodeJpeg from 'jpeg-js/lib/decoder.js';
import { DatasetError } from '../errors';
import type { DecodedImage } from './images';
import { decodePng } from './png';

/**
 * Decodes an image file's bytes (PNG or JPEG, told by signature, not by name) to 8-bit pixels,
 * in Node and in a browser Web Worker alike: PNG by our decoder (./png.ts, on fflate's inflate),
 * JPEG by jpeg-js, whose decoder touches no Buffer when asked for typed arrays (`useTArray`).
 * PNG gives RGBA (4 channels), JPEG RGB (3), as pngjs and jpeg-js did.
 */
export function decodeImage(bytes: Uint8Array, className: string, name: string, folder: string): DecodedImage {
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if (!jpeg && !(bytes[0] === 0x89 && bytes[1] === 0x50)) {
    throw new DatasetError(
      `the file ${className}/${name} is not a PNG or JPEG image (its first bytes are not a PNG or JPEG signature). ` +
        'Expected only .png and .jpg images in the class folders: convert or remove it.',
      { file: folder },
    );
  }
  try {
    if (jpeg) {
      const img = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 256 });
      return { className, name, width: img.width, height: img.height, channels: 3, data: img.data };
    }
    const png = decodePng(bytes);
    return { className, name, width: png.width, height: png.height, channels: 4, data: png.data };
  } catch (e) {
    throw new DatasetError(
      `the image ${className}/${name} could not be decoded (${(e as Error).message}). Expected a complete PNG or JPEG file: ` +
        'it may be truncated or corrupt; re-export it or remove it from the folder.',
      { file: folder },
    );
  }
}
