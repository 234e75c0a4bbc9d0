/**
 * "Inspect Dataset" and the label pick read a file in a worker, never on the extension host's
 * thread: this handler answers an `inspectDataset` request with the file's summary (its columns
 * with types and distinct counts, and the data decisions).
 */
import type { ProbeHandler } from '../probe-handler';
import { describe, DatasetSummary } from './describe';
import type { DatasetOptions } from './options';
import type { Dataset } from './dataset';

export interface InspectDatasetRequest {
  type: 'inspectDataset';
  path: string;
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
      const ds = await loadFile(req.path, req.options ?? {});
      ctx.post({ type: 'datasetSummary', summary: describe(ds) });
    },
  };
}
