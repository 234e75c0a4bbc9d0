/**
 * The "models" lab view: Compare Models (table + decision boundaries), the term-count panel and
 * the PCA view, on one page in that order. It renders what the extension forwards from the
 * worker, sends only intents (compare with these options, analyse PCA, pick a dataset,
 * cancel), and keeps its rendered state in vscode.setState, so hiding or reloading the panel
 * shows the last results without training again.
 */
import type { MountLabView } from '../../lab-host';
import { BoundaryFigure } from './boundaries';
import { CompareTable } from './compare-table';
import { el, numberField, wholeValue } from './dom';
import { PRESET_NAMES, count } from './labels';
import './models.css';
import { PcaPanel } from './pca';
import { LIMITS, parseToModelsView, type CompareOptions, type FromModelsView } from './protocol';
import { reduce, type ModelsState } from './state';
import { TermsPanel } from './terms';

export const mountModels: MountLabView = (app, host) => {
  const send = (m: FromModelsView) => host.post(m);
  let state: ModelsState = host.getState<ModelsState>() ?? {};

  const title = el('h1', {}, 'Compare models');
  const status = el('p', { className: 'status', id: 'models-status' });
  status.setAttribute('role', 'status');
  const alert = el('div', { className: 'alert', id: 'models-alert', hidden: true });
  alert.setAttribute('role', 'alert');

  const degree = numberField('models-degree', 'Polynomial degree', 2, LIMITS.degree, 'Of "Polynomial logistic": 2 draws circles, ellipses, hyperbolas.');
  const components = numberField('models-components', 'PCA components', 2, LIMITS.components, 'Of "PCA → logistic": principal components kept.');
  const epochs = numberField('models-epochs', 'Epochs', 50, LIMITS.epochs, 'Passes over the training set, for every family.');
  const compare = el('button', { type: 'submit', id: 'models-compare' }, 'Compare');
  const cancel = el('button', { type: 'button', id: 'models-cancel', className: 'secondary', title: 'Stop what is running (Escape)' }, 'Cancel');
  const pick = el('button', { type: 'button', id: 'models-pick', className: 'secondary' }, 'Dataset…');
  // noValidate: the panel's own check and role=alert message instead of the browser's bubble.
  const form = el('form', { className: 'models-options', noValidate: true },
    el('div', { className: 'controls' }, degree.row, components.row, epochs.row),
    el('div', { className: 'buttons' }, compare, cancel, pick));
  form.setAttribute('aria-label', 'Comparison options');

  const table = new CompareTable();
  const figure = new BoundaryFigure();
  const terms = new TermsPanel();
  const pca = new PcaPanel();
  app.replaceChildren(title, status, alert, form, table.root, figure.root, terms.root, pca.root);

  const options = (): CompareOptions | undefined => {
    const d = wholeValue(degree.input, LIMITS.degree), c = wholeValue(components.input, LIMITS.components), e = wholeValue(epochs.input, LIMITS.epochs);
    return d === undefined || c === undefined || e === undefined ? undefined : { degree: d, components: c, epochs: e };
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const o = options();
    if (!o) return showAlert(`Enter whole numbers: degree ${LIMITS.degree.join('–')}, components ${LIMITS.components.join('–')}, epochs ${LIMITS.epochs.join('–')}.`);
    send({ type: 'compare', ...o });
  });
  cancel.addEventListener('click', () => send({ type: 'cancel' }));
  pick.addEventListener('click', () => send({ type: 'pickDataset' }));
  pca.runButton.addEventListener('click', () => send({ type: 'pca' }));
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && busy()) send({ type: 'cancel' });
  });

  function showAlert(message: string | undefined): void {
    alert.hidden = !message;
    alert.textContent = message ?? '';
  }

  const busy = () => (!!state.compare && !state.compare.done) || (!!state.pca && !state.pca.done);

  let frame = 0;
  function render(): void {
    frame = 0;
    const c = state.compare;
    title.textContent = state.label ? `Compare models: ${state.label}` : 'Compare models';
    status.textContent = statusLine(state);
    showAlert(state.error);
    cancel.disabled = !busy();
    compare.disabled = !state.label || (!!c && !c.done);
    table.update(c);
    figure.update(c);
    if (c) terms.setDataset({ features: c.dataset.features, rows: c.dataset.trainRows, source: c.dataset.source });
    pca.update(state.pca, busy() || !state.label);
  }

  host.onMessage((raw) => {
    const m = parseToModelsView(raw);
    if (!m) return; // not ours, or malformed: nothing is drawn from it
    state = reduce(state, m);
    // Progress is not worth a serialization of every boundary; results are.
    if (!(m.type === 'progress' && !m.partial)) host.setState(state);
    frame ||= requestAnimationFrame(render);
  });
  render();
  send({ type: 'ready' });
};

/** One line on what the panel is doing. */
function statusLine(s: ModelsState): string {
  const c = s.compare;
  if (!s.label) return 'Pick a dataset (Dataset…) to compare model families on it.';
  if (!c) return `${s.label}: reading the dataset…`;
  const shape = `${count(c.dataset.rows)} rows × ${count(c.dataset.features)} features, ${c.dataset.task}`;
  if (c.done) return `${s.label} (${shape}): ${c.cancelled ? 'cancelled' : `${Object.keys(c.results).length} families compared`}.`;
  const p = c.progress;
  const training = c.presets.find((preset) => preset === p?.phase);
  const done = Object.keys(c.results).length;
  return `${s.label} (${shape}): training ${training ? PRESET_NAMES[training] : 'the first family'} (${done + 1} of ${c.presets.length})…`;
}
