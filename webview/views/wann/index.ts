/**
 * The weight-agnostic network view: the population chart, the champion's graph with a shared
 * weight slider, its accuracy over a sweep of weights, and the paper's table. It keeps no state
 * of its own beyond what the search's events rebuild (the extension replays them on "ready").
 */
import type { WannChampionEvent, WannStartedEvent, WannStateEvent } from '../../../engine/protocol/wann';
import type { LabHost, MountLabView } from '../../lab-host';
import { percent } from '../../format';
import { LineChart } from './line-chart';
import { parseToWannView } from './messages';
import { NetworkGraph } from './network-graph';
import { SLIDER_RANGE, type FromWannView, type WannAction, type WannViewEvent } from './protocol';
import { resultsTable } from './results-table';
import './wann.css';

/** The slider asks the worker at most this often (ms); the last position is always sent. */
const EVALUATE_EVERY_MS = 50;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

const last = (points: readonly { y: number }[]): number | undefined => points.at(-1)?.y;

function populationChart(): LineChart {
  return new LineChart({
    id: 'wann-population', title: 'Population by generation', xLabel: 'generation', yLabel: 'accuracy', y2Label: 'connections', yRange: [0, 1],
    series: [
      { label: 'population mean', color: ['--vscode-charts-blue', '#3794ff'] },
      { label: 'best mean', color: ['--vscode-charts-green', '#89d185'] },
      { label: 'best single weight', color: ['--vscode-charts-orange', '#d18616'], dash: true },
      { label: 'mean connections', color: ['--vscode-charts-purple', '#b180d7'], right: true },
    ],
    summarize: ([mean, best, single, size]) => {
      const n = mean!.length;
      if (!n) return 'No generation yet.';
      return `Generation ${n}: population mean accuracy ${percent(last(mean!))} (first generation ${percent(mean![0]!.y)}), ` +
        `best mean ${percent(last(best!))}, best at a single weight ${percent(last(single!))}, ${last(size!)?.toFixed(1)} connections on average.`;
    },
  });
}

function sweepChart(): LineChart {
  return new LineChart({
    id: 'wann-sweep', title: 'Champion accuracy by shared weight', xLabel: 'shared weight w', yLabel: 'accuracy', yRange: [0, 1],
    series: [
      { label: 'held-out rows, −3…3', color: ['--vscode-charts-blue', '#3794ff'] },
      { label: 'search rows, search weights', color: ['--vscode-charts-green', '#89d185'], dots: true },
      { label: 'held-out rows, slider', color: ['--vscode-charts-orange', '#d18616'], dots: true },
    ],
    summarize: ([sweep, search, slider]) => {
      const parts: string[] = [];
      if (search!.length) parts.push(`On the search rows: ${search!.map((p) => `w = ${p.x}: ${percent(p.y)}`).join(', ')}.`);
      if (sweep!.length) {
        const good = sweep!.filter((p) => p.y >= 0.9).map((p) => p.x);
        parts.push(`On held-out rows, ${good.length} of ${sweep!.length} weights from ${sweep![0]!.x} to ${sweep!.at(-1)!.x} give 90% or more${good.length ? ` (${good[0]} to ${good.at(-1)})` : ''}.`);
      }
      if (slider!.length) parts.push(`Slider: w = ${slider![0]!.x}, ${percent(slider![0]!.y)} held out.`);
      return parts.join(' ') || 'No champion yet.';
    },
  });
}

