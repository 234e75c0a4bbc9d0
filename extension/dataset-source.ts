/**
 * Turns a dataset the user picked (a workspace file or folder, or a built-in set) into what a
 * run needs: a dataset config plus, where the worker cannot read the file by path (virtual
 * workspaces), the file's bytes read through `workspace.fs`.
 */
import * as vscode from 'vscode';
import type { DatasetConfig } from '../engine/config';
import { maxDatasetBytes } from './settings';

export interface DatasetChoice {
  config: DatasetConfig;
  bytes?: { name: string; bytes: Uint8Array };
  label: string;
}

export function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

/** A file on disk is read by path in the worker; anything else is read here as bytes. */
export async function datasetFromUri(uri: vscode.Uri): Promise<DatasetChoice> {
  if (uri.scheme === 'file') return { config: { file: uri.fsPath }, label: basename(uri) };
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.length > maxDatasetBytes()) {
    throw new Error(`${basename(uri)} is ${(bytes.length / 1048576).toFixed(0)} MB, more than the gradientLab.data.maxMegabytes setting allows.`);
  }
  return { config: { file: uri.path }, bytes: { name: basename(uri), bytes }, label: basename(uri) };
}
