/**
 * What a run on a data file predicts, chosen by the user: a quick pick of the label column (the
 * detected one preselected, each column with its type and distinct count), then the task. The
 * choice is remembered per file in workspace state, so the next run on the file goes straight
 * to training; "Change Label…" asks again.
 */
import * as vscode from 'vscode';
import type { Task } from '../engine/data/dataset';
import type { DatasetSummary } from '../engine/data/describe';

export interface LabelChoice {
  label: string;
  task: Task;
}

const key = (path: string) => `gradientLab.label:${path}`;

export function rememberedLabel(state: vscode.Memento, path: string): LabelChoice | undefined {
  return state.get<LabelChoice>(key(path));
}

export function rememberLabel(state: vscode.Memento, path: string, choice: LabelChoice): Thenable<void> {
  return state.update(key(path), choice);
}

/** A quick pick with `active` highlighted first, so Enter takes the detected choice. */
function pickOne<T extends vscode.QuickPickItem>(items: T[], active: T | undefined, title: string, placeholder: string): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.items = items;
  if (active) qp.activeItems = [active];
  return new Promise((resolve) => {
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      resolve(qp.selectedItems[0] ?? qp.activeItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/** Asks for the label column, then the task; undefined when cancelled. */
export async function pickLabel(summary: DatasetSummary, fileName: string): Promise<LabelChoice | undefined> {
  const columns = summary.columns.filter((c) => c.kind !== 'empty');
  const items = columns.map((c) => ({
    label: c.name,
    description: `${c.kind} · ${c.distinct ?? '?'} distinct${c.missing ? ` · ${c.missing} missing` : ''}${c.name === summary.label ? ' · detected' : ''}`,
    ...(c.reason && c.name !== summary.label ? { detail: `not used as an input: ${c.reason}` } : {}),
    column: c,
  }));
  const detected = items.find((i) => i.label === summary.label);
  const pick = await pickOne(items, detected, `Train on ${fileName}: what to predict?`, 'The label column (the detected one is highlighted)');
  if (!pick) return undefined;
  const numeric = pick.column.kind === 'numeric' || pick.column.kind === 'identifier';
  const guess: Task = pick.label === summary.label ? summary.task : numeric && (pick.column.distinct ?? 0) > 20 ? 'regression' : 'classification';
  const tasks = [
    { label: 'classification', description: `predict one of ${pick.column.distinct ?? 'its'} classes`, task: 'classification' as const },
    ...(numeric ? [{ label: 'regression', description: 'predict a number', task: 'regression' as const }] : []),
  ].map((t) => (t.task === guess ? { ...t, description: `${t.description} · detected` } : t));
  const task = tasks.length === 1 ? tasks[0] : await pickOne(tasks, tasks.find((t) => t.task === guess), `Predict ${pick.label}: as…`, 'The task (the detected one is highlighted)');
  return task ? { label: pick.label, task: task.task } : undefined;
}
