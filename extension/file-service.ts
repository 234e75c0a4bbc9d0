/**
 * Dataset files through `vscode.workspace.fs`, named by URI strings. `serveFile` answers the
 * engine worker's file requests (engine/protocol/files.ts): every file in a browser host, URI
 * locations (a virtual workspace) in a desktop one. `workspaceDataFiles` is the same reader for
 * the extension host's own use (Predict where files are not on the local disk): the engine's
 * `RemoteFiles` asking `serveFile` directly, so both read alike and a file read for one pass is
 * kept for the next. Reads only; whole files, since `workspace.fs` has no ranged reads.
 */
import * as vscode from 'vscode';
import type { FileKind, FileReply, FileRequest } from '../engine/protocol/files';
import { RemoteFiles } from '../engine/data/remote-files';

function kindOf(type: vscode.FileType): FileKind {
  // A symbolic link carries the kind of what it points at beside its own bit.
  if (type & vscode.FileType.File) return 'file';
  if (type & vscode.FileType.Directory) return 'folder';
  return 'other';
}

/** The answer to a file request; a failure is an answer too (`error`), never a rejection. */
export async function serveFile(req: FileRequest): Promise<FileReply> {
  try {
    return await answer(req);
  } catch (e) {
    return { type: 'fileReply', id: req.id, error: e instanceof Error ? e.message : String(e) };
  }
}

async function answer(req: FileRequest): Promise<FileReply> {
  const uri = vscode.Uri.parse(req.location, true);
  switch (req.op) {
    case 'stat': {
      const s = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
      return { type: 'fileReply', id: req.id, ...(s ? { info: { kind: kindOf(s.type), size: s.size } } : {}) };
    }
    case 'read':
      return { type: 'fileReply', id: req.id, bytes: await vscode.workspace.fs.readFile(uri) };
    case 'list': {
      const entries = (await vscode.workspace.fs.readDirectory(uri)).map(([name, type]) => ({ name, kind: kindOf(type) }));
      return { type: 'fileReply', id: req.id, entries };
    }
  }
}

export const workspaceDataFiles = new RemoteFiles((req) => void serveFile(req).then((reply) => workspaceDataFiles.answer(reply)));
