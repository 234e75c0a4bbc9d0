/**
 * Entry of the lab bundle (dist/lab.js): the panels beyond training — symmetry, landscapes,
 * features, model comparison, weight-agnostic networks. The page's `data-view` picks the view.
 */
import './styles.css';
import type { LabHost } from './lab-host';
import { LAB_VIEWS } from './lab-views';
import { vscodeApi } from './vscode-api';

const vscode = vscodeApi;
const kind = document.body.dataset.view ?? '';
const app = document.getElementById('app')!;
/**
 * A `lab-update` (extension/lab-panel.ts `postLatest`) carries the newest state under each key:
 * its messages go to the view one by one, and once the frame that shows them is painted the
 * page acknowledges, which lets the extension send the next.
 */
function isLabUpdate(m: unknown): m is { type: 'lab-update'; seq: number; messages: unknown[] } {
  const u = m as { type?: unknown; seq?: unknown; messages?: unknown } | null;
  return typeof u === 'object' && u !== null && u.type === 'lab-update' && Number.isSafeInteger(u.seq) && Array.isArray(u.messages);
}

function acknowledge(seq: number): void {
  let sent = false;
  const ack = () => {
    if (!sent) vscode.postMessage({ type: 'lab-ack', seq });
    sent = true;
  };
  requestAnimationFrame(() => setTimeout(ack, 0));
  setTimeout(ack, 500);
}

const host: LabHost = {
  kind,
  post: (m) => vscode.postMessage(m),
  onMessage: (listener) => window.addEventListener('message', (e: MessageEvent) => {
    if (!isLabUpdate(e.data)) return listener(e.data);
    for (const m of e.data.messages) listener(m);
    acknowledge(e.data.seq);
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
