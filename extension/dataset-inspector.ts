/**
 * Reads a dataset file in a short-lived worker (never on the extension host's thread) and
 * returns its summary: columns with types and distinct counts, and the data decisions.
 * Cancelling ends the worker at once, whatever it was doing.
 */
import * as vscode from 'vscode';
import type { DatasetSummary } from '../engine/data/describe';
import type { DatasetOptions } from '../engine/data/options';
import { inspectInWorker } from './inspect-worker';
import type { WorkerHost } from './worker-host';
import { readLimits } from './settings';
import { locationOf } from './run-locations';

/** Reads a dataset in a worker (extension/inspect-worker.ts) with a cancellable progress notification and the limit settings. */
export function inspectWithProgress(newWorker: () => WorkerHost, uri: vscode.Uri, options: Omit<DatasetOptions, 'signal'> = {}): Thenable<DatasetSummary | undefined> {
  const name = uri.path.split('/').pop() ?? uri.path;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading ${name}`, cancellable: true },
    async (_progress, token) => {
      // Parsed in a worker in every workspace; a virtual one's files are read through workspace.fs for it.
      return inspectInWorker(newWorker, locationOf(uri), { ...readLimits(), ...options }, token);
    },
  );
}
