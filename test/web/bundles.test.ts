/**
 * Issue 18: the browser bundles (the manifest's `browser` entry and the engine's Web Worker) run
 * in a web worker, where no Node built-in exists. Each dist/web/*.js is read as shipped (build
 * first): the modules it loads, the stand-ins for Node built-ins it carries, the Node-only globals
 * it uses; and its esbuild metafile (dist/web/*.meta.json) where the build wrote one. The checker
 * is shown to catch each of those on bundles made here that do need Node.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import { ROOT } from '../extension/helpers';
import { bundleNeeds, isNodeBuiltin, metafileNeeds } from './bundle-imports';

const WEB = join(ROOT, 'dist', 'web');
/** What each browser bundle may load: the extension gets `vscode` from its host; the worker nothing. */
const ALLOWED: Record<string, string[]> = { 'extension.js': ['vscode'], 'worker.js': [] };

/**
 * Findings read and found dead in a browser, each for the reason given. A finding elsewhere, or
 * of another kind, fails: a new one is audited here or fixed.
 */
const AUDITED: { finding: RegExp; why: string }[] = [
  { finding: /^Buffer @ line \d+ in node_modules\/jpeg-js\/lib\/decoder\.js$/, why: 'jpeg-js makes a Buffer only when useTArray is false; engine/data/image-decode.ts passes useTArray: true' },
  { finding: /^\(disabled\):fs in node_modules\/protobufjs\/src\/util\/fs\.js$/, why: "protobufjs sets util.fs to null when require('fs') has no readFile, and reads files only in protobuf.load; the ONNX export parses its bundled schema text" },
];
const unaudited = (findings: string[]): string[] => findings.filter((f) => !AUDITED.some((a) => a.finding.test(f)));

describe('the browser bundles need nothing from Node', () => {
  test('dist/web has the extension and worker bundles (npm run build)', () => {
    for (const f of Object.keys(ALLOWED)) assert.ok(existsSync(join(WEB, f)), `dist/web/${f} is missing: run npm run build`);
  });

  for (const file of existsSync(WEB) ? readdirSync(WEB).filter((f) => f.endsWith('.js')).sort() : []) {
    test(`dist/web/${file} loads no Node built-in and uses no Node-only global`, async () => {
      const needs = await bundleNeeds(join(WEB, file));
      // One comparison, so a failure lists everything the bundle still needs from Node at once.
      assert.deepEqual(
        { nodeBuiltins: needs.modules.filter(isNodeBuiltin), modules: needs.modules, stubbed: unaudited(needs.stubbed), nodeGlobals: unaudited(needs.nodeGlobals), indirect: needs.indirect },
        { nodeBuiltins: [], modules: ALLOWED[file] ?? [], stubbed: [], nodeGlobals: [], indirect: [] },
        `dist/web/${file} needs from its host (modules: loaded at run time, the host provides none but vscode; stubbed: stand-ins for Node built-ins its code still calls; nodeGlobals: Node-only globals used; indirect: loads by a computed name)`,
      );
      const meta = join(WEB, file.replace(/\.js$/, '.meta.json'));
      if (existsSync(meta)) {
        const said = metafileNeeds(meta);
        assert.deepEqual({ modules: said.modules, stubbed: unaudited(said.stubbed) }, { modules: ALLOWED[file] ?? [], stubbed: [] }, `what ${meta} says dist/web/${file} needs`);
      }
    });
  }
});

describe('the check catches a bundle that needs Node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-bundle-check-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  /** `source` bundled for the browser as a careless build would: the Node modules left external. */
  const bundle = async (name: string, source: string, external: string[] = [], plugins: esbuild.Plugin[] = []): Promise<string> => {
    const outfile = join(dir, `${name}.js`);
    const r = await esbuild.build({ stdin: { contents: source, resolveDir: dir, loader: 'ts' }, bundle: true, platform: 'browser', format: 'cjs', outfile, external, plugins, logLevel: 'silent', metafile: true, nodePaths: [join(ROOT, 'node_modules')] });
    writeFileSync(join(dir, `${name}.meta.json`), JSON.stringify(r.metafile));
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
    assert.deepEqual(metafileNeeds(join(dir, 'modules.meta.json')).modules, needs.modules);
    assert.ok(needs.modules.every(isNodeBuiltin));
    assert.ok(!isNodeBuiltin('vscode') && !isNodeBuiltin('fflate') && isNodeBuiltin('fs/promises'));
  });

  test('the real PNG decoder the Node build uses (pngjs): its zlib, stream and Buffer', async () => {
    const file = await bundle('pngjs', `import { PNG } from 'pngjs'; export const decode = (b: Uint8Array) => PNG.sync.read(b as never);`, ['zlib', 'stream', 'util', 'assert', 'buffer']);
    const needs = await bundleNeeds(file);
    for (const m of ['zlib', 'stream', 'util']) assert.ok(needs.modules.includes(m), `${m} in ${needs.modules}`);
    assert.ok(needs.nodeGlobals.some((g) => /^Buffer @ line \d+ in node_modules\/pngjs\//.test(g)), `Buffer in ${needs.nodeGlobals.slice(0, 5)}`);
    assert.deepEqual(unaudited(needs.nodeGlobals), needs.nodeGlobals);
  });

  test("a module a package's browser field disabled (esbuild stubs it; calls into it fail)", async () => {
    const pkg = join(dir, 'node_modules', 'reads-files');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'reads-files', main: 'index.js', browser: { fs: false } }));
    writeFileSync(join(pkg, 'index.js'), 'const fs = require("fs"); module.exports = (p) => fs.readFileSync(p);');
    const needs = await bundleNeeds(await bundle('disabled', `import read from 'reads-files'; export const r = read;`));
    assert.deepEqual(needs.modules, []);
    assert.deepEqual(needs.stubbed, ['(disabled):fs in node_modules/reads-files/index.js']);
    assert.deepEqual(metafileNeeds(join(dir, 'disabled.meta.json')).stubbed, ['(disabled):fs in node_modules/reads-files/index.js']);
    assert.deepEqual(unaudited(needs.stubbed), needs.stubbed, 'audited only where it was read');
  });

  test('a build plugin\'s stand-in for a Node built-in (a module whose members throw)', async () => {
    const throwing: esbuild.Plugin = {
      name: 'throwing-builtins',
      setup(build) {
        build.onResolve({ filter: /^node:/ }, (a) => ({ path: a.path, namespace: 'node-builtin' }));
        build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, () => ({ contents: 'module.exports = new Proxy({}, { get() { throw new Error("not here"); } });' }));
      },
    };
    const file = await bundle('plugin', `import { readFile } from 'node:fs/promises'; import { join } from 'node:path'; export const r = () => readFile(join('a', 'b'));`, [], [throwing]);
    const needs = await bundleNeeds(file);
    assert.deepEqual(needs.modules, []);
    const stubs = ['node-builtin:node:fs/promises in <stdin>', 'node-builtin:node:path in <stdin>'];
    assert.deepEqual(needs.stubbed, stubs);
    assert.deepEqual(metafileNeeds(join(dir, 'plugin.meta.json')), { modules: [], stubbed: stubs });
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
