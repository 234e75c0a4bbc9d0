/**
 * A saved run read back for the training panel: its curves rebuilt from metrics.jsonl through
 * the same fold the live panel uses (run-state), its status from summary.json, and the notes,
 * config and data decisions the read-only panel shows. No `vscode`: tests call it directly.
 */
import type { ControlValues, PastRunInfo, RunStatus, RunSnapshot, ToWebview } from '../webview/protocol';
import { dataLines, flattenConfig } from '../shared/run-fields';
import { applyEvent, emptySnapshot, isActive } from '../shared/run-state';
import type { RunFiles } from './run-files';
import { readMetricsChecked, type RunRecord } from './run-store';

export async function pastRunMessage(files: RunFiles, r: RunRecord, controls: ControlValues): Promise<Extract<ToWebview, { type: 'pastRun' }>> {
  const { events, torn, missing } = await readMetricsChecked(files, r.dir);
  const snapshot: RunSnapshot = emptySnapshot(r.id, r.name, 'running');
  for (const e of events) applyEvent(snapshot, e);
  // summary.json says how it ended; without one it was cut off (shown as stopped, noted below).
  const ended: RunStatus = r.status === 'interrupted' || isActive(r.status as RunStatus) ? 'stopped' : (r.status as RunStatus);
  snapshot.status = ended;
  const notes: string[] = [];
  if (r.damage) notes.push(`Damaged: ${r.damage}.`);
  if (r.status === 'interrupted') notes.push('Interrupted: the run has no summary.json (VS Code or its worker stopped before the run ended); the curves are what metrics.jsonl kept.');
  if (r.summary && 'reason' in r.summary && typeof r.summary.reason === 'string') notes.push(`Stopped: ${r.summary.reason}.`);
  if (r.summary && 'message' in r.summary) notes.push(r.summary.message);
  else if (snapshot.message) notes.push(snapshot.message);
  if (missing) notes.push('metrics.jsonl is missing: there are no curves to show.');
  if (torn) notes.push(`${torn} line${torn === 1 ? '' : 's'} of metrics.jsonl could not be read (a crash tears the last line) and ${torn === 1 ? 'was' : 'were'} skipped.`);
  const run: PastRunInfo = {
    status: r.status,
    notes,
    config: r.config ? flattenConfig(r.config) : [],
    data: dataLines(snapshot.started),
    canTrainAgain: !!r.config,
  };
  return { type: 'pastRun', snapshot, run, controls };
}
