/**
 * The symmetry lab view: for the current run, or for the twin experiment (a symmetric start
 * beside a random one, trained on the same data), each run's heatmaps, timeline and verdict.
 * It keeps only what the extension sends (each run whole), so a reload just asks again.
 */
import type { LabHost, MountLabView } from '../../lab-host';
import { themeScale } from './colors';
import type { Matrix } from './heatmap';
import { parseToSymmetryView, SPEEDS, type FromSymmetryView, type Speed, type SymRun } from './protocol';
import { RunColumn } from './run-column';
import './symmetry.css';

const SPEED_LABEL: Record<Speed, string> = { paused: 'Paused', slow: 'Slow (10 steps/s)', normal: 'Normal (60 steps/s)', fast: 'Fast (300 steps/s)', max: 'As fast as possible' };

const INTRO = 'Each square is a hidden layer: the cell in row i, column j is the cosine similarity of neuron i and neuron j — of their incoming weights (and bias), or of their gradients. '
  + 'Red is +1 (the same neuron), the background colour 0 (unrelated), blue −1 (opposite). A layer that is one flat red square has neurons that are all identical: '
  + 'they compute the same function, get the same gradient and never become different. Random initialization breaks that symmetry; the timeline shows how many distinct neurons each layer has.';

interface ViewState { matrix: Matrix }

export const mountSymmetry: MountLabView = (app: HTMLElement, host: LabHost) => {
  const send = (m: FromSymmetryView) => host.post(m);
  let matrix: Matrix = host.getState<ViewState>()?.matrix === 'gradients' ? 'gradients' : 'weights';
  let scale = themeScale();
  let columns: RunColumn[] = [];

  const h1 = document.createElement('h1');
  h1.textContent = 'Gradient symmetry';
  const intro = document.createElement('p');
  intro.className = 'help intro';
  intro.textContent = INTRO;

  const toolbar = document.createElement('div');
  toolbar.className = 'chart-options sym-toolbar';
  const toggle = document.createElement('fieldset');
  toggle.className = 'matrix-toggle';
  const legend = document.createElement('legend');
  legend.textContent = 'Similarity of';
  toggle.append(legend);
  for (const m of ['weights', 'gradients'] as const) {
    const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'matrix', value: m, id: `matrix-${m}`, checked: m === matrix });
    const label = Object.assign(document.createElement('label'), { htmlFor: input.id, textContent: m });
    input.addEventListener('change', () => {
      if (!input.checked) return;
      matrix = m;
      host.setState<ViewState>({ matrix });
      redraw();
    });
    toggle.append(input, label);
  }
  const speed = document.createElement('select');
  speed.id = 'speed';
  for (const s of SPEEDS) speed.append(Object.assign(document.createElement('option'), { value: s, textContent: SPEED_LABEL[s] }));
  speed.addEventListener('change', () => send({ type: 'pace', speed: speed.value as Speed }));
  const speedLabel = Object.assign(document.createElement('label'), { htmlFor: 'speed', textContent: 'Speed ' });
  const speedBox = document.createElement('span');
  speedBox.append(speedLabel, speed);
  const again = document.createElement('vscode-button');
  again.textContent = 'Run both again';
  again.dataset.action = 'restart';
  again.setAttribute('secondary', '');
  again.addEventListener('click', () => send({ type: 'restart' }));
  const twinOnly = [speedBox, again];
  toolbar.append(toggle, ...twinOnly);

  const runs = document.createElement('div');
  runs.className = 'sym-runs';
  const empty = document.createElement('p');
  empty.className = 'status';
  empty.textContent = 'Waiting for a run: start one, or run "Gradient Lab: Demonstrate Symmetry Breaking".';
  app.replaceChildren(h1, intro, toolbar, empty, runs);

  function redraw(): void {
    for (const c of columns) c.update(c.run, matrix, scale);
  }

  function setRuns(list: SymRun[], mode: 'current' | 'twin', pace?: Speed): void {
    for (const c of columns) c.destroy();
    columns = list.map((r) => new RunColumn(r, send));
    runs.replaceChildren(...columns.map((c) => c.root));
    runs.dataset.mode = mode;
    for (const e of twinOnly) e.hidden = mode !== 'twin';
    if (pace) speed.value = pace;
    empty.hidden = list.length > 0;
    redraw();
  }

  host.onMessage((raw) => {
    const m = parseToSymmetryView(raw);
    if (!m) return;
    if (m.type === 'symmetry-runs') setRuns(m.runs, m.mode, m.speed);
    else columns.find((c) => c.run.id === m.run.id)?.update(m.run, matrix, scale);
  });
  // Colours follow the theme: VS Code changes the body's class when the theme changes.
  new MutationObserver(() => {
    scale = themeScale();
    redraw();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  setRuns([], 'current');
  send({ type: 'ready' });
};
