/**
 * Inspect Dataset's result as a read-only virtual document (never an "Untitled" one that asks to
 * be saved on close), with "Train with label …" in its editor title.
 */
import * as vscode from 'vscode';
import { formatSummary, type DatasetSummary } from '../engine/data/describe';

import { INSPECT_SCHEME } from './command-ids';
import { locationName } from '../engine/data/files';

export { INSPECT_SCHEME };

export class InspectDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly summaries = new Map<string, { path: string; summary: DatasetSummary }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This summary is no longer available: run "Gradient Lab: Inspect Dataset" again.';
  }

  /** The file and summary a summary document shows. */
  sourceOf(uri: vscode.Uri): { path: string; summary: DatasetSummary } | undefined {
    return this.summaries.get(uri.toString());
  }

  async show(path: string, summary: DatasetSummary): Promise<vscode.Uri> {
    const name = locationName(path);
    const uri = vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${name} (summary)`, query: `path=${encodeURIComponent(path)}` });
    this.texts.set(uri.toString(), formatSummary(summary) + `\n\nTo train on it: "Train with Label…" in this editor's title bar (or the command palette).\n`);
    this.summaries.set(uri.toString(), { path, summary });
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return uri;
  }
}
