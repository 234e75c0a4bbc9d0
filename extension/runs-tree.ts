/**
 * The Runs view: saved runs read back from the runs folder, with the live run's status on top.
 * A damaged folder is a row saying what is wrong; it never hides the others.
 */
import * as vscode from 'vscode';
import type { RunStatus } from '../webview/protocol';
import { isActive } from '../shared/run-state';
import { CMD } from './command-ids';
import type { RunController } from './run-controller';
import { runFilesAt } from './run-locations';
import { listRuns, readStartedEvent, type RunRecord, type StoredStatus } from './run-store';
import { describeRun, runLabel, runTooltip } from './run-text';
import { runsFolder } from './settings';

const ICONS: Record<StoredStatus, string> = {
  loading: 'loading~spin', running: 'sync~spin', paused: 'debug-pause', finished: 'pass', stopped: 'circle-slash',
  diverged: 'warning', failed: 'error', interrupted: 'debug-disconnect',
};

export class RunsTree implements vscode.TreeDataProvider<RunRecord> {
  private readonly changed = new vscode.EventEmitter<RunRecord | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private lastStatus: string | undefined;

  constructor(private readonly controller: RunController) {
    // Refresh on status changes only, not on every throttled update.
    controller.onChange((s) => {
      const key = s ? `${s.runId}:${s.status}` : undefined;
      if (key !== this.lastStatus) {
        this.lastStatus = key;
        this.refresh();
      }
    });
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(element?: RunRecord): Promise<RunRecord[]> {
    if (element) return [];
    const folder = runsFolder();
    const runs = folder ? await listRuns(runFilesAt(folder), folder) : [];
    const live = this.controller.current;
    if (live) {
      const i = runs.findIndex((r) => r.id === live.runId);
      const status = live.status;
      if (i >= 0) runs[i] = { ...runs[i]!, status, ...(live.summary ? { summary: live.summary } : {}) };
      else runs.unshift({ id: live.runId, dir: '', name: live.title, dataset: live.started?.dataset.source ?? '', status, ...(live.started ? { config: live.started.config } : {}), created: Date.now() });
    }
    return runs;
  }

  getTreeItem(r: RunRecord): vscode.TreeItem {
    const live = this.controller.current?.runId === r.id;
    const item = new vscode.TreeItem(runLabel(r));
    item.id = r.id;
    item.description = describeRun(r);
    item.iconPath = new vscode.ThemeIcon(r.damage ? 'warning' : ICONS[r.status] ?? 'circle-outline', r.damage ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
    item.contextValue = live && isActive(r.status as RunStatus) ? 'run.active' : r.damage && !r.config ? 'run.damaged' : r.dir ? 'run.saved' : 'run.unsaved';
    item.accessibilityInformation = { label: `${runLabel(r)}, ${r.damage ? 'damaged' : r.status}, ${item.description}` };
    item.tooltip = runTooltip(r, this.message(r));
    item.command = { command: CMD.openRun, title: 'Open Run', arguments: [r] };
    return item;
  }

  /** On hover: the tooltip gains the data decisions from the head of the run's metrics.jsonl. */
  async resolveTreeItem(item: vscode.TreeItem, r: RunRecord): Promise<vscode.TreeItem> {
    const started = r.dir ? await readStartedEvent(runFilesAt(r.dir), r.dir) : this.controller.current?.started;
    if (started) item.tooltip = runTooltip(r, this.message(r), started);
    return item;
  }

  private message(r: RunRecord): string | undefined {
    if (r.summary && 'message' in r.summary) return r.summary.message;
    return this.controller.current?.runId === r.id ? this.controller.current.message : undefined;
  }
}
