/**
 * The side bar's Training view: compact controls and a small live loss chart of the current
 * run, its own content (not a launcher). Like the panel, it replays on becoming visible.
 */
import * as vscode from 'vscode';
import { parseFromWebview } from '../webview/protocol';
import type { Deps } from './training-panel';
import { liveLink, renderPage, webviewOptions } from './webview-bridge';

export class TrainingViewProvider implements vscode.WebviewViewProvider {
  constructor(private readonly deps: Deps) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const { extensionUri, controller, onIntent, log } = this.deps;
    view.webview.options = webviewOptions(extensionUri);
    view.webview.html = renderPage(view.webview, extensionUri, 'sidebar');
    const link = liveLink((m) => void view.webview.postMessage(m), () => view.visible, (l) => view.onDidChangeVisibility(l), controller, onIntent);
    const messages = view.webview.onDidReceiveMessage((raw: unknown) => {
      const m = parseFromWebview(raw);
      if (m) link.onMessage(m);
      else log.warn(`ignored a malformed message from the Training view: ${JSON.stringify(raw)?.slice(0, 200)}`);
    });
    view.onDidDispose(() => {
      link.dispose();
      messages.dispose();
    });
  }
}
