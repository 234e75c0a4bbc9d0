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
const host: LabHost = {
  kind,
  post: (m) => vscode.postMessage(m),
  onMessage: (listener) => window.addEventListener('message', (e: MessageEvent) => listener(e.data)),
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
