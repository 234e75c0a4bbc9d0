import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileRequest } from '../../engine/protocol/files';
import type { FileServer } from '../../extension/worker-host';

export const ROOT = join(__dirname, '..', '..');

/** dist/worker.js, built first when missing or older than the engine session (`npm test` builds anyway). */
export function workerBundle(): string {
  const out = join(ROOT, 'dist', 'worker.js');
  const src = join(ROOT, 'engine', 'session.ts');
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build failed');
  }
  return out;
}

/**
 * A deadline is a bound on a hang, never a claim about speed: on a loaded 2-core machine a worker
 * that starts in 50 ms when quiet can take many seconds, and the state it then reaches is still
 * the state under test. So every wait for a state gets at least this long.
 */
export const DEADLINE_FLOOR_MS = 120_000;

/** Resolves when `check` is true, polling; rejects after `ms` (at least DEADLINE_FLOOR_MS). */
export async function until(check: () => boolean, ms = 20000, what = 'condition'): Promise<void> {
  const end = Date.now() + Math.max(ms, DEADLINE_FLOOR_MS);
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * An idle process measuring its own event-loop delay over the same window: what the machine's
 * load alone costs a loop that does nothing (2 shared cores). `stop()` returns its max in ms.
 */
export function idleBaseline(): { ready: Promise<void>; stop(): Promise<number> } {
  const child = spawn(process.execPath, ['-e', `
    const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    process.stdout.write('ready\\n');
    process.stdin.on('data', () => { h.disable(); process.stdout.write(String(h.max / 1e6) + '\\n'); process.exit(0); });
  `], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const lines: ((l: string) => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    let i;
    while ((i = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, i);
      out = out.slice(i + 1);
      lines.shift()?.(line);
    }
  });
  const next = () => new Promise<string>((r) => lines.push(r));
  const ready = next().then(() => undefined);
  return {
    ready,
    async stop() {
      const line = next();
      child.stdin.write('stop\n');
      return Number(await line);
    },
  };
}

/**
 * A host that serves this disk's files to a worker by URI (`test-disk://host/<path>`), as the
 * extension serves workspace.fs files (extension/file-service.ts): the same protocol, so the
 * worker's remote-file route runs for real without VS Code. Records what was asked.
 */
export function diskFileServer(): { serve: FileServer; uri(path: string): string; asked: FileRequest[] } {
  const asked: FileRequest[] = [];
  const pathOf = (location: string) => decodeURIComponent(new URL(location).pathname);
  const serve: FileServer = async (req) => {
    asked.push(req);
    const path = pathOf(req.location);
    if (req.op === 'stat') {
      const s = await stat(path).catch(() => undefined);
      return { type: 'fileReply', id: req.id, ...(s ? { info: { kind: s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'other', size: s.size } } : {}) };
    }
    if (req.op === 'read') return { type: 'fileReply', id: req.id, bytes: new Uint8Array(await readFile(path)) };
    const entries = (await readdir(path, { withFileTypes: true })).map((d) => ({ name: d.name, kind: d.isDirectory() ? ('folder' as const) : ('file' as const) }));
    return { type: 'fileReply', id: req.id, entries };
  };
  return { serve, asked, uri: (path) => `test-disk://host${path.split('/').map(encodeURIComponent).join('/')}` };
}
