/**
 * Issue 18: the browser bundles (the manifest's `browser` entry and the engine's Web Worker) run
 * in a web worker, where no Node built-in exists. Each dist/web/*.js is read as shipped (build
 * first): the modules it loads, the modules esbuild stubbed out, the Node-only globals it uses.
 * The checker is shown to catch each of those on bundles made here that do need Node.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import { ROOT } from '../extension/helpers';
import { bundleNeeds, isNodeBuiltin } from './bundle-imports';

const WEB = join(ROOT, 'dist', 'web');
/** What each browser bundle may load: the extension gets `vscode` from its host; the worker nothing. */
const ALLOWED: Record<string, string[]> = { 'extension.js': ['vscode'], 'worker.js': [] };

describe('the browser bundles need nothing from Node', () => {
  test('dist/web has the extension and worker bundles (npm run build)', () => {
    for (const f of Object.keys(ALLOWED)) assert.ok(existsSync(join(WEB, f)), `dist/web/${f} is missing: run npm run build`);
  });

  for (const file of existsSync(WEB) ? readdirSync(WEB).filter((f) => f.endsWith('.js')).sort() : []) {
    test(`dist/web/${file} loads no Node built-in and uses no Node-only global`, async () => {
      const needs = await bundleNeeds(join(WEB, file));
      assert.deepEqual(needs.modules.filter(isNodeBuiltin), [], `Node built-ins loaded by dist/web/${file}`);
      assert.deepEqual(needs.modules, ALLOWED[file] ?? [], `modules dist/web/${file} loads at run time (the host provides none but vscode)`);
      assert.deepEqual(needs.disabled, [], `modules esbuild stubbed out in dist/web/${file} (a package's browser field disabled them; its code still calls them)`);
      assert.deepEqual(needs.nodeGlobals, [], `Node-only globals in dist/web/${file}`);
      assert.deepEqual(needs.indirect, [], `loads by a computed name in dist/web/${file}`);
    });
  }
});

describe('the check catches a bundle that needs Node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-bundle-check-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  /** `source` bundled for the browser as a careless build would: the Node modules left external. */
  const bundle = async (name: string, source: string, external: string[] = []): Promise<string> => {
    const outfile = join(dir, `${name}.js`);
    await esbuild.build({ stdin: { contents: source, resolveDir: dir, loader: 'ts' }, bundle: true, platform: 'browser', format: 'cjs', outfile, external, logLevel: 'silent', nodePaths: [join(ROOT, 'node_modules')] });
    return outfile;
  };

  test('Node modules, by any name and any kind of load', async () => {
    const file = await bundle('modules', `
      import { inflateSync } from 'zlib';
      import * as fs from 'node:fs';
      const { Worker } = require('worker_threads');
      export const a = () => [inflateSync, fs, Worker, require('child_process'), require('path'), require('crypto'), import('node:fs/promises')];
      export const notAModule = 'require("os") in a string is no load';
    `, ['zlib', 'node:fs', 'worker_threads', 'child_process', 'path', 'crypto', 'node:fs/promises', 'os']);
    const needs = await bundleNeeds(file);
    assert.deepEqual(needs.modules, ['child_process', 'crypto', 'node:fs', 'node:fs/promises', 'path', 'worker_threads', 'zlib']);
    assert.ok(needs.modules.every(isNodeBuiltin));
    assert.ok(!isNodeBuiltin('vscode') && !isNodeBuiltin('fflate') && isNodeBuiltin('fs/promises'));
  });

  test('the real PNG decoder the Node build uses (pngjs): its zlib, stream and Buffer', async () => {
    const file = await bundle('pngjs', `import { PNG } from 'pngjs'; export const decode = (b: Uint8Array) => PNG.sync.read(b as never);`, ['zlib', 'stream', 'util', 'assert', 'buffer']);
    const needs = await bundleNeeds(file);
    for (const m of ['zlib', 'stream', 'util']) assert.ok(needs.modules.includes(m), `${m} in ${needs.modules}`);
    assert.ok(needs.nodeGlobals.some((g) => g.startsWith('Buffer @')), `Buffer in ${needs.nodeGlobals.slice(0, 5)}`);
  });

  test("a module a package's browser field disabled (esbuild stubs it; calls into it fail)", async () => {
    const pkg = join(dir, 'node_modules', 'reads-files');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'reads-files', main: 'index.js', browser: { fs: false } }));
    writeFileSync(join(pkg, 'index.js'), 'const fs = require("fs"); module.exports = (p) => fs.readFileSync(p);');
    const needs = await bundleNeeds(await bundle('disabled', `import read from 'reads-files'; export const r = read;`));
    assert.deepEqual(needs.modules, []);
    assert.deepEqual(needs.disabled, ['fs']);
  });

  test('Node-only globals, unless a typeof test guards the use', async () => {
    const file = await bundle('globals', `
      export const here = () => __dirname;
      export const bytes = (s: string) => Buffer.from(s);
      export const later = (f: () => void) => setImmediate(f);
      export const maybe = (s: string) => (typeof Buffer !== 'undefined' ? Buffer.from(s) : new TextEncoder().encode(s));
      export const either = (s: string) => typeof Buffer === 'function' && Buffer.byteLength(s);
      export const local = (Buffer: { from(s: string): number }) => Buffer.from('x');
      export const name = { Buffer: 1 }.Buffer;
    `);
    const needs = await bundleNeeds(file);
    assert.deepEqual(needs.nodeGlobals.map((g) => g.split(' @')[0]), ['__dirname', 'Buffer', 'setImmediate']);
    assert.deepEqual(needs.modules, []);
  });
});
