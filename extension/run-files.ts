/**
 * The file operations the run store needs, on *locations*: an OS path where the Node host reads
 * a local folder with node:fs (extension/run-files-node.ts), a URI string (`uri.toString()`)
 * where files go through `vscode.workspace.fs` — the browser host, and virtual or remote
 * workspaces on the desktop (extension/run-files-workspace.ts). The run store is written against
 * this interface only, so the browser bundle never reaches node:fs. No `vscode` here.
 */
import { isUriLocation } from '../engine/data/files';

/** What `stat` tells; `modified` in milliseconds since 1970. */
export interface FileInfo {
  size: number;
  modified: number;
  folder: boolean;
}

export interface RunFiles {
  /** The location of `names` inside `base`. */
  join(base: string, ...names: string[]): string;
  /** `location` as a `/`-separated path relative to `folder` when it lies inside it; else undefined. */
  within(folder: string, location: string): string | undefined;
  /** A stored path: relative ones (`data/iris.csv`) are `folder`'s; absolute ones are kept as they are. */
  resolve(folder: string, path: string): string;
  /** A whole file; rejects with `missing` set when there is no such file. */
  read(location: string): Promise<Uint8Array>;
  /** At most the first `bytes` bytes of a file (the whole file where the backend cannot read part of one). */
  readHead(location: string, bytes: number): Promise<Uint8Array>;
  /** Replaces a file whole: a temp file renamed into place, so a crash leaves the old file or the new, never half. */
  writeAtomically(location: string, data: string | Uint8Array): Promise<void>;
  /** Adds text at the end of a file (created if missing). May be deferred: `settle` waits for it. */
  append(location: string, text: string): Promise<void>;
  /**
   * Resolves when the deferred writes (appends) to `location`, or to every file, are on disk;
   * rejects with the first that failed. Settled by name, a file is no longer held in memory.
   */
  settle(location?: string): Promise<void>;
  /** Creates a folder and its parents (no error if it exists). */
  mkdir(location: string): Promise<void>;
  /** A folder's entries; rejects when it cannot be read. */
  list(location: string): Promise<{ name: string; folder: boolean }[]>;
  /** A file's or folder's size and time, or undefined when there is none. */
  stat(location: string): Promise<FileInfo | undefined>;
  /** Removes a file, or a folder with everything in it; nothing to remove is not an error. */
  remove(location: string): Promise<void>;
  /**
   * Whether a `*.tmp` file in a run folder is left over from a writer that is gone (rather than
   * a write in flight): the backends name their temp files differently (a pid, a session token).
   */
  isOrphanTemp(name: string, info: FileInfo): boolean;
}

/** Whether an error from `read`/`list` means the file is not there (rather than unreadable). */
export function isMissing(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { missing?: unknown }).missing === true;
}

/** An error marked as "no such file", so the store tells a missing file from an unreadable one. */
export function missingFile(location: string, cause?: unknown): Error {
  return Object.assign(new Error(`${location} does not exist`, cause === undefined ? {} : { cause }), { missing: true });
}

export { isUriLocation };

/** `location` relative to `folder` (both URI strings from `uri.toString()`), decoded and `/`-separated; undefined when outside. */
export function uriWithin(folder: string, location: string): string | undefined {
  const base = folder.replace(/\/+$/, '');
  if (!location.startsWith(`${base}/`)) return undefined;
  const rest = location.slice(base.length + 1).split(/[?#]/)[0]!;
  if (!rest) return undefined;
  try {
    return rest.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
}

/** Whether a stored path is absolute on some system (a URI, `/x`, `\\server`, `C:\x`): kept as written, never joined. */
export function isAbsoluteStored(path: string): boolean {
  return isUriLocation(path) || /^[\\/]/.test(path) || /^[a-z]:[\\/]/i.test(path);
}
