/**
 * Reads files for the engine worker through `workspace.fs` (engine/protocol/files.ts): every
 * file in a browser host, and URI locations (a virtual workspace) in a desktop one. Only
 * reads: stat, whole files, folder listings.
 */
import * as vscode from 'vscode';
import type { FileEntry, FileInfo, FileKind, FileReply, FileRequest } from '../engine/protocol/files';

function kindOf(type: vscode.FileType): FileKind {
  // A symbolic link carries the kind of what it points at beside its own bit.
  if (type & vscode.FileType.File) return 'file';
  if (type & vscode.FileType.Directory) return 'folder';
  return 'other';
}

export async function serveFile(req: FileRequest): Promise<FileReply> {
  const uri = vscode.Uri.parse(req.location, true);
  const fs = vscode.workspace.fs;
  switch (req.op) {
    case 'stat': {
      let info: FileInfo | undefined;
      try {
        const s = await fs.stat(uri);
        info = { kind: kindOf(s.type), size: s.size };
      } catch {
        info = undefined;
      }
      return { type: 'fileReply', id: req.id, ...(info ? { info } : {}) };
    }
    case 'read':
      return { type: 'fileReply', id: req.id, bytes: await fs.readFile(uri) };
    case 'list': {
      const entries: FileEntry[] = (await fs.readDirectory(uri)).map(([name, type]) => ({ name, kind: kindOf(type) }));
      return { type: 'fileReply', id: req.id, entries };
    }
  }
}
