import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { parseDataset, parseIdxPair } from '../../engine/data/load';
import { parseIdx } from '../../engine/data/idx';
import { describe } from '../../engine/data/describe';
import { loadDatasetFile } from '../../engine/node/load-file';

const ROOT = join(import.meta.dirname, '..', '..');
const enc = (s: string) => new TextEncoder().encode(s);

test('JSON: array of objects, array of arrays (with header row), x/y object, JSON Lines', async () => {
  const objs = await parseDataset(enc('[{"a": 1, "c": "red", "label": "x"}, {"a": 2, "c": null, "label": "y"}, {"a": "3", "c": "blue", "label": "x"}]'), 'o.json', { missing: 'mode' });
  assert.equal(objs.rows, 3);
  assert.deepEqual(objs.featureNames, ['a', 'c=blue', 'c=red']);
  const arrs = await parseDataset(enc('[["a", "b", "label"], [1, 2, "x"], [3, 4, "y"]]'), 'a.json');
  assert.deepEqual(Array.from(arrs.x), [1, 2, 3, 4]);
  const xy = await parseDataset(enc('{"x": [[0, 1], [1, 0], [1, 1]], "y": [1, 1, 0]}'), 'xy.json');
  assert.equal(xy.task, 'classification');
  assert.deepEqual(Array.from(xy.y), [1, 1, 0]);
  const lines = await parseDataset(enc('{"a": 1, "label": "x"}\n{"a": 2, "label": "y"}\n\n{"a": 3, "label": "x"}\n'), 'l.jsonl');
  assert.equal(lines.rows, 3);
  const bools = await parseDataset(enc('[{"a": 1, "ok": true, "label": 0}, {"a": 2, "ok": false, "label": 1}]'), 'b.json');
  assert.deepEqual(Array.from(bools.x), [1, 1, 2, 0]);
});

function idx(type: number, dims: number[], data: ArrayLike<number>): Uint8Array {
  const size = type === 0x08 ? 1 : 4;
  const out = new Uint8Array(4 + 4 * dims.length + data.length * size);
  const v = new DataView(out.buffer);
  out[2] = type;
  out[3] = dims.length;
  dims.forEach((d, k) => v.setUint32(4 + 4 * k, d));
  for (let i = 0; i < data.length; i++) {
    const o = 4 + 4 * dims.length + i * size;
    if (type === 0x08) out[o] = data[i]!;
    else v.setFloat32(o, data[i]!);
  }
  return out;
}

test('IDX: uint8 images + labels, float32 arrays', () => {
  const ds = parseIdxPair(idx(8, [3, 2, 2], [0, 255, 0, 255, 1, 2, 3, 4, 9, 9, 9, 9]), idx(8, [3], [5, 3, 5]), { images: 'i', labels: 'l' });
  assert.deepEqual(ds.imageShape, [2, 2, 1]);
  assert.deepEqual(ds.classNames, ['3', '5']);
  assert.deepEqual(Array.from(ds.y), [1, 0, 1]);
  assert.equal(ds.x[1], 1);
  const f = parseIdx(idx(0x0d, [2], [1.5, -2]), 'f');
  assert.deepEqual(Array.from(f.data), [1.5, -2]);
});

