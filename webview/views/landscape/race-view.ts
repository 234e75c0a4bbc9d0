/**
 * The 'race' lab view: pick optimizers, each with its own learning rate, and a surface (a test
 * function, or the current model's random slice); click the surface (or use the keyboard) to
 * set the common start; watch the paths and losses arrive frame by frame, with a results table.
 */
import type { GridJson, LandscapeWorkerEvent, RaceEvent } from '../../../engine/protocol/landscape';
import { linspace, gridExtremes } from '../../../shared/grid';
import { testFunction } from '../../../shared/test-functions';
import { TEST_FUNCTION_NAMES, type TestFunctionName, OPTIMIZERS, OPTIMIZER_HELP, type OptimizerName } from '../../../engine/catalogue';
import { fmt } from '../../format';
import type { MountLabView } from '../../lab-host';
import { button, el, field, numberOf, onThemeChange, select, textfield } from './dom';
import { parseToLandscapeView, type FromLandscapeView, type RacerChoice } from './protocol';
import { RaceChart } from './race-chart';
import { surfacePalette } from './surface-colors';
import { SurfaceFigure } from './surface-figure';
import { pathEnd } from './surface-map';

/** Rates that make a good first race on Rosenbrock (the README's: Momentum and Adam arrive, SGD does not). */
const DEFAULT_RATES: Record<OptimizerName, number> = { sgd: 0.001, momentum: 0.001, nesterov: 0.001, adagrad: 0.5, rmsprop: 0.01, adam: 0.05, adamw: 0.05 };
const DEFAULT_ON: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];

/** A test function sampled on its view box, in the browser (it is a formula, not worth a round trip). */
export function testFunctionGrid(name: TestFunctionName, resolution = 81): GridJson {
  const f = testFunction(name);
  const xAxis = linspace(f.view.x, resolution), yAxis = linspace(f.view.y, resolution);
  const values = new Float32Array(resolution * resolution);
  for (let r = 0; r < resolution; r++) for (let c = 0; c < resolution; c++) values[r * resolution + c] = f.value(xAxis[c]!, yAxis[r]!);
  const { min, max } = gridExtremes(xAxis, yAxis, values);
  return { xAxis: Array.from(xAxis), yAxis: Array.from(yAxis), values: Array.from(values, (v) => (Number.isFinite(v) ? v : null)), min, max };
}

/** The first step after which a path stays within `radius` of (x, y). */
function arrival(xs: readonly number[], ys: readonly number[], x: number, y: number, radius: number): number | undefined {
  let at: number | undefined;
  for (let k = xs.length - 1; k >= 0 && Math.hypot(xs[k]! - x, ys[k]! - y) <= radius; k--) at = k;
  return at;
}

interface Racer { label: string; xs: number[]; ys: number[]; losses: number[]; stopped?: string }

