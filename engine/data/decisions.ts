import { Dataset } from './dataset';
import { ColumnProfile } from './columns';
import { LoadedDataset } from './encode';
import type { DataDecisions } from '../protocol/data';
export type { DataDecisions } from '../protocol/data';

export { decisionLines, decisionsLine } from '../../shared/decisions-line';

/** The decisions behind a loaded (or generated) dataset. */
export function dataDecisions(ds: Dataset | LoadedDataset): DataDecisions {
  const loaded = ds as LoadedDataset;
  const rowsDropped = (loaded.rowsDropped ?? []).filter((d) => d.count > 0).map((d) => ({ reason: d.reason, count: d.count }));
  const dropped = rowsDropped.reduce((n, d) => n + d.count, 0);
  const profiles = loaded.columns;
  const ignored = (profiles ?? []).filter((p) => p.excluded && p.name !== ds.labelName);
  return {
    source: ds.source,
    label: ds.labelName,
    task: ds.task,
    classes: ds.task === 'classification' ? [...(ds.classNames ?? [])] : [],
    features: [...ds.featureNames],
    featureColumns: profiles ? profiles.filter((p) => !p.excluded && p.name !== ds.labelName).map((p) => p.name) : [...ds.featureNames],
    rowsInFile: loaded.fileRows ?? ds.rows + dropped,
    rowsUsed: ds.rows,
    rowsDropped,
    ignoredColumns: ignored.map((p) => ({ name: p.name, reason: shortReason(p), detail: p.excluded! })),
    warnings: (ds.notes ?? []).filter((n) => n.startsWith('warning:')),
  };
}

function shortReason(p: ColumnProfile): string {
  switch (p.kind) {
    case 'identifier': return 'identifier';
    case 'date': return 'dates';
    case 'empty': return 'no values';
    case 'text': return `${p.distinct} distinct values, over the category limit`;
    default: return p.excluded ?? 'not used';
  }
}
