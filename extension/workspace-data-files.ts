/**
 * Dataset files through `vscode.workspace.fs` (engine/data/files.ts), named by URI strings: what
 * the engine worker asks for (extension/file-service.ts) and what Predict reads where files are
 * not on the local disk (the browser host, virtual workspaces). Reads only; whole files, since
 * `workspace.fs` has no ranged reads.
 */
import * as vscode from 'vscode';
import { locationName, uriDirname, uriJoin, type DataFiles, type FileKind } from '../engine/data/files';
import { memorySource } from '../engine/data/load';

function kindOf(type: vscode.FileType): FileKind {
  // A symbolic link carries the kind of what it points at beside its own bit.
  if (type & vscode.FileType.File) return 'file';
  if (type & vscode.FileType.Directory) return 'folder';
  return 'other';
}

const uri = (location: string) => vscode.Uri.parse(location, true);

export const workspaceDataFiles: DataFiles = {
  async stat(location) {
    try {
      const s = await vscode.workspace.fs.stat(uri(location));
      return { kind: kindOf(s.type), size: s.size };
    } catch {
      return undefined;
    }
  },
  read: (location) => Promise.resolve(vscode.workspace.fs.readFile(uri(location))),
  chunks(location) {
    return async function* (from: number) {
      yield* memorySource(await vscode.workspace.fs.readFile(uri(location)))(from);
    };
  },
  list: async (folder) => (await vscode.workspace.fs.readDirectory(uri(folder))).map(([name, type]) => ({ name, kind: kindOf(type) })),
  join: uriJoin,
  dirname: uriDirname,
  basename: locationName,
};
