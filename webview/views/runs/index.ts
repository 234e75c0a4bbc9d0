/**
 * The Compare Runs view: the runs in the comparison (a legend with each run's colour, its
 * status and a Remove button; a picker to add more), their overlaid curves, a table of final
 * metrics and the config fields that differ between them. Every run's data comes from the
 * extension; this view only chooses what to show and how.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { fmt, duration, percent } from '../../format';
import type { LabHost } from '../../lab-host';
import { differingFields } from '../../../shared/run-fields';
import { CompareCurves, runColor, type CurveOptions } from './curves';
import { parseToRunsView, type CompareRun, type FromRunsView, type ToRunsView } from './protocol';
import './runs.css';

interface Saved {
  ids?: string[];
  options?: CurveOptions;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

export function mountRuns(app: HTMLElement, host: LabHost): void {
  const saved = host.getState<Saved>() ?? {};
  const options: CurveOptions = { smoothing: 0, logScale: false, xAxis: 'epoch', ...saved.options };
  let state: ToRunsView = { type: 'runs', runs: [], available: [] };
  const send = (m: FromRunsView) => host.post(m);
  const remember = () => host.setState<Saved>({ ids: state.runs.map((r) => r.id), options });

  const legend = el('ul', { className: 'run-legend' });
  legend.setAttribute('aria-label', 'Runs in the comparison');
  const addSelect = el('select', { id: 'add-run' });
  addSelect.setAttribute('aria-label', 'A run to add to the comparison');
  const addButton = document.createElement('vscode-button');
  addButton.textContent = 'Add Run';
  addButton.id = 'add-run-button';
  addButton.setAttribute('secondary', '');
  addButton.addEventListener('click', () => addSelect.value && send({ type: 'add', id: addSelect.value }));

  const smoothInput = el('input', { type: 'range', id: 'cmp-smooth', min: '0', max: '0.98', step: '0.02', value: String(options.smoothing), className: 'range' });
  const logInput = el('input', { type: 'checkbox', id: 'cmp-log', checked: options.logScale });
  const axisSelect = el('select', { id: 'cmp-axis' }, new Option('step', 'step'), new Option('epoch', 'epoch'), new Option('time (seconds)', 'time'));
  axisSelect.value = options.xAxis;
  const label = (input: HTMLElement, text: string, help: string) => el('label', { title: help }, input, ` ${text}`);
  const toolbar = el('div', { className: 'chart-options' },
    label(logInput, 'log scale', 'Logarithmic y axis for the losses'),
    label(smoothInput, 'smoothing', 'Exponential moving average of each curve'),
    label(axisSelect, 'x axis', 'Plot against steps, epochs or training time'));
  toolbar.setAttribute('role', 'group');
  toolbar.setAttribute('aria-label', 'Chart options');
  const update = (o: Partial<CurveOptions>) => {
    Object.assign(options, o);
    curves.draw(state.runs, options);
    remember();
  };
  logInput.addEventListener('change', () => update({ logScale: logInput.checked }));
  smoothInput.addEventListener('change', () => update({ smoothing: Number(smoothInput.value) }));
  axisSelect.addEventListener('change', () => update({ xAxis: axisSelect.value === 'step' ? 'step' : axisSelect.value === 'time' ? 'time' : 'epoch' }));

  const chartHost = el('div', { className: 'charts' });
  const curves = new CompareCurves(chartHost);
  const finals = el('table', { className: 'cmp-table', id: 'final-metrics' });
  const diff = el('table', { className: 'cmp-table', id: 'config-diff' });
  const diffNote = el('p', { className: 'help', id: 'config-diff-note' });

  app.replaceChildren(
    el('h1', {}, 'Compare Runs'),
    el('p', { className: 'help' }, 'Runs side by side: each run has one colour in every chart. Runs are read from their folders (metrics.jsonl, summary.json, config.json); nothing here changes them.'),
    legend,
    el('div', { className: 'add-run' }, addSelect, addButton),
    toolbar, chartHost,
    el('h2', {}, 'Final metrics'), finals,
    el('h2', {}, 'Config differences'), diffNote, diff,
  );

  function renderLegend(): void {
    legend.replaceChildren(...state.runs.map((r, i) => {
      const { color, dash } = runColor(i);
      const swatch = el('span', { className: 'swatch' });
      swatch.style.borderTop = `3px ${dash.length ? 'dashed' : 'solid'} ${color}`;
      const remove = document.createElement('vscode-button');
      remove.textContent = 'Remove';
      remove.setAttribute('secondary', '');
      remove.setAttribute('aria-label', `Remove ${r.label} from the comparison`);
      remove.addEventListener('click', () => send({ type: 'remove', id: r.id }));
      const li = el('li', {}, swatch, el('span', { className: 'run-name' }, r.label), el('span', { className: 'run-status' }, ` ${r.status}`), remove);
      li.dataset.runId = r.id;
      if (r.problem) li.append(el('span', { className: 'run-problem' }, ` — ${r.problem}`));
      return li;
    }));
    addSelect.replaceChildren(...state.available.map((a) => new Option(a.label, a.id)));
    addSelect.disabled = !state.available.length;
    if (state.available.length) addButton.removeAttribute('disabled');
    else addButton.setAttribute('disabled', '');
  }

  function table(t: HTMLTableElement, head: string[], rows: string[][]): void {
    const thead = el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h))));
    const tbody = el('tbody', {}, ...rows.map((r) => el('tr', {}, el('th', { scope: 'row' }, r[0]!), ...r.slice(1).map((c) => el('td', {}, c)))));
    t.replaceChildren(thead, tbody);
  }

  function renderTables(runs: CompareRun[]): void {
    const regression = runs.some((r) => r.task === 'regression');
    table(finals, ['run', 'status', 'epochs', 'train loss', 'val loss', regression ? 'val acc / R²' : 'val accuracy', 'time'], runs.map((r) => [
      r.label, r.status, r.final.epochs === undefined ? '–' : String(r.final.epochs), fmt(r.final.trainLoss), fmt(r.final.valLoss),
      r.final.valAccuracy !== undefined ? percent(r.final.valAccuracy) : fmt(r.final.valR2), duration(r.final.seconds),
    ]));
    const fields = differingFields(runs.map((r) => r.config));
    const maps = runs.map((r) => new Map(r.config));
    diffNote.textContent = runs.length < 2 ? 'Add a second run to see how their configs differ.'
      : fields.length ? `${fields.length} field${fields.length === 1 ? '' : 's'} differ; every other field of the configs is the same.` : 'The configs are identical.';
    table(diff, ['field', ...runs.map((r) => r.label)], fields.map((f) => [f, ...maps.map((m) => m.get(f) ?? '(not set)')]));
    diff.hidden = !fields.length;
  }

  host.onMessage((raw) => {
    const m = parseToRunsView(raw);
    if (!m) return;
    state = m;
    renderLegend();
    curves.draw(state.runs, options);
    renderTables(state.runs);
    remember();
  });
  send({ type: 'ready', ids: saved.ids ?? [] });
}
