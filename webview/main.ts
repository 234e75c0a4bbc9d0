/**
 * Entry of the one webview bundle (dist/webview.js): every panel and the side bar's Training
 * view. The page's `data-view` picks the view (webview/lab-views.ts); each view gets the same
 * host (webview/lab-host.ts).
 */
import './styles.css';
import type { LabHost } from './lab-host';
import { LAB_VIEWS } from './lab-views';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

/** The page's VS Code API (it may be acquired only once per page). */
const vscode = acquireVsCodeApi();
const kind = document.body.dataset.view ?? '';
const app = document.getElementById('app')!;

/**
 * An `update` (extension/view-feed.ts, extension/lab-panel.ts `postLatest`) carries messages
 * the view takes one by one; once the frame that shows them is painted the page acknowledges
 * (`ack`), which lets the extension send the next. seq 0 is a small change sent outside the flow.
 */
function isUpdate(m: unknown): m is { type: 'update'; seq: number; messages: unknown[] } {
  const u = m as { type?: unknown; seq?: unknown; messages?: unknown } | null;
  return typeof u === 'object' && u !== null && u.type === 'update' && Number.isSafeInteger(u.seq) && Array.isArray(u.messages);
}

/** Acknowledges once the frame with the update is painted (or after a while, if frames are not painted: a hidden page). */
function acknowledge(seq: number): void {
  let sent = false;
  const ack = () => {
    if (!sent) vscode.postMessage({ type: 'ack', seq });
    sent = true;
  };
  requestAnimationFrame(() => setTimeout(ack, 0));
  setTimeout(ack, 500);
}

const host: LabHost = {
  kind,
  post: (m) => vscode.postMessage(m),
  onMessage: (listener, afterUpdate) => window.addEventListener('message', (e: MessageEvent) => {
    if (!isUpdate(e.data)) return listener(e.data);
    for (const m of e.data.messages) listener(m);
    afterUpdate?.();
    if (e.data.seq > 0) acknowledge(e.data.seq);
  }),
  getState: <T>() => vscode.getState() as T | undefined,
  setState: (s) => vscode.setState(s),
};
const mount = LAB_VIEWS[kind];
if (mount) {
  mount(app, host);
  app.removeAttribute('aria-busy');
} else {
  app.textContent = `Gradient Lab has no view named "${kind}".`;
}
