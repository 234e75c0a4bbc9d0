/**
 * "Inspect Dataset" and the label pick read a file in a worker, never on the extension host's
 * thread: this handler answers an `inspectDataset` request with the file's summary (its columns
 * with types and distinct counts, and the data decisions).
 */
import type { ProbeHandler } from '../probe-handler';
import { describe, DatasetSummary } from './describe';
import type { DatasetOptions } from './options';
import type { Dataset } from './dataset';
import { parseDataset } from './load';
import { isUserError } from '../errors';

export interface InspectDatasetRequest {
  type: 'inspectDataset';
  /** A file the worker reads by path, or (virtual workspaces: read by the extension through workspace.fs) its bytes. */
  path: string;
  bytes?: { name: string; bytes: Uint8Array };
  /** Reading options without the cancel signal (a request crosses a thread; cancelling ends the worker). */
  options: Omit<DatasetOptions, 'signal'>;
}

export interface DatasetSummaryEvent {
  type: 'datasetSummary';
  summary: DatasetSummary;
}

export function inspectHandler(loadFile: (path: string, options: DatasetOptions) => Promise<Dataset>): ProbeHandler {
  return {
    types: ['inspectDataset'],
    async handle(raw, ctx) {
      const req = raw as InspectDatasetRequest;
      try {
        const ds = req.bytes ? await parseDataset(req.bytes.bytes, req.bytes.name, req.options ?? {}) : await loadFile(req.path, req.options ?? {});
        ctx.post({ type: 'datasetSummary', summary: describe(ds) });
      } catch (e) {
        // The answer to this request, not a failure of a run: whoever asked is waiting for it.
        ctx.post({ type: 'error', message: e instanceof Error ? e.message : String(e), userError: isUserError(e) });
      }
    },
  };
}
