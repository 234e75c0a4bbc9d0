/** The data decisions as text: one line for the panel and side view, lines for the terminal. */
import type { DataDecisions } from '../engine/protocol/data';

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * The decisions in one line, e.g. "Predicting Species (classification, 3 classes) from 6 features ·
 * 333 of 344 rows (11 with missing values dropped) · ignored: Name (identifier)".
 */
export function decisionsLine(d: DataDecisions): string {
  const what = d.task === 'classification' ? `classification, ${d.classes.length} classes` : 'regression';
  const cols = d.featureColumns.length;
  const from = `from ${count(cols)} feature${cols === 1 ? '' : 's'}${d.features.length !== cols ? ` (${count(d.features.length)} inputs after encoding)` : ''}`;
  const rows = d.rowsDropped.length
    ? `${count(d.rowsUsed)} of ${count(d.rowsInFile)} rows (${d.rowsDropped.map((r) => `${count(r.count)} with ${r.reason} dropped`).join(', ')})`
    : `${count(d.rowsUsed)} rows`;
  const ignored = d.ignoredColumns.length
    ? ` · ignored: ${d.ignoredColumns.slice(0, 6).map((c) => `${c.name} (${c.reason})`).join(', ')}${d.ignoredColumns.length > 6 ? `, and ${d.ignoredColumns.length - 6} more` : ''}`
    : '';
  return `Predicting ${d.label} (${what}) ${from} · ${rows}${ignored}`;
}

/** The decisions as terminal lines: the one-line summary, then why each column is ignored, then warnings. */
export function decisionLines(d: DataDecisions): string[] {
  return [
    decisionsLine(d),
    ...d.ignoredColumns.slice(0, 20).map((c) => `  ignored ${c.name}: ${c.detail}`),
    ...(d.ignoredColumns.length > 20 ? [`  … and ${d.ignoredColumns.length - 20} more ignored columns`] : []),
    ...d.warnings.map((w) => `  ${w}`),
  ];
}
