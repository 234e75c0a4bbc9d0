/**
 * "Inspect Dataset" and the label pick read a file in a worker, never on the extension host's
 * thread: this handler answers an `inspectDataset` request with the file's summary (its columns
 * with types and distinct counts, and the data decisions).
 */
import type { ProbeHandler } from '../probe-handler';
import { describe } from './describe';
import type { DatasetOptions } from './options';
import type { Dataset } from './dataset';
import { isUserError } from '../errors';
import type { InspectDatasetRequest } from '../protocol/data';
export type { InspectDatasetRequest, DatasetSummaryEvent } from '../protocol/data';

export function inspectHandler(loadFile: (path: string, options: DatasetOptions) => Promise<Dataset>): ProbeHandler {
  return {
    types: ['inspectDataset'],
    async handle(raw, ctx) {
      const req = raw as InspectDatasetRequest;
      try {
        const ds = await loadFile(req.path, req.options ?? {});
        ctx.post({ type: 'datasetSummary', summary: describe(ds) });
      } catch (e) {
        // The answer to this request, not a failure of a run: whoever asked is waiting for it.
        ctx.post({ type: 'error', message: e instanceof Error ? e.message : String(e), userError: isUserError(e) });
      }
    },
  };
}
