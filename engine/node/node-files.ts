/** Dataset files on this machine's disk (engine/data/files.ts), through node:fs. */
import { Stats } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DataFiles, FileKind } from '../data/files';
import { CHUNK_BYTES, ChunkSource } from '../data/load';

function kindOf(info: Stats): FileKind {
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'folder';
  if (info.isFIFO()) return 'fifo';
  if (info.isSocket()) return 'socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'device';
  return 'other';
}

/** Chunks of a file from a byte offset; each pass gets its own buffer, reused between chunks. */
export function fileSource(path: string): ChunkSource {
  return async function* (from: number) {
    const fh = await open(path, 'r');
    try {
      const buf = new Uint8Array(CHUNK_BYTES);
      let pos = from;
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        yield buf.subarray(0, bytesRead);
      }
    } finally {
      await fh.close();
    }
  };
}

export const nodeFiles: DataFiles = {
  async stat(path) {
    try {
      const info = await stat(path);
      return { kind: kindOf(info), size: info.size };
    } catch {
      return undefined;
    }
  },
  read: async (path) => new Uint8Array(await readFile(path)),
  chunks: fileSource,
  list: async (folder) => (await readdir(folder, { withFileTypes: true })).map((d) => ({ name: d.name, kind: d.isDirectory() ? 'folder' : d.isFile() ? 'file' : 'other' })),
  join,
  dirname,
  basename,
};
