/**
 * How the engine reaches dataset files, whatever holds them: node:fs in a Node worker
 * (engine/node/node-files.ts), or the extension host's `workspace.fs`, asked over messages
 * (engine/data/remote-files.ts), in a browser worker or for a virtual workspace. Locations are
 * strings in the holder's own syntax (OS paths for node:fs, URI strings for the host), so
 * joining and splitting them goes through the holder too.
 */
import type { FileEntry, FileInfo } from '../protocol/files';
import type { ChunkSource } from './load';

export type { FileEntry, FileInfo, FileKind } from '../protocol/files';

export interface DataFiles {
  /** What is at `location`, or undefined when nothing readable is there. */
  stat(location: string): Promise<FileInfo | undefined>;
  /** A whole file. */
  read(location: string): Promise<Uint8Array>;
  /** A file in chunks from a byte offset; each pass reads again. */
  chunks(location: string): ChunkSource;
  list(folder: string): Promise<FileEntry[]>;
  join(folder: string, name: string): string;
  dirname(location: string): string;
  basename(location: string): string;
}

/**
 * Whether a location is a URI string rather than an OS path. A scheme has at least two letters,
 * so a Windows drive (`C:\runs`) is a path.
 */
export function isUriLocation(location: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(location);
}

/** The file or folder name a location ends in, decoded (`my%20data.csv` in a URI is `my data.csv`). */
export function locationName(location: string): string {
  const last = location.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? location;
  if (!isUriLocation(location)) return last;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** `name` inside the folder at a URI location (the name percent-encoded, as `Uri.toString` does). */
export function uriJoin(folder: string, name: string): string {
  return `${folder.replace(/\/+$/, '')}/${encodeURIComponent(name)}`;
}

/** The folder a URI location is in (the location itself at the root). */
export function uriDirname(location: string): string {
  const i = location.replace(/\/+$/, '').lastIndexOf('/');
  return i > location.indexOf('://') + 2 ? location.slice(0, i) : location;
}

/** Routes URI locations to one holder and OS paths to another (a Node worker: the host, and its own disk). */
export function routedFiles(paths: DataFiles, uris: DataFiles): DataFiles {
  const pick = (l: string): DataFiles => (isUriLocation(l) ? uris : paths);
  return {
    stat: (l) => pick(l).stat(l),
    read: (l) => pick(l).read(l),
    chunks: (l) => pick(l).chunks(l),
    list: (l) => pick(l).list(l),
    join: (f, n) => pick(f).join(f, n),
    dirname: (l) => pick(l).dirname(l),
    basename: (l) => pick(l).basename(l),
  };
}
