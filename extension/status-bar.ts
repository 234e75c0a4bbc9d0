/** A status bar item while a run is active: epoch and loss; a click opens the panel. */
import * as vscode from 'vscode';
import type { RunSnapshot } from '../webview/protocol';
import { epochsDone, isActive } from '../shared/run-state';
import { CMD } from './command-ids';

/** Least time between two updates of the item that change only its numbers. */
const STATUS_BAR_MS = 250;

export function createStatusBar(): { item: vscode.StatusBarItem; update: (s: RunSnapshot | undefined) => void } {
  const item = vscode.window.createStatusBarItem('gradientLab.run', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Gradient Lab run';
  item.command = CMD.openPanel;
  // A new status or notice shows at once; the moving numbers at most every STATUS_BAR_MS, so
  // the workbench is not asked to re-render the item at the views' rate.
  let shown = '', shownAt = 0, latest: RunSnapshot | undefined, timer: ReturnType<typeof setTimeout> | undefined;
  const update = (s: RunSnapshot | undefined) => {
    latest = s;
    const key = `${s?.runId}|${s?.status}|${s?.notice}`;
    const wait = shownAt + STATUS_BAR_MS - Date.now();
    if (key === shown && wait > 0) {
      timer ??= setTimeout(() => {
        timer = undefined;
        render(latest);
      }, wait);
      return;
    }
    render(s);
  };
  const render = (s: RunSnapshot | undefined) => {
    shown = `${s?.runId}|${s?.status}|${s?.notice}`;
    shownAt = Date.now();
    if (!s || !isActive(s.status)) {
      item.hide();
      return;
    }
    const step = s.lastStep ?? s.steps.at(-1);
    const epochs = s.started?.config.training.epochs;
    const icon = s.status === 'paused' ? '$(debug-pause)' : s.status === 'loading' ? '$(loading~spin)' : '$(sync~spin)';
    const text = step ? `${icon} ${s.status === 'paused' ? 'paused · ' : ''}epoch ${epochsDone(s)}/${epochs} · step ${step.step} · loss ${step.loss.toPrecision(4)}` : `${icon} ${s.status === 'loading' ? 'loading data…' : s.status === 'paused' ? 'paused before the first step' : 'starting…'}`;
    // A control the worker has not acknowledged yet says so here too.
    item.text = s.notice ? `${text} · $(watch) waiting` : text;
    item.tooltip = `Gradient Lab: ${s.title} (${s.status}).${s.notice ? ` ${s.notice}` : ''} Click to open the training panel.`;
    item.accessibilityInformation = { label: `Gradient Lab run ${s.status}${step ? `, ${epochsDone(s)} of ${epochs} epochs done, step ${step.step}, loss ${step.loss.toPrecision(3)}` : ''}${s.notice ? `. ${s.notice}` : ''}` };
    item.show();
  };
  return { item, update };
}
