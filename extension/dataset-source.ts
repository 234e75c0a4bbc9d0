/**
 * Turns a dataset the user picked (a workspace file or folder, or a built-in set) into what a
 * run needs: a dataset config plus, where the worker cannot read the file by path (virtual
 * workspaces), the file's bytes read through `workspace.fs`.
 */
import * as vscode from 'vscode';
import type { DatasetConfig } from '../engine/config';
import { describe, formatSummary } from '../engine/data/describe';
import { parseDataset } from '../engine/data/load';
import { loadDatasetFile } from '../engine/node/load-file';
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

/** Reads and summarises a dataset with a cancellable progress notification. */
export async function inspectDataset(uri: vscode.Uri): Promise<{ text: string; shape: string } | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading ${basename(uri)}`, cancellable: true },
    async (progress, token) => {
      const signal = { get aborted() { return token.isCancellationRequested; } };
      let last = 0;
      const onProgress = (p: { phase: string; done: number; total: number }) => {
        const pct = p.total ? (100 * p.done) / p.total : 0;
        progress.report({ message: p.phase, increment: Math.max(0, pct - last) });
        last = pct;
      };
      const options = { signal, maxBytes: maxDatasetBytes() };
      try {
        const ds = uri.scheme === 'file'
          ? await loadDatasetFile(uri.fsPath, options, onProgress)
          : await parseDataset(await vscode.workspace.fs.readFile(uri), basename(uri), options, onProgress);
        const summary = describe(ds);
        return { text: formatSummary(summary), shape: `${summary.rows} × ${summary.features} · ${summary.task}` };
      } catch (e) {
        if ((e as Error).name === 'ParseCancelled') return undefined;
        throw e;
      }
    },
  );
}
