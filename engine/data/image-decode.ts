/**
 * PNG and JPEG bytes to pixels (interim: replaced by the web-decode work, which needs no Node).
 * The decoders load on first use, so a browser bundle that marks them external still starts.
 */
import { DatasetError } from '../errors';
import type { DecodedImage } from './images';

/** Decodes PNG or JPEG bytes (by signature, not by name) to 8-bit pixels. */
export async function decodeImage(bytes: Uint8Array, className: string, name: string, folder: string): Promise<DecodedImage> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { PNG } = await import('pngjs');
  const jpeg = (await import('jpeg-js')).default;
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
