/**
 * Reads a dataset file in a short-lived worker (never on the extension host's thread) and
 * returns its summary: columns with types and distinct counts, and the data decisions.
 * Cancelling ends the worker at once, whatever it was doing.
 */
import * as vscode from 'vscode';
import type { DatasetSummary } from '../engine/data/describe';
import type { DatasetOptions } from '../engine/data/options';
import { UserError } from '../engine/errors';
import type { WorkerHost } from './worker-host';
import { readLimits } from './settings';

export async function inspectInWorker(
  newWorker: () => WorkerHost,
  path: string,
  options: Omit<DatasetOptions, 'signal'> = {},
  token?: vscode.CancellationToken,
): Promise<DatasetSummary | undefined> {
  const host = newWorker();
  try {
    return await new Promise<DatasetSummary | undefined>((resolve, reject) => {
      host.onMessage((m) => {
        if (m.type !== 'probe') return;
        if (m.event.type === 'datasetSummary') resolve(m.event.summary);
        else if (m.event.type === 'error') reject(m.event.userError ? new UserError(m.event.message) : new Error(m.event.message));
      });
      host.onExit((e) => reject(new Error(`the worker reading the dataset stopped (${e.reason})`)));
      token?.onCancellationRequested(() => resolve(undefined));
      host.post({ type: 'inspectDataset', path, options: { ...readLimits(), ...options } });
    });
  } finally {
    void host.kill();
  }
}

/** The same, with a cancellable progress notification. */
export function inspectWithProgress(newWorker: () => WorkerHost, uri: vscode.Uri, options: Omit<DatasetOptions, 'signal'> = {}): Thenable<DatasetSummary | undefined> {
  const name = uri.path.split('/').pop() ?? uri.path;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading ${name}`, cancellable: true },
    (_progress, token) => inspectInWorker(newWorker, uri.fsPath, options, token),
  );
}
