/**
 * The side bar's Training view: compact controls and a small live loss chart of the current
 * run, its own content (not a launcher). Like the panel, it replays on becoming visible.
 */
import * as vscode from 'vscode';
import type { Deps } from './training-panel';
import { bridge, renderPage, webviewOptions } from './webview-bridge';

export class TrainingViewProvider implements vscode.WebviewViewProvider {
  constructor(private readonly deps: Deps) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = webviewOptions(this.deps.extensionUri);
    view.webview.html = renderPage(view.webview, this.deps.extensionUri, 'sidebar');
    const link = bridge(view.webview, () => view.visible, (l) => view.onDidChangeVisibility(l), this.deps.controller, this.deps.onIntent, this.deps.log);
    view.onDidDispose(() => link.dispose());
  }
}
