/** The Runs view: saved runs read back from the runs folder, with the live run's status on top. */
import * as vscode from 'vscode';
import type { RunStatus } from '../webview/protocol';
import { isActive } from '../webview/run-state';
import { CMD } from './command-ids';
import type { RunController } from './run-controller';
import { listRuns, type RunRecord } from './run-store';
import { runsFolder } from './settings';

const ICONS: Record<RunStatus | 'interrupted', string> = {
  loading: 'loading~spin', running: 'sync~spin', paused: 'debug-pause', finished: 'pass', stopped: 'circle-slash',
  diverged: 'warning', failed: 'error', interrupted: 'debug-disconnect',
};

function fmt(v: number | undefined, digits = 4): string | undefined {
  return v === undefined || !Number.isFinite(v) ? undefined : Number(v.toPrecision(digits)).toString();
}

/** "finished · loss 0.1234 · val acc 97.5%": the final numbers in one line. */
export function describeRun(r: RunRecord): string {
  const s = r.summary;
  const parts: string[] = [r.status];
  if (s && 'trainLoss' in s) {
    parts.push(`loss ${fmt(s.trainLoss)}`);
    if (s.valAccuracy !== undefined) parts.push(`val acc ${(s.valAccuracy * 100).toFixed(1)}%`);
    else if (s.valR2 !== undefined) parts.push(`val R² ${fmt(s.valR2, 3)}`);
  }
  return parts.join(' · ');
}

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
    const runs = folder ? await listRuns(folder) : [];
    const live = this.controller.current;
    if (live) {
      const i = runs.findIndex((r) => r.id === live.runId);
      const status = live.status;
      if (i >= 0) runs[i] = { ...runs[i]!, status, ...(live.summary ? { summary: live.summary } : {}) };
      else runs.unshift({ id: live.runId, dir: '', name: live.title, dataset: live.started?.dataset.source ?? '', status, created: Date.now() });
    }
    return runs;
  }

  getTreeItem(r: RunRecord): vscode.TreeItem {
    const live = this.controller.current?.runId === r.id;
    const item = new vscode.TreeItem(`${r.name}${r.dataset ? ` — ${r.dataset.split(/[\\/]/).pop()}` : ''}`);
    item.id = r.id;
    item.description = describeRun(r);
    item.iconPath = new vscode.ThemeIcon(ICONS[r.status] ?? 'circle-outline');
    item.contextValue = live && isActive(r.status as RunStatus) ? 'run.active' : r.dir ? 'run.saved' : 'run.unsaved';
    const message = r.summary && 'message' in r.summary ? r.summary.message : live ? this.controller.current?.message : undefined;
    item.tooltip = new vscode.MarkdownString(`**${r.name}** (${r.status})\n\n${r.dir ? `\`${r.dir}\`` : 'not saved'}${message ? `\n\n${message}` : ''}`);
    item.command = { command: CMD.openRun, title: 'Open Run', arguments: [r] };
    return item;
  }
}
