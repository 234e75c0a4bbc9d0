/**
 * Run files through `vscode.workspace.fs`: the browser host, and virtual or remote workspaces
 * on the desktop. Locations are URI strings (`uri.toString()`).
 *
 * workspace.fs has no append, so `append` is emulated (extension/deferred-append.ts): the file
 * is kept in memory and rewritten whole, temp file then rename, at most once a second (longer
 * for big files). A crash (the tab closed, the host killed) loses the lines appended since the
 * last rewrite; the file on disk is always a whole earlier version, never torn. `settle` writes
 * everything pending at once.
 */
import * as vscode from 'vscode';
import { DeferredAppend } from './deferred-append';
import { isAbsoluteStored, missingFile, uriWithin, type FileInfo, type RunFiles } from './run-files';

/** This session's name in temp files: a browser worker has no pid. */
const SESSION = `w${Array.from(globalThis.crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
/** A temp file of another session older than this is left over (its write would have ended long ago). */
const ORPHAN_AGE_MS = 10 * 60 * 1000;

const uri = (location: string): vscode.Uri => vscode.Uri.parse(location, true);
const isNotFound = (e: unknown): boolean => e instanceof vscode.FileSystemError && e.code === 'FileNotFound';

export class WorkspaceRunFiles implements RunFiles {
  private readonly appended = new Map<string, Promise<DeferredAppend>>();
  private readonly encoder = new TextEncoder();

  join(base: string, ...names: string[]): string {
    return vscode.Uri.joinPath(uri(base), ...names).toString();
  }

  within(folder: string, location: string): string | undefined {
    return uriWithin(folder, location);
  }

  resolve(folder: string, path: string): string {
    return isAbsoluteStored(path) ? path : this.join(folder, ...path.split('/'));
  }

  async read(location: string): Promise<Uint8Array> {
    // A file appended to in this session: its bytes not yet written count too (a failed rewrite
    // is its writer's to report; what is on disk is read all the same).
    await this.appended.get(location)?.then((f) => f.settle()).catch(() => undefined);
    try {
      return await vscode.workspace.fs.readFile(uri(location));
    } catch (e) {
      throw isNotFound(e) ? missingFile(location, e) : e;
    }
  }

  async readHead(location: string, bytes: number): Promise<Uint8Array> {
    // workspace.fs reads whole files only.
    return (await this.read(location)).subarray(0, bytes);
  }

  async writeAtomically(location: string, data: string | Uint8Array): Promise<void> {
    const target = uri(location);
    const tmp = target.with({ path: `${target.path}.${SESSION}.tmp` });
    await vscode.workspace.fs.writeFile(tmp, typeof data === 'string' ? this.encoder.encode(data) : data);
    await vscode.workspace.fs.rename(tmp, target, { overwrite: true });
  }

  async append(location: string, text: string): Promise<void> {
    let file = this.appended.get(location);
    if (!file) {
      file = DeferredAppend.open({
        read: async () => {
          try {
            return await vscode.workspace.fs.readFile(uri(location));
          } catch (e) {
            if (isNotFound(e)) return undefined;
            throw e;
          }
        },
        write: (bytes) => this.writeAtomically(location, bytes),
      });
      this.appended.set(location, file);
    }
    try {
      (await file).add(this.encoder.encode(text));
    } catch (e) {
      this.appended.delete(location);
      throw e;
    }
  }

  async settle(location?: string): Promise<void> {
    const files = location === undefined ? [...this.appended.values()] : [this.appended.get(location)];
    // A file settled by name is dropped: its writer has it all on disk, and a later append re-reads it once.
    if (location !== undefined) this.appended.delete(location);
    const results = await Promise.allSettled(files.map(async (f) => (await f)?.settle()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async mkdir(location: string): Promise<void> {
    await vscode.workspace.fs.createDirectory(uri(location));
  }

  async list(location: string): Promise<{ name: string; folder: boolean }[]> {
    try {
      return (await vscode.workspace.fs.readDirectory(uri(location))).map(([name, type]) => ({ name, folder: (type & vscode.FileType.Directory) !== 0 }));
    } catch (e) {
      throw isNotFound(e) ? missingFile(location, e) : e;
    }
  }

  async stat(location: string): Promise<FileInfo | undefined> {
    try {
      const s = await vscode.workspace.fs.stat(uri(location));
      return { size: s.size, modified: s.mtime, folder: (s.type & vscode.FileType.Directory) !== 0 };
    } catch {
      return undefined;
    }
  }

  async remove(location: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(uri(location), { recursive: true, useTrash: false });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  isOrphanTemp(name: string, info: FileInfo): boolean {
    if (!name.endsWith('.tmp') || name.endsWith(`.${SESSION}.tmp`)) return false;
    return Date.now() - info.modified > ORPHAN_AGE_MS;
  }
}
