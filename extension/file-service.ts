/**
 * Answers the engine worker's file requests (engine/protocol/files.ts) through `workspace.fs`:
 * every file in a browser host, and URI locations (a virtual workspace) in a desktop one.
 */
import type { FileReply, FileRequest } from '../engine/protocol/files';
import { workspaceDataFiles as files } from './workspace-data-files';

export async function serveFile(req: FileRequest): Promise<FileReply> {
  switch (req.op) {
    case 'stat': {
      const info = await files.stat(req.location);
      return { type: 'fileReply', id: req.id, ...(info ? { info } : {}) };
    }
    case 'read':
      return { type: 'fileReply', id: req.id, bytes: await files.read(req.location) };
    case 'list':
      return { type: 'fileReply', id: req.id, entries: await files.list(req.location) };
  }
}
