/**
 * Turns a dataset the user picked (a workspace file or folder, or a built-in set) into what a
 * run needs: a dataset config whose file is a location the engine worker can read — a local
 * path in a Node extension host (the worker reads it itself), else the URI as a string (a
 * browser host, a virtual workspace: the worker asks us for it, extension/file-service.ts).
 */
import * as vscode from 'vscode';
import type { DatasetConfig } from '../engine/config';
import { locationOf } from './run-locations';

export interface DatasetChoice {
  config: DatasetConfig;
  label: string;
}

export function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

export function datasetFromUri(uri: vscode.Uri): DatasetChoice {
  return { config: { file: locationOf(uri) }, label: basename(uri) };
}
