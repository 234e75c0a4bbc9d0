/**
 * What the end-to-end test runs against: the extension packaged as a user gets it (a VSIX made
 * by vsce from the built dist/; or the web-only one, for VS Code for the Web's web-worker host),
 * and a throwaway copy of samples/ as the workspace, so runs the test writes
 * (.gradient-lab/runs) never land in the repository.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../extension/helpers';

/** The files vsce reads, as .vscodeignore may let them in: a web package is made from a copy of these. */
const PACKAGED = ['README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore', 'dist', 'engine/schema', 'engine/export', 'samples', 'media', 'docs'];

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
  for (const rel of ['package.json', ...PACKAGED]) add(rel);
  return h.digest('hex').slice(0, 16);
}

/** What a VSIX is made for: the manifest as it is, or (web) the same manifest without `main`. */
export interface PackageOptions {
  /**
   * A web-only package: the manifest has only its `browser` entry, so code-server runs the
   * extension in the workbench's web-worker extension host, as vscode.dev and github.dev do.
   */
  web?: boolean;
}

/**
 * A copy of the package's inputs in `stage`, with the manifest's `main` removed. vsce packages the
 * folder it runs in, so the repository's own package.json is never edited. Fails (saying what to
 * do) when the manifest has no `browser` entry or .vscodeignore leaves its bundle out.
 */
function stageWebPackage(stage: string): void {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main?: string; browser?: string };
  if (typeof manifest.browser !== 'string') throw new Error('package.json has no "browser" entry: there is no web extension to package');
  for (const rel of PACKAGED) if (existsSync(join(ROOT, rel))) cpSync(join(ROOT, rel), join(stage, rel), { recursive: true });
  delete manifest.main;
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  const listed = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: stage, encoding: 'utf8', timeout: 120000 });
  const files = listed.stdout.split('\n').map((l) => l.trim());
  const entry = manifest.browser.replace(/^\.\//, '');
  const wanted = /\.js$/.test(entry) ? entry : `${entry}.js`;
  if (!files.includes(wanted)) throw new Error(`the web package would lack its browser entry ${wanted} (.vscodeignore must let it in); vsce ls:\n${listed.stdout}${listed.stderr}`);
}

/**
 * Packages the extension into `dir` as `npm run package` does (`web`: the web-only package, see
 * PackageOptions); fails on any vsce warning, since the issue asks for none.
 */
export function packageVsix(dir: string, o: PackageOptions = {}): string {
  if (!existsSync(join(ROOT, 'dist', 'extension.js'))) {
    const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  const name = o.web ? 'gradient-lab-web' : 'gradient-lab';
  const out = join(dir, `${name}.vsix`);
  const cacheDir = join(tmpdir(), 'gl-e2e-vsix');
  const cached = join(cacheDir, `${buildKey()}${o.web ? '-web' : ''}.vsix`);
  if (existsSync(cached)) {
    copyFileSync(cached, out);
    return out;
  }
  let cwd = ROOT;
  if (o.web) {
    cwd = join(dir, 'web-package');
    mkdirSync(cwd, { recursive: true });
    stageWebPackage(cwd);
  }
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd, encoding: 'utf8', timeout: 180000 });
  const text = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`vsce package failed (${r.status}):\n${text}`);
  if (/WARNING/i.test(text)) throw new Error(`vsce package warned:\n${text}`);
  if (o.web) rmSync(cwd, { recursive: true, force: true });
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