export const mountWann: MountLabView = (app: HTMLElement, host: LabHost) => {
  const post = (m: FromWannView) => host.post(m);
  const heading = el('h1', { textContent: 'Weight-agnostic network' });
  const status = el('p', { className: 'status', id: 'wann-status', textContent: 'Waiting for the search…' });
  status.setAttribute('role', 'status');
  const notes = el('p', { className: 'help', id: 'wann-notes' });
  const alert = el('div', { className: 'alert', hidden: true, id: 'wann-error' });
  alert.setAttribute('role', 'alert');
  const progress = el('progress', { id: 'wann-progress', max: 1, value: 0 });
  progress.setAttribute('aria-label', 'Generations done');
  const buttons: Record<WannAction, HTMLButtonElement> = {
    pause: el('button', { type: 'button', textContent: 'Pause', title: 'Pause between two generations', disabled: true }),
    resume: el('button', { type: 'button', textContent: 'Resume', disabled: true }),
    stop: el('button', { type: 'button', textContent: 'Stop', title: 'End the search now and compute the table for the best network so far', disabled: true }),
  };
  for (const [action, b] of Object.entries(buttons) as [WannAction, HTMLButtonElement][]) {
    b.dataset.action = action;
    b.addEventListener('click', () => post({ type: 'control', action }));
  }
  const population = populationChart();
  const graph = new NetworkGraph();
  const sweep = sweepChart();
  const slider = el('input', { type: 'range', id: 'wann-weight', className: 'range', min: String(SLIDER_RANGE.min), max: String(SLIDER_RANGE.max), step: String(SLIDER_RANGE.step), value: '1', disabled: true });
  const sliderValue = el('output', { id: 'wann-weight-value', htmlFor: 'wann-weight' as never, textContent: 'w = 1' });
  sliderValue.setAttribute('aria-live', 'polite');
  const sliderField = el('div', { className: 'field wann-slider' },
    el('label', { htmlFor: 'wann-weight', textContent: 'Shared weight w' }),
    el('div', { className: 'lr' }, slider, sliderValue),
    el('p', { className: 'help', textContent: 'Every connection of the champion carries this one weight. Move it (arrow keys work too) to see the same topology at other weights; the search tried −2, −1, −0.5, 0.5, 1 and 2.' }));
  const tableBox = el('section', { className: 'wann-results', id: 'wann-results' }, el('h2', { textContent: 'Results' }), el('p', { className: 'help', textContent: 'The table appears when the search finishes or is stopped.' }));

  app.replaceChildren(
    heading, status, notes, alert,
    el('div', { className: 'buttons' }, buttons.pause, buttons.resume, buttons.stop, progress),
    el('div', { className: 'charts' }, population.element, sweep.element),
    el('section', { className: 'wann-champion' }, graph.element, sliderField),
    tableBox,
  );

  let started: WannStartedEvent | undefined;
  let champion: WannChampionEvent | undefined;
  let state: WannStateEvent['state'] | undefined;
  let generation = 0;
  let bestMean: number | undefined;
  let title = '';

  const showStatus = () => {
    const total = started?.generations;
    const where = total ? `generation ${generation} / ${total}` : '';
    const best = bestMean !== undefined ? `best mean accuracy ${percent(bestMean)}` : '';
    status.textContent = [title, where, state, best].filter(Boolean).join(' · ') || 'Waiting for the search…';
    progress.max = total ?? 1;
    progress.value = generation;
    buttons.pause.disabled = state !== 'running';
    buttons.resume.disabled = state !== 'paused';
    buttons.stop.disabled = state !== 'running' && state !== 'paused';
  };

  // The slider: post at most every EVALUATE_EVERY_MS, and always the final position.
  let lastSent = 0, timer: ReturnType<typeof setTimeout> | undefined;
  const sendWeight = () => {
    timer = undefined;
    lastSent = performance.now();
    post({ type: 'evaluate', weight: Number(slider.value) });
  };
  slider.addEventListener('input', () => {
    sliderValue.textContent = `w = ${slider.value}`;
    if (timer === undefined) timer = setTimeout(sendWeight, Math.max(0, lastSent + EVALUATE_EVERY_MS - performance.now()));
  });

  const apply = (e: WannViewEvent) => {
    switch (e.type) {
      case 'wann-started':
        started = e;
        // The source is a full path for files; its name says enough here.
        notes.textContent = `${e.dataset.source.split(/[\\/]/).pop()}: ${e.dataset.features} inputs, ${e.dataset.classes} classes; ${e.population} networks a generation, seed ${e.seed}. Data: ${e.notes.join('; ')}.`;
        break;
      case 'wann-generation':
        generation = e.generation;
        bestMean = e.bestMeanPerformance;
        population.add(0, { x: e.generation, y: e.meanPerformance });
        population.add(1, { x: e.generation, y: e.bestMeanPerformance });
        population.add(2, { x: e.generation, y: e.bestPerformance });
        population.add(3, { x: e.generation, y: e.meanConnections });
        break;
      case 'wann-champion':
        champion = e;
        graph.show(e);
        sweep.set(1, e.weights.map((w, i) => ({ x: w, y: e.accuracies[i]! })));
        sweep.set(2, []);
        slider.disabled = false;
        break;
      case 'wann-sweep':
        sweep.set(0, e.weights.map((w, i) => ({ x: w, y: e.accuracies[i]! })));
        break;
      case 'wann-table':
        tableBox.replaceChildren(el('h2', { textContent: 'Results' }), ...resultsTable(e, started?.dataset.heldOutRows));
        break;
      case 'wann-state':
        state = e.state;
        break;
      case 'wann-evaluation':
        // An answer about an older champion would mislabel the current one.
        if (champion && e.generation !== champion.generation) return;
        sweep.set(2, [{ x: e.weight, y: e.heldOutAccuracy }]);
        sliderValue.textContent = `w = ${e.weight}: ${percent(e.heldOutAccuracy)} held out, ${percent(e.searchAccuracy)} on the search rows`;
        break;
      case 'error':
        alert.hidden = false;
        alert.textContent = e.message;
        break;
    }
  };

  const reset = () => {
    started = champion = undefined;
    state = undefined;
    generation = 0;
    bestMean = undefined;
    population.clear();
    sweep.clear();
    alert.hidden = true;
  };

  host.onMessage((raw) => {
    const m = parseToWannView(raw);
    if (!m) return;
    if (m.type === 'wann-replay') {
      reset();
      title = m.title;
      heading.textContent = `Weight-agnostic network: ${m.title}`;
      m.events.forEach(apply);
    } else {
      apply(m.event);
    }
    showStatus();
  });
  post({ type: 'ready' });
};
