/**
 * The Compare Runs panel: runs selected in the Runs view (or picked) side by side, as
 * TensorBoard shows them — overlaid curves, final metrics, and the config fields that differ.
 * The view (webview/views/runs/) adds and removes runs; its ids are checked against the runs
 * folder before anything is read.
 */
import * as vscode from 'vscode';
import { MAX_COMPARED, parseFromRunsView, type FromRunsView } from '../../webview/views/runs/protocol';
import { CMD } from '../command-ids';
import { compareMessage } from '../compare-data';
import { LabPanel, type LabPanelApi, type LabViewSpec } from '../lab-panel';
import { runFilesAt } from '../run-locations';
import { listRuns, type RunRecord } from '../run-store';
import { describeRun, runLabel } from '../run-text';
import { runsFolder } from '../settings';

/** Sends the comparison of `ids`; returns the ids still in the runs folder. */
async function post(api: LabPanelApi, ids: string[]): Promise<string[]> {
  const folder = runsFolder();
  const { missing, ...message } = folder ? await compareMessage(runFilesAt(folder), folder, ids) : { type: 'runs' as const, runs: [], available: [], missing: ids };
  if (missing.length) {
    ids = ids.filter((id) => !missing.includes(id));
    void vscode.window.showWarningMessage(`Compare Runs: ${missing.length} run(s) are no longer in the runs folder and were left out: ${missing.join(', ')}`);
  }
  api.panel.title = `Gradient Lab: Compare Runs (${message.runs.length})`;
  api.post(message);
  return ids;
}

/** Two or more runs from the Runs view's selection, or picked from the list when fewer are selected. */
async function chooseRuns(first?: RunRecord, selected?: RunRecord[]): Promise<string[] | undefined> {
  const given = (selected?.length ? selected : first ? [first] : []).filter((r) => r.dir && r.config);
  if (given.length >= 2) return given.slice(0, MAX_COMPARED).map((r) => r.id);
  const folder = runsFolder();
  const all = (folder ? await listRuns(runFilesAt(folder), folder) : []).filter((r) => r.config);
  const picks = await vscode.window.showQuickPick(
    all.map((r) => ({ label: runLabel(r), description: describeRun(r), detail: r.id, id: r.id, picked: given.some((g) => g.id === r.id) })),
    { title: 'Compare Runs', canPickMany: true, placeHolder: all.length ? `Pick two or more runs (at most ${MAX_COMPARED})` : 'No saved runs yet: train a model first' },
  );
  return picks?.slice(0, MAX_COMPARED).map((p) => p.id);
}

export const compareRunsLab: LabViewSpec<FromRunsView> = {
  kind: 'runs',
  title: 'Compare Runs',
  parse: parseFromRunsView,
  attach(api) {
    let ids = Array.isArray(api.args) ? (api.args as string[]) : [];
    return {
      async onMessage(m) {
        if (m.type === 'ready') {
          // After a reload the panel has no args: the view says which runs it showed.
          if (!ids.length) ids = m.ids;
        } else if (m.type === 'add') {
          if (!ids.includes(m.id) && ids.length < MAX_COMPARED) ids = [...ids, m.id];
        } else {
          ids = ids.filter((id) => id !== m.id);
        }
        ids = await post(api, ids);
      },
    };
  },
  commands: {
    [CMD.compareRuns]: async (deps, first?: RunRecord, selected?: RunRecord[]) => {
      const ids = await chooseRuns(first, selected);
      if (!ids?.length) return;
      LabPanel.show(compareRunsLab, deps, ids);
    },
  },
};
