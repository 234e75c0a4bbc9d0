/**
 * Files a worker cannot read itself (a browser worker, a virtual workspace's `vscode-vfs:`
 * files): the worker asks, the extension host reads them through `workspace.fs` and answers.
 * A leaf: it imports nothing.
 */

/** What a location is: only regular files and folders are read; anything else is refused by name. */
export type FileKind = 'file' | 'folder' | 'fifo' | 'socket' | 'device' | 'other';

export interface FileInfo {
  kind: FileKind;
  size: number;
}

export interface FileEntry {
  name: string;
  kind: FileKind;
}

/** Worker → host: one file operation on a location (a URI string). */
export interface FileRequest {
  type: 'fileRequest';
  id: number;
  op: 'stat' | 'read' | 'list';
  location: string;
}

/** Host → worker: the answer; `error` says why it failed (stat of a missing file answers `info: undefined`). */
export interface FileReply {
  type: 'fileReply';
  id: number;
  info?: FileInfo;
  bytes?: Uint8Array;
  entries?: FileEntry[];
  error?: string;
}
