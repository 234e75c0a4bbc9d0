import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { decodeImage } from '../../engine/data/image-decode';
import { DatasetError } from '../../engine/errors';
import { allPngSpecs, makePng } from './png-fixtures';

/**
 * engine/data/image-decode.ts against the decoders it replaces at the Node edge: PNG pixel for
 * pixel equal to pngjs's decode, JPEG equal to jpeg-js's decode as load-file called it, and the
 * same error texts. (The same module in a browser Web Worker: decode-browser.test.ts.)
 */

const ROOT = join(import.meta.dirname, '..', '..');

test('PNG: every colour type, bit depth, interlace method and tRNS decodes exactly as pngjs does', () => {
  const specs = allPngSpecs();
  assert.equal(specs.length, 208);
  let transparentPixels = 0;
  for (const spec of specs) {
    const file = makePng(spec);
    const want = PNG.sync.read(file);
    const got = decodeImage(file, 'c', 'x.png', 'folder');
    const label = JSON.stringify(spec);
    assert.equal(got.width, want.width, label);
    assert.equal(got.height, want.height, label);
    assert.equal(got.channels, 4, label);
    assert.deepEqual(Buffer.from(got.data), Buffer.from(want.data), label);
    for (let i = 3; i < want.data.length; i += 4) if (want.data[i] === 0) transparentPixels++;
  }
  assert.ok(transparentPixels > 100, `tRNS made ${transparentPixels} pixels transparent`);
});

test('PNG: a real file (the README screenshot) and pngjs-written 8/16-bit files decode as pngjs does', () => {
  const shot = readFileSync(join(ROOT, 'docs', 'screenshot.png'));
  const got = decodeImage(shot, 'c', 'screenshot.png', 'docs');
  assert.deepEqual([got.width, got.height], [1440, 900]);
  assert.ok(Buffer.from(got.data).equals(PNG.sync.read(shot).data));
  for (const [colorType, bitDepth] of [[0, 8], [2, 16], [4, 8], [6, 16]] as const) {
    const p = new PNG({ width: 21, height: 11, colorType, bitDepth, inputHasAlpha: true });
    for (let i = 0; i < p.data.length; i++) p.data[i] = (i * 37) % 256;
    const file = PNG.sync.write(p, { colorType, bitDepth, inputHasAlpha: true });
    assert.ok(Buffer.from(decodeImage(file, 'c', 'p.png', 'f').data).equals(PNG.sync.read(file).data), `pngjs colour type ${colorType}, ${bitDepth} bits`);
  }
});

test('JPEG: decodes as jpeg-js did at the Node edge (RGB, 3 channels)', () => {
  for (const [w, h, quality] of [[8, 8, 95], [31, 17, 50], [64, 48, 10]] as const) {
    const rgba = Buffer.alloc(w * h * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = i % 4 === 3 ? 255 : (i * 13 + (i >> 7)) % 256;
    const file = jpeg.encode({ data: rgba, width: w, height: h }, quality).data;
    const want = jpeg.decode(file, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 256 });
    const got = decodeImage(new Uint8Array(file), 'dog', 'a.jpg', 'f');
    assert.deepEqual([got.width, got.height, got.channels], [w, h, 3]);
    assert.deepEqual(got.data, want.data);
  }
});

test('images: broken or foreign files are refused with the texts load-file gave', () => {
  const good = makePng({ width: 4, height: 4, colourType: 2, depth: 8, interlaced: false });
  const refuse = (bytes: Uint8Array, name: string): string => {
    try {
      decodeImage(bytes, 'a', name, '/data/imgs');
    } catch (e) {
      assert.ok(e instanceof DatasetError);
      return e.message;
    }
    assert.fail(`${name} was accepted`);
  };
  assert.match(refuse(good.subarray(0, 40), '1.png'), /^\/data\/imgs: the image a\/1\.png could not be decoded \(.*truncated.*\)\. Expected a complete PNG or JPEG file: it may be truncated or corrupt; re-export it or remove it from the folder\.$/);
  const flipped = Buffer.from(good);
  flipped[flipped.indexOf('IDAT') + 6]! ^= 0xff;
  assert.match(refuse(flipped, '2.png'), /a\/2\.png could not be decoded \(the IDAT chunk fails its CRC check \(corrupt\)\)/);
  assert.match(refuse(new TextEncoder().encode('hello'), '3.jpg'), /^\/data\/imgs: the file a\/3\.jpg is not a PNG or JPEG image \(its first bytes are not a PNG or JPEG signature\)\. Expected only \.png and \.jpg images in the class folders: convert or remove it\.$/);
  assert.match(refuse(new Uint8Array([0x89, 0x50, 0, 0, 0, 0, 0, 0, 0]), '4.png'), /a\/4\.png could not be decoded \(not a PNG signature\)/);
  assert.match(refuse(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), '5.jpg'), /a\/5\.jpg could not be decoded/);
  // pngjs refuses the same files.
  assert.throws(() => PNG.sync.read(Buffer.from(good.subarray(0, 40))));
  assert.throws(() => PNG.sync.read(flipped));
});
