import { DatasetError } from '../errors';
import { Dataset } from './dataset';
import { checkClasses } from './encode';
import { checkSize, DatasetOptions } from './options';

/** The IDX format (MNIST): magic 0x00 0x00 <type> <dims>, then dims big-endian uint32 sizes, then data. */
export interface IdxArray {
  readonly dims: readonly number[];
  /** Element type code: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64. */
  readonly type: number;
  /** The values (uint8 data is returned as is, without a copy). */
  readonly data: Uint8Array | Float32Array;
}

const TYPE_SIZE: Record<number, number> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };

/** Whether `bytes` start like an IDX file. */
export function looksLikeIdx(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0 && TYPE_SIZE[bytes[2]!] !== undefined && bytes[3]! >= 1 && bytes[3]! <= 4;
}

/** Parses an IDX file's bytes (already decompressed). */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  // The magic number is 00 00 <type> <dims>: checked whole, so junk is not read as a header of 153 dimensions.
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || TYPE_SIZE[bytes[2]!] === undefined || bytes[3]! < 1 || bytes[3]! > 4) {
    const found = bytes.length >= 4 ? `0x${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase()}` : `only ${bytes.length} bytes`;
    throw new DatasetError(
      `the file does not start with an IDX magic number: expected 0x00000803 (images) or 0x00000801 (labels), found ${found}. ` +
        'Check that it is an MNIST-style IDX file and that a .gz file is named .gz (a compressed file read as plain starts with 0x1F8B).',
      { file: source },
    );
  }
  const type = bytes[2]!;
  const nd = bytes[3]!;
  const headerBytes = 4 + 4 * nd;
  if (bytes.length < headerBytes) {
    throw new DatasetError(
      `the file ends inside its header: ${bytes.length} bytes, but a ${nd}-dimensional IDX header is expected to take ${headerBytes}. ` +
        'The file is truncated: download or copy it again.',
      { file: source },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let k = 0; k < nd; k++) dims.push(view.getUint32(4 + 4 * k, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const size = TYPE_SIZE[type]!;
  const need = headerBytes + count * size;
  if (bytes.length < need) {
    throw new DatasetError(
      `the header says ${dims.join(' × ')} values, so ${need} bytes were expected, but the file has only ${bytes.length} bytes. ` +
        'The file is truncated: download or copy it again (for a .gz file, check that it decompresses fully).',
      { file: source },
    );
  }
  if (type === 0x08) return { dims, type, data: bytes.subarray(headerBytes, need) };
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const o = headerBytes + i * size;
    data[i] =
      type === 0x09 ? view.getInt8(o) : type === 0x0b ? view.getInt16(o) : type === 0x0c ? view.getInt32(o) : type === 0x0d ? view.getFloat32(o) : view.getFloat64(o);
  }
  return { dims, type, data };
}

/** Images file + labels file → a classification Dataset with pixels scaled to 0…1. */
export function idxPairToDataset(
  images: IdxArray,
  labels: IdxArray,
  names: { images: string; labels: string },
  options: DatasetOptions,
): Dataset {
  if (images.dims.length < 2) {
    throw new DatasetError(
      `the images file has ${images.dims.length} dimension(s); expected 3 (count × rows × columns) or 4 (with channels). ` +
        'Check that the images and labels files are not swapped.',
      { file: names.images },
    );
  }
  if (labels.dims.length !== 1) {
    throw new DatasetError(
      `the labels file has ${labels.dims.length} dimensions (${labels.dims.join(' × ')}); expected 1 (one label per image). ` +
        'Check that the images and labels files are not swapped.',
      { file: names.labels },
    );
  }
  const n = images.dims[0]!;
  if (labels.dims[0] !== n) {
    throw new DatasetError(
      `the images file holds ${n} images but the labels file ${labels.dims[0]} labels. Expected one label per image: ` +
        'pair files of the same set (train-images with train-labels, t10k-images with t10k-labels).',
      { file: names.labels },
    );
  }
  const h = images.dims[1]!;
  const w = images.dims[2] ?? 1;
  const c = images.dims[3] ?? 1;
  const f = h * w * c;
  checkSize(n * f, names.images, options, `its ${n} images of ${h}×${w}×${c}`);
  const x = new Float32Array(n * f);
  const src = images.data;
  const scale = images.type === 0x08 ? 1 / 255 : 1;
  for (let i = 0; i < n * f; i++) x[i] = src[i]! * scale;
  const values = [...new Set(Array.from(labels.data))].sort((a, b) => a - b);
  const index = new Map(values.map((v, k) => [v, k]));
  const y = Float32Array.from(labels.data.subarray(0, n), (v) => index.get(v)!);
  const ds: Dataset = {
    source: names.images,
    task: 'classification',
    rows: n,
    features: f,
    x,
    y,
    targets: 1,
    featureNames: Array.from({ length: f }, (_, k) => `p${k}`),
    labelName: 'label',
    classNames: values.map(String),
    imageShape: [h, w, c],
    pixelScale: scale,
    notes: [`images: ${n} of ${h}×${w}×${c} with labels from ${names.labels}`, ...(scale !== 1 ? ['pixel values 0…255 scaled to 0…1'] : [])],
  };
  return checkClasses(ds, options);
}
