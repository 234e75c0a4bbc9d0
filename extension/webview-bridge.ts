/**
 * Connects one webview (panel or side view) to the run controller: replays the current run
 * when the view asks or becomes visible again, forwards throttled events while it is visible
 * through a ViewFeed (one update at a time, each acknowledged), and validates every message
 * the view sends before acting on it.
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { parseFromWebview, type FromWebview } from '../webview/protocol';
import type { RunController } from './run-controller';
import { ViewFeed } from './view-feed';
import { makeNonce, pageHtml } from './webview-html';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/**
 * A webview page: `bundle` 'webview' (the training panel and side view) or 'lab' (the lab
 * panels), `view` its data-view. A fresh nonce for every page.
 */
export function renderPage(webview: vscode.Webview, extensionUri: vscode.Uri, view: string, bundle: 'webview' | 'lab' = 'webview', title?: string): string {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  return pageHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${bundle}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${bundle}.css`)).toString(),
    nonce: makeNonce((n) => crypto.randomBytes(n)),
    view,
    title: title ?? (view === 'panel' ? 'Gradient Lab: Training' : 'Gradient Lab'),
  });
}

/** Wires a webview to the controller; the result undoes it. */
export function bridge(
  webview: vscode.Webview,
  isVisible: () => boolean,
  onVisibility: (listener: () => void) => vscode.Disposable,
  controller: RunController,
  onIntent: (m: FromWebview) => void,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const feed = new ViewFeed((m) => void webview.postMessage(m), () => controller.replay());
  let stale = false;
  const unsubscribe = controller.onViewMessage((m) => {
    // A hidden view is not sent events; it gets a full replay when it shows again.
    if (isVisible()) feed.push(m);
    else stale = true;
  });
  const subs = [
    webview.onDidReceiveMessage((raw: unknown) => {
      const m = parseFromWebview(raw);
      if (!m) {
        log.warn(`ignored a malformed message from a webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
        return;
      }
      if (m.type === 'ready') feed.restart(controller.replay());
      else if (m.type === 'ack') feed.ack(m.seq);
      else onIntent(m);
    }),
    onVisibility(() => {
      if (isVisible() && stale) {
        stale = false;
        feed.push(controller.replay());
      }
    }),
  ];
  return new vscode.Disposable(() => {
    unsubscribe();
    subs.forEach((d) => d.dispose());
  });
}
