/**
 * Connects one webview (the training panel or the side view) to the run controller: replays the
 * current run when the view asks or becomes visible again, and forwards throttled events while
 * it is visible through a ViewFeed (one update at a time, each acknowledged). Also the page every
 * webview loads.
 */
import * as vscode from 'vscode';
import type { FromWebview } from '../webview/protocol';
import type { RunController } from './run-controller';
import { ViewFeed } from './view-feed';
import { makeNonce, pageHtml } from './webview-html';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/** A webview page of the one bundle (dist/webview.js), `view` its data-view. A fresh nonce for every page. */
export function renderPage(webview: vscode.Webview, extensionUri: vscode.Uri, view: string, title = 'Gradient Lab'): string {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  return pageHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    nonce: makeNonce((n) => globalThis.crypto.getRandomValues(new Uint8Array(n))),
    view,
    title,
  });
}

/** What a view of the live run does with its (validated) messages; `dispose` undoes the wiring. */
export interface LiveLink {
  onMessage(m: FromWebview): void;
  dispose(): void;
}

/** Wires a view to the controller's current run. */
export function liveLink(
  post: (m: unknown) => void,
  isVisible: () => boolean,
  onVisibility: (listener: () => void) => vscode.Disposable,
  controller: RunController,
  onIntent: (m: FromWebview) => void,
): LiveLink {
  const feed = new ViewFeed(post, () => controller.replay());
  let stale = false;
  const unsubscribe = controller.onViewMessage((m) => {
    // A hidden view is not sent events; it gets a full replay when it shows again.
    if (isVisible()) feed.push(m);
    else stale = true;
  });
  const visibility = onVisibility(() => {
    if (isVisible() && stale) {
      stale = false;
      feed.push(controller.replay());
    }
  });
  return {
    onMessage(m) {
      if (m.type === 'ready') feed.restart(controller.replay());
      else if (m.type === 'ack') feed.ack(m.seq);
      else onIntent(m);
    },
    dispose() {
      unsubscribe();
      visibility.dispose();
    },
  };
}