export const mountRace: MountLabView = (app, host) => {
  const send = (m: FromLandscapeView) => host.post(m);
  let surface: TestFunctionName | 'slice' = 'rosenbrock';
  let start: [number, number] = [...testFunction('rosenbrock').start];
  let racers: Racer[] = [];
  let hasRun = false;

  const surfaceSelect = select([...TEST_FUNCTION_NAMES.map((n) => [n, n] as [string, string]), ['slice', 'the current model\'s landscape (random slice)']], 'rosenbrock');
  const surfaceHelp = el('p', { className: 'help', id: 'surface-help' }, testFunction('rosenbrock').help);
  const steps = textfield('2000', { inputmode: 'numeric' });
  const startText = el('p', { className: 'status', id: 'race-start' });
  const alert = el('div', { className: 'alert', hidden: true, role: 'alert' });
  const figure = new SurfaceFigure({ id: 'race', title: 'Race paths', axes: ['x', 'y'], pickStart: (x, y) => setStart([x, y]) });
  const chart = new RaceChart();
  const table = el('table', { className: 'race-table', id: 'race-table' });
  const picks = OPTIMIZERS.map((o) => {
    const on = el('input', { type: 'checkbox', id: `racer-${o}`, checked: DEFAULT_ON.includes(o) });
    const lr = el('input', { type: 'text', id: `lr-${o}`, value: String(DEFAULT_RATES[o]), inputMode: 'decimal', className: 'lr-input' });
    lr.setAttribute('aria-label', `${o} learning rate`);
    return { o, on, lr, row: el('tr', {}, el('td', {}, on, ' ', el('label', { htmlFor: on.id, title: OPTIMIZER_HELP[o] }, o)), el('td', {}, lr)) };
  });
  const pickTable = el('table', { className: 'racer-picks' }, el('thead', {}, el('tr', {}, el('th', {}, 'Optimizer'), el('th', {}, 'Learning rate'))), el('tbody', {}, ...picks.map((p) => p.row)));

  function setStart(p: [number, number]): void {
    start = p;
    figure.setMarks({ start, ...(surface !== 'slice' ? { minima: testFunction(surface).minima } : {}) });
    startText.textContent = `Start: (${fmt(p[0])}, ${fmt(p[1])}). Click the map, or focus it and use the arrow keys and Enter, to move it.`;
  }
  function setSurface(name: TestFunctionName | 'slice'): void {
    surface = name;
    racers = [];
    figure.setPaths([]);
    alert.hidden = true;
    figure.setAxisTitles(name === 'slice' ? ['x: distance along direction 1 (filter-normalized units)', 'y: distance along direction 2 (filter-normalized units)'] : ['x', 'y']);
    if (name === 'slice') {
      surfaceHelp.textContent = hasRun ? 'The current model\'s loss on a random filter-normalized plane through its weights (0, 0).' : 'Needs a run: train a model first.';
      send({ type: 'loadSlice' });
      setStart([0, 0]);
      return;
    }
    const f = testFunction(name);
    surfaceHelp.textContent = `f = ${f.formula}: ${f.help}`;
    figure.setGrid(testFunctionGrid(name));
    setStart([...f.start]);
  }
  surfaceSelect.addEventListener('change', () => setSurface(surfaceSelect.value as TestFunctionName | 'slice'));

  const startRace = () => {
    const chosen: RacerChoice[] = [];
    for (const p of picks) {
      if (!p.on.checked) continue;
      const lr = numberOf(p.lr);
      if (lr === undefined || !(lr > 0) || lr > 100) return fail(`The learning rate of ${p.o} must be a number greater than 0 (and at most 100).`);
      chosen.push({ optimizer: p.o, learningRate: lr });
    }
    if (!chosen.length) return fail('Pick at least one optimizer.');
    const n = numberOf(steps);
    if (n === undefined || !Number.isInteger(n) || n < 1 || n > 20000) return fail('Steps must be a whole number from 1 to 20000.');
    alert.hidden = true;
    racers = [];
    send({ type: 'race', surface, racers: chosen, steps: n, start });
  };
  function fail(message: string): void {
    alert.textContent = message;
    alert.hidden = false;
  }

  app.replaceChildren(
    el('h1', {}, 'Optimizer race'),
    el('div', { className: 'controls' }, field('surface', 'Surface', surfaceSelect), field('steps', 'Steps', steps, 'Steps each optimizer takes.')),
    surfaceHelp, pickTable, startText,
    el('div', { className: 'buttons', role: 'toolbar' }, button('Start Race', startRace, { id: 'start-race' }), button('Cancel', () => send({ type: 'cancel' }), { id: 'cancel-race', secondary: '' })),
    alert, el('div', { className: 'charts' }, figure.root, chart.root), table,
  );

  const render = () => {
    const colors = surfacePalette().paths;
    const paths = racers.map((r) => ({ label: r.label, xs: r.xs, ys: r.ys, losses: r.losses }));
    figure.setPaths(paths);
    chart.show(racers.map((r) => ({ label: r.label, losses: r.losses })), colors);
    const minima = surface === 'slice' ? [] : testFunction(surface).minima;
    const head = el('tr', {}, ...['Optimizer', 'Steps', 'x', 'y', 'Loss', 'Nearest minimum', 'Within 0.05 from step', 'Note'].map((h) => el('th', { scope: 'col' }, h)));
    const rows = racers.map((r, i) => {
      // The same end point and loss as the map's summary reads (pathEnd): one source.
      const end = pathEnd(figure.grid, paths[i]!);
      const k = end?.step ?? -1, x = end?.x ?? NaN, y = end?.y ?? NaN;
      const near = minima.map((m) => ({ m, d: Math.hypot(x - m[0], y - m[1]) })).sort((a, b) => a.d - b.d)[0];
      const at = near ? arrival(r.xs, r.ys, near.m[0], near.m[1], 0.05) : undefined;
      return el('tr', {}, el('th', { scope: 'row' }, r.label), ...[String(k), fmt(x), fmt(y), fmt(end?.loss), near ? `(${near.m.join(', ')}) at ${fmt(near.d)}` : '–', at === undefined ? '–' : String(at), r.stopped ?? ''].map((c) => el('td', {}, c)));
    });
    table.replaceChildren(el('caption', {}, 'Race results'), el('thead', {}, head), el('tbody', {}, ...rows));
  };
  const onFrame = (e: RaceEvent) => {
    if (e.from === 0) racers = e.racers.map((r) => ({ label: r.label, xs: [], ys: [], losses: [] }));
    e.racers.forEach((r, i) => {
      const into = racers[i];
      if (!into) return;
      into.xs.push(...r.xs);
      into.ys.push(...r.ys);
      into.losses.push(...r.losses);
      if (r.stopped) into.stopped = `stopped at step ${r.stopped.step}: ${r.stopped.reason}`;
    });
    render();
  };
  const onEvent = (e: LandscapeWorkerEvent) => {
    if (e.type === 'race') onFrame(e);
    else if (e.type === 'landscape' && surface === 'slice') figure.setGrid(e.grid);
  };
  host.onMessage((raw) => {
    const m = parseToLandscapeView(raw);
    if (m?.type === 'event') onEvent(m.event);
    else if (m?.type === 'failed') fail(m.message);
    else if (m?.type === 'run') hasRun = m.run !== null;
  });
  onThemeChange(() => {
    figure.redraw();
    chart.retheme(surfacePalette().paths);
  });
  setSurface('rosenbrock');
  render();
  send({ type: 'ready' });
};
