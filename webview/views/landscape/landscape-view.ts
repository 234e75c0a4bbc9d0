/**
 * The 'landscape' lab view: the current run's loss on a plane through its weights, with the
 * training path projected onto it, a 1-D slice, and the curvature verdict at the weights.
 * Slices report progress and can be cancelled.
 */
import type { LandscapeEvent, LandscapeWorkerEvent } from '../../../engine/protocol/landscape';
import { fmt, percent } from '../../format';
import type { MountLabView } from '../../lab-host';
import { button, el, field, numberOf, onThemeChange, select, textfield } from './dom';
import { parseToLandscapeView, type FromLandscapeView } from './protocol';
import { SliceChart } from './slice-chart';
import { SurfaceFigure } from './surface-figure';

/** What α and β measure: distances along two filter-normalized random directions, or along the path's PCA directions. */
const RANDOM_TITLES: [string, string] = ['α: distance along direction 1 (filter-normalized units)', 'β: distance along direction 2 (filter-normalized units)'];
const PCA_TITLES: [string, string] = ['α: distance along PCA direction 1 of the training path', 'β: distance along PCA direction 2'];

export const mountLandscape: MountLabView = (app, host) => {
  const send = (m: FromLandscapeView) => host.post(m);
  const runLine = el('p', { className: 'status' }, 'No run yet: train a model, then compute its landscape.');
  const directions = select([['random', 'two random filter-normalized directions'], ['pca', 'PCA of the training path']], 'random');
  const resolution = select(['21', '41', '61'], '41');
  const seed = textfield('1', { inputmode: 'numeric' });
  const progress = el('progress', { max: 1, value: 0, id: 'slice-progress' });
  progress.setAttribute('aria-label', 'Slice progress');
  const progressText = el('span', { className: 'help', id: 'slice-progress-text' }, '');
  const alert = el('div', { className: 'alert', hidden: true, role: 'alert' });
  const verdict = el('p', { className: 'verdict', id: 'curvature-verdict', role: 'status' }, 'Curvature: not measured yet.');
  const figure = new SurfaceFigure({ id: 'landscape', title: 'Loss around the weights', axes: ['α', 'β'], axisTitles: RANDOM_TITLES });
  const slice = new SliceChart('slice');

  const compute = () => {
    alert.hidden = true;
    send({ type: 'slice', directions: directions.value === 'pca' ? 'pca' : 'random', resolution: Number(resolution.value) || 41, seed: Math.max(0, Math.round(numberOf(seed) ?? 1)) });
    progress.value = 0;
    progressText.textContent = 'Computing…';
  };
  const controls = el('div', { className: 'controls' },
    field('directions', 'Plane', directions, 'Random directions show the typical neighbourhood (Li et al. 2018); PCA directions show the plane the training path moved in.'),
    field('resolution', 'Points per axis', resolution),
    field('seed', 'Direction seed', seed, 'Another seed draws another random plane.'));
  const buttons = el('div', { className: 'buttons', role: 'toolbar' },
    button('Compute Slice', compute, { id: 'compute-slice' }),
    button('Cancel', () => send({ type: 'cancel' }), { id: 'cancel-slice', secondary: '' }),
    button('Measure Curvature', () => {
      verdict.textContent = 'Curvature: measuring…';
      send({ type: 'curvature' });
    }, { id: 'measure-curvature', secondary: '' }));
  app.replaceChildren(
    el('h1', {}, 'Loss landscape of the current run'), runLine, controls, buttons,
    el('div', { className: 'progress-row' }, progress, progressText), alert, verdict,
    el('div', { className: 'charts landscape-charts' }, figure.root, slice.root),
  );

  const show = (e: LandscapeEvent) => {
    figure.setAxisTitles(e.explained ? PCA_TITLES : RANDOM_TITLES);
    figure.setGrid(e.grid);
    const t = e.trajectory;
    figure.setPaths(t ? [{ label: `training path (${t.steps.length} points, steps ${t.steps[0]}–${t.steps.at(-1)})`, xs: t.alpha, ys: t.beta }] : []);
    figure.setNote(`Loss at the weights (step ${e.step}): ${fmt(e.centerLoss)}.${e.explained ? ` The PCA directions explain ${percent(e.explained[0])} and ${percent(e.explained[1])} of the path's variance.` : ''}`);
    slice.setGrid(e.grid);
    progressText.textContent = `Slice at step ${e.step}, ${e.grid.xAxis.length}×${e.grid.yAxis.length} points.`;
  };
  const onEvent = (e: LandscapeWorkerEvent) => {
    switch (e.type) {
      case 'landscape': return show(e);
      case 'curvature':
        verdict.textContent = `Curvature at step ${e.step}: ${e.message}${e.converged ? '' : ' (not fully converged)'}`;
        verdict.dataset.verdict = e.verdict;
        return;
      default:
        return;
    }
  };
  host.onMessage((raw) => {
    const m = parseToLandscapeView(raw);
    if (!m) return;
    if (m.type === 'event') onEvent(m.event);
    else if (m.type === 'progress') {
      progress.max = 1;
      progress.value = m.fraction;
      progressText.textContent = `${Math.round(m.fraction * 100)}% of the ${m.phase}`;
    } else if (m.type === 'cancelled') progressText.textContent = 'Cancelled.';
    else if (m.type === 'failed') {
      alert.textContent = m.message;
      alert.hidden = false;
      progressText.textContent = '';
    } else if (m.type === 'run') {
      runLine.textContent = m.run
        ? `Run: ${m.run.title} — ${m.run.source}, ${m.run.task}, ${m.run.features} feature(s), ${m.run.status}.`
        : 'No run yet: train a model, then compute its landscape.';
    }
  });
  onThemeChange(() => {
    figure.redraw();
    slice.retheme();
  });
  send({ type: 'ready' });
};
