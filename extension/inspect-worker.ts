/**
 * The vscode-free half of dataset inspection: one short-lived worker reads the file and answers
 * with its summary; cancelling (or any end) terminates the worker. No `vscode` here, so tests
 * drive it from plain Node.
 */
import type { DatasetSummary } from '../engine/data/describe';
import type { DatasetOptions } from '../engine/data/options';
import { UserError } from '../engine/errors';
import type { WorkerHost } from './worker-host';

export async function inspectInWorker(
  newWorker: () => WorkerHost,
  location: string,
  options: Omit<DatasetOptions, 'signal'> = {},
  cancel?: { onCancellationRequested(listener: () => void): unknown },
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
      cancel?.onCancellationRequested(() => resolve(undefined));
      host.post({ type: 'inspectDataset', path: location, options });
    });
  } finally {
    void host.kill();
  }
}
