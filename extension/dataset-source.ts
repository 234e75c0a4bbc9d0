/**
 * Turns a dataset the user picked (a workspace file or folder, or a built-in set) into what a
 * run needs: a dataset config whose file is a location the engine worker can read — a local
 * path in a Node extension host (the worker reads it itself), else the URI as a string (a
 * browser host, a virtual workspace: the worker asks us for it, extension/file-service.ts).
 */
import * as vscode from 'vscode';
import type { DatasetConfig } from '../engine/config';
import { isUriLocation } from '../engine/data/files';

export interface DatasetChoice {
  config: DatasetConfig;
  label: string;
}

/** Whether this extension host runs on Node (desktop, remote) rather than in a browser's Web Worker. */
export const NODE_HOST = typeof process === 'object' && typeof process.versions?.node === 'string';

export function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

/** How the engine worker names a workspace file or folder. */
export function locationOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' && NODE_HOST ? uri.fsPath : uri.toString();
}

/** The inverse of `locationOf`. */
export function uriOf(location: string): vscode.Uri {
  return isUriLocation(location) ? vscode.Uri.parse(location, true) : vscode.Uri.file(location);
}

export function datasetFromUri(uri: vscode.Uri): Promise<DatasetChoice> {
  return Promise.resolve({ config: { file: locationOf(uri) }, label: basename(uri) });
}