test('IDX files are paired by name, plain or .gz, from either file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-idx-'));
  try {
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idx(8, [4, 2, 2], new Array(16).fill(7))));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx(8, [4], [0, 1, 0, 1]));
    const a = await loadDatasetFile(join(dir, 'train-images-idx3-ubyte.gz'));
    const b = await loadDatasetFile(join(dir, 'train-labels-idx1-ubyte'));
    assert.equal(a.rows, 4);
    assert.deepEqual(Array.from(a.x), Array.from(b.x));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('image folders: PNG and JPEG, grayscale detected, stated size resizes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-img-'));
  try {
    for (const [cls, v] of [['cat', 40], ['dog', 200]] as const) {
      mkdirSync(join(dir, cls));
      for (let k = 0; k < 3; k++) {
        const p = new PNG({ width: 4, height: 4 });
        for (let i = 0; i < 16; i++) p.data.set([v, v, v, 255], i * 4);
        writeFileSync(join(dir, cls, `${k}.png`), PNG.sync.write(p));
      }
    }
    const gray = await loadDatasetFile(dir);
    assert.deepEqual(gray.imageShape, [4, 4, 1]);
    assert.deepEqual(gray.classNames, ['cat', 'dog']);
    assert.ok(Math.abs(gray.x[0]! - 40 / 255) < 1e-6);
    const rgba = new Uint8Array(8 * 8 * 4).fill(128);
    for (let i = 0; i < 64; i++) rgba[i * 4] = 250; // red-ish: colour
    writeFileSync(join(dir, 'dog', 'big.jpg'), jpeg.encode({ data: rgba, width: 8, height: 8 }, 95).data);
    const resized = await loadDatasetFile(dir, { imageShape: [4, 4, 3] });
    assert.deepEqual(resized.imageShape, [4, 4, 3]);
    assert.equal(resized.rows, 7);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('samples: iris, generated sets and the digits load as expected', async () => {
  const iris = await loadDatasetFile(join(ROOT, 'samples', 'iris.csv'));
  assert.equal(iris.rows, 150);
  assert.deepEqual(iris.classNames, ['setosa', 'versicolor', 'virginica']);
  for (const name of ['spiral', 'circle', 'xor', 'gauss', 'moons']) {
    const ds = await loadDatasetFile(join(ROOT, 'samples', `${name}.csv`));
    assert.equal(ds.task, 'classification', name);
    assert.equal(ds.features, 2);
  }
  assert.equal((await loadDatasetFile(join(ROOT, 'samples', 'plane.csv'))).task, 'regression');
  const digits = await loadDatasetFile(join(ROOT, 'samples', 'digits', 'train-images-idx3-ubyte.gz'));
  assert.equal(digits.rows, 4000);
  assert.deepEqual(digits.imageShape, [28, 28, 1]);
  assert.equal(digits.classNames!.length, 10);
  const test10k = await loadDatasetFile(join(ROOT, 'samples', 'digits', 't10k-labels-idx1-ubyte.gz'));
  assert.equal(test10k.rows, 1000);
});

test('real data: Palmer penguins (vega-datasets) with categorical columns and missing values', async () => {
  const ds = await loadDatasetFile(join(ROOT, 'test', 'data', 'real', 'penguins.json'));
  const s = describe(ds);
  const col = (n: string) => s.columns.find((c) => c.name === n)!;
  assert.equal(ds.labelName, 'Species');
  assert.deepEqual(ds.classNames, ['Adelie', 'Chinstrap', 'Gentoo']);
  assert.equal(col('Island').kind, 'categorical');
  assert.equal(col('Sex').kind, 'categorical');
  assert.equal(col('Sex').missing, 10);
  assert.equal(col('Beak Length (mm)').kind, 'numeric');
  assert.equal(col('Beak Length (mm)').missing, 2);
  assert.equal(s.fileRows, 344);
  assert.equal(ds.rows, 334);
  const imputed = await loadDatasetFile(join(ROOT, 'test', 'data', 'real', 'penguins.json'), { missing: 'mean' });
  assert.equal(imputed.rows, 344);
});

test('real data: cars (vega-datasets) with names, dates, missing values', async () => {
  const ds = await loadDatasetFile(join(ROOT, 'test', 'data', 'real', 'cars.json'));
  const s = describe(ds);
  const col = (n: string) => s.columns.find((c) => c.name === n)!;
  assert.equal(col('Year').kind, 'date');
  assert.equal(col('Name').role, 'ignored');
  assert.equal(col('Horsepower').missing, 6);
  assert.equal(col('Miles_per_Gallon').missing, 8);
  assert.equal(ds.labelName, 'Origin');
  assert.equal(ds.rows, 392);
  const mpg = await loadDatasetFile(join(ROOT, 'test', 'data', 'real', 'cars.json'), { label: 'Miles_per_Gallon' });
  assert.equal(mpg.task, 'regression');
  assert.ok(mpg.featureNames.includes('Origin=Japan'));
});
