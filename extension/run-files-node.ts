/**
 * Run files on node:fs, for the Node host with a local (`file:`) runs folder: real appends and
 * temp-file-then-rename replacement. Locations are OS paths. Only the Node entry
 * (extension/extension.ts) and the tests import this; the browser bundle must never reach it.
 */
import { appendFile, mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isAbsoluteStored, missingFile, type FileInfo, type RunFiles } from './run-files';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const missingOr = (location: string) => (e: NodeJS.ErrnoException): never => {
  throw e.code === 'ENOENT' ? missingFile(location, e) : e;
};

export const nodeRunFiles: RunFiles = {
  join: (base, ...names) => join(base, ...names),
  within(folder, location) {
    if (!isAbsolute(location)) return undefined;
    const rel = relative(folder, location);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return rel.split(sep).join('/');
  },
  // A URI another host stored, or a path absolute on another system, is kept as written.
  resolve: (folder, path) => (isAbsolute(path) || isAbsoluteStored(path) ? path : resolve(folder, path)),
  read: async (location) => new Uint8Array(await readFile(location).catch(missingOr(location))),
  async readHead(location, bytes) {
    const handle = await open(location, 'r').catch(missingOr(location));
    try {
      const buf = new Uint8Array(bytes);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
  async writeAtomically(location, data) {
    // The pid names the writer, so a later start can tell a dead writer's leftovers from writes in flight.
    const tmp = `${location}.${process.pid}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, location);
  },
  append: (location, text) => appendFile(location, text),
  settle: async () => undefined,
  mkdir: async (location) => {
    await mkdir(location, { recursive: true });
  },
  list: async (location) => (await readdir(location, { withFileTypes: true }).catch(missingOr(location))).map((d) => ({ name: d.name, folder: d.isDirectory() })),
  async stat(location): Promise<FileInfo | undefined> {
    try {
      const s = await stat(location);
      return { size: s.size, modified: s.mtimeMs, folder: s.isDirectory() };
    } catch {
      return undefined;
    }
  },
  remove: (location) => rm(location, { recursive: true, force: true }),
  isOrphanTemp(name) {
    // `<file>.<pid>.tmp` of a process that is gone, or a `.tmp` without a pid (no one's write in flight).
    const m = /\.(?:(\d+)\.)?tmp$/.exec(name);
    return !!m && !(m[1] && processAlive(Number(m[1])));
  },
};
