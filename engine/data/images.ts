import { DatasetError } from '../errors';
import { Dataset } from './dataset';
import { checkClasses, compareNames } from './encode';
import { checkSize, DatasetOptions } from './options';

/**
 * Image data: recognising pixel tables (label + 784 columns is MNIST as CSV) and assembling
 * decoded images into a Dataset. PNG/JPEG bytes are decoded by ./image-decode.ts (no Node
 * needed); the folder is read where the files are.
 */

/** Parses "28x28", "28x28x1", "32x32x3" into [h, w, c]. */
export function parseImageShape(s: string): [number, number, number] {
  const m = /^\s*(\d+)\s*[x×,]\s*(\d+)\s*(?:[x×,]\s*(\d+))?\s*$/i.exec(s);
  const shape = m ? ([+m[1]!, +m[2]!, m[3] ? +m[3] : 1] as [number, number, number]) : null;
  if (!shape || shape.some((v) => v < 1) || (shape[2] !== 1 && shape[2] !== 3 && shape[2] !== 4)) {
    throw new DatasetError(
      `the image shape "${s}" is not of the form HxW or HxWxC (C = 1 for grayscale, 3 for RGB). ` +
        'Expected something like 28x28 or 32x32x3.',
    );
  }
  return shape;
}

/** The shape a pixel row of `n` values most likely has, or undefined. */
export function inferImageShape(n: number): [number, number, number] | undefined {
  if (n === 784) return [28, 28, 1];
  if (n === 3072) return [32, 32, 3];
  const s = Math.round(Math.sqrt(n));
  if (s * s === n && s >= 8) return [s, s, 1];
  const s3 = Math.round(Math.sqrt(n / 3));
  if (3 * s3 * s3 === n && s3 >= 8) return [s3, s3, 3];
  return undefined;
}

/**
 * Marks a numeric table as images when its features are pixels: a stated shape, or a count that
 * is a known image size with values in 0…255. Pixel values 0…255 are scaled to 0…1.
 */
export function recognisePixels<T extends Dataset>(ds: T, options: DatasetOptions, allNumeric: boolean): T {
  const stated = options.imageShape;
  if (!stated && (!allNumeric || ds.features < 64)) return ds;
  let max = -Infinity;
  let min = Infinity;
  let whole = true;
  for (let i = 0; i < ds.x.length; i++) {
    const v = ds.x[i]!;
    if (v > max) max = v;
    if (v < min) min = v;
    if (whole && v !== Math.round(v)) whole = false;
  }
  const inferred = stated ?? (min >= 0 && max <= 255 ? inferImageShape(ds.features) : undefined);
  if (!inferred) return ds;
  const [h, w, c] = inferred;
  if (h * w * c !== ds.features) {
    throw new DatasetError(
      `the image shape ${h}x${w}x${c} needs ${h * w * c} values per row, but the table has ${ds.features} feature ` +
        `columns. Expected the product of the shape to equal the number of pixel columns: fix the image shape ` +
        `option${inferImageShape(ds.features) ? ` (${inferImageShape(ds.features)!.join('x')} fits)` : ''}.`,
      { file: ds.source },
    );
  }
  const notes = [...(ds.notes ?? []), `images: ${h}×${w}×${c} pixels per row (${stated ? 'as stated' : 'inferred from the column count'})`];
  let x = ds.x;
  let pixelScale = 1;
  if (max > 1 && max <= 255 && min >= 0 && whole) {
    for (let i = 0; i < x.length; i++) x[i]! /= 255;
    notes.push('pixel values 0…255 scaled to 0…1');
    pixelScale = 1 / 255;
  } else x = ds.x;
  return { ...ds, x, imageShape: [h, w, c] as const, pixelScale, notes };
}

/** One decoded image: 8-bit pixels, row-major, channels last. */
export interface DecodedImage {
  readonly className: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Uint8Array;
}

/**
 * Builds a classification Dataset from decoded images of one size (or resizes them to
 * `options.imageShape`). Classes are the folder names, sorted.
 */
export function imagesToDataset(images: readonly DecodedImage[], source: string, options: DatasetOptions): Dataset {
  if (images.length === 0) {
    throw new DatasetError(
      'the folder holds no .png or .jpg images in class sub-folders. Expected <folder>/<class>/<image>.png ' +
        '(one sub-folder per class). Check the folder layout.',
      { file: source },
    );
  }
  const first = images[0]!;
  const stated = options.imageShape;
  const [h, w] = stated ? [stated[0], stated[1]] : [first.height, first.width];
  // Grayscale unless any image has colour (or a shape says otherwise).
  const c = stated ? stated[2] : images.some((im) => im.channels >= 3 && !isGray(im)) ? 3 : 1;
  if (!stated) {
    const odd = images.find((im) => im.width !== w || im.height !== h);
    if (odd) {
      throw new DatasetError(
        `images differ in size: ${first.className}/${first.name} is ${first.width}×${first.height} but ` +
          `${odd.className}/${odd.name} is ${odd.width}×${odd.height}. Expected every image to have the same size: ` +
          'resize them, or state a size with the image shape option (e.g. --image-shape 28x28) to resize on load.',
        { file: source },
      );
    }
  }
  const f = h * w * c;
  checkSize(images.length * f, source, options, `its ${images.length} images of ${h}×${w}×${c}`);
  const classNames = [...new Set(images.map((im) => im.className))].sort(compareNames);
  const cls = new Map(classNames.map((n, k) => [n, k]));
  const x = new Float32Array(images.length * f);
  const y = new Float32Array(images.length);
  images.forEach((im, i) => {
    y[i] = cls.get(im.className)!;
    writePixels(im, h, w, c, x, i * f);
  });
  const ds: Dataset = {
    source,
    task: 'classification',
    rows: images.length,
    features: f,
    x,
    y,
    targets: 1,
    featureNames: Array.from({ length: f }, (_, k) => `p${k}`),
    labelName: 'class',
    classNames,
    imageShape: [h, w, c],
    pixelScale: 1 / 255,
    notes: [
      `images: ${images.length} in ${classNames.length} classes (folder names), ${h}×${w}×${c}` +
        (stated && images.some((im) => im.width !== w || im.height !== h) ? ', resized' : ''),
      'pixel values 0…255 scaled to 0…1',
    ],
  };
  return checkClasses(ds, options);
}

function isGray(im: DecodedImage): boolean {
  const d = im.data;
  for (let i = 0; i < d.length; i += im.channels) if (d[i] !== d[i + 1] || d[i] !== d[i + 2]) return false;
  return true;
}

/** Writes an image into `out` at `h`×`w`×`c`, resizing by nearest neighbour and mixing channels. */
function writePixels(im: DecodedImage, h: number, w: number, c: number, out: Float32Array, at: number): void {
  const ic = im.channels;
  for (let yy = 0; yy < h; yy++) {
    const sy = Math.min(im.height - 1, Math.floor(((yy + 0.5) * im.height) / h));
    for (let xx = 0; xx < w; xx++) {
      const sx = Math.min(im.width - 1, Math.floor(((xx + 0.5) * im.width) / w));
      const s = (sy * im.width + sx) * ic;
      const o = at + (yy * w + xx) * c;
      if (c === 1) {
        out[o] = (ic >= 3 ? 0.299 * im.data[s]! + 0.587 * im.data[s + 1]! + 0.114 * im.data[s + 2]! : im.data[s]!) / 255;
      } else {
        for (let k = 0; k < c; k++) out[o + k] = im.data[s + (ic >= 3 ? Math.min(k, ic - 1) : 0)]! / 255;
      }
    }
  }
}
