/**
 * What the end-to-end test runs against: the extension packaged as a user gets it (a VSIX made
 * by vsce from the built dist/), and a throwaway copy of samples/ as the workspace, so runs the
 * test writes (.gradient-lab/runs) never land in the repository.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../extension/helpers';

/**
 * What goes into the VSIX, as a key: the manifest, README and each bundle's size and time. Every
 * e2e suite of one test run installs the same build, so it is packaged once (vsce takes ~10–40 s).
 */
function buildKey(): string {
  const h = createHash('sha256');
  const add = (rel: string): void => {
    const path = join(ROOT, rel);
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) for (const f of readdirSync(path).sort()) add(join(rel, f));
    else h.update(`${rel}:${st.mtimeMs}:${st.size};`);
  };
  // What .vscodeignore lets into the package.
  for (const rel of ['package.json', 'README.md', 'LICENSE', '.vscodeignore', 'dist', 'engine/schema', 'samples', 'media', 'docs']) add(rel);
  return h.digest('hex').slice(0, 16);
}

/** Packages the extension into `dir` as `npm run package` does; fails on any vsce warning, since the issue asks for none. */
export function packageVsix(dir: string): string {
  if (!existsSync(join(ROOT, 'dist', 'extension.js'))) {
    const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  const out = join(dir, 'gradient-lab.vsix');
  const cacheDir = join(tmpdir(), 'gl-e2e-vsix');
  const cached = join(cacheDir, `${buildKey()}.vsix`);
  if (existsSync(cached)) {
    copyFileSync(cached, out);
    return out;
  }
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 180000 });
  const text = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`vsce package failed (${r.status}):\n${text}`);
  if (/WARNING/i.test(text)) throw new Error(`vsce package warned:\n${text}`);
  // Written under a temporary name and renamed, so a suite running beside never reads half a file.
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${cached}.${process.pid}.tmp`;
  copyFileSync(out, partial);
  renameSync(partial, cached);
  return out;
}

/** An experiment with one bad field, for the JSON schema check (no $schema: the manifest's jsonValidation must apply). */
export const BAD_EXPERIMENT = { name: 'bad-optimizer', dataset: 'spiral', optimizer: 'adamax' };

/** samples/ copied to `dir`, plus files that must not get the dataset menu entries. */
export function makeWorkspace(dir: string): string {
  const ws = join(dir, 'workspace');
  cpSync(join(ROOT, 'samples'), ws, { recursive: true });
  writeFileSync(join(ws, 'notes.txt'), 'Not a dataset: the Explorer must not offer to train on this.\n');
  writeFileSync(join(ws, 'bad.glab.json'), JSON.stringify(BAD_EXPERIMENT, null, 2) + '\n');
  return ws;
}
