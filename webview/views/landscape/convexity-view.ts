/**
 * The 'convexity' lab view ("Compare Loss Convexity"): one-feature models under each loss side
 * by side — MSE on σ and cross-entropy for logistic regression, hinge for a linear SVM, MSE for
 * linear regression — each surface with gradient descent from the same start and the grid's
 * convexity verdict, and what it means for neural networks.
 */
import type { ConvexityEvent, LandscapeWorkerEvent } from '../../../engine/protocol/landscape';
import { SURFACE_LOSS_HELP, type SurfaceLoss } from '../../../engine/catalogue';
import { fmt } from '../../format';
import type { MountLabView } from '../../lab-host';
import { button, el, field, numberOf, onThemeChange, select, textfield } from './dom';
import { parseToLandscapeView, type FromLandscapeView } from './protocol';
import { SurfaceFigure } from './surface-figure';
import { pathEnd } from './surface-map';

const TITLES: Record<SurfaceLoss, string> = {
  'mse-on-sigmoid': 'Logistic regression, squared error on σ(wx + b)',
  'binary-cross-entropy': 'Logistic regression, cross-entropy',
  hinge: 'Linear SVM, hinge loss',
  mse: 'Linear regression, mean squared error',
};
const ORDER: readonly SurfaceLoss[] = ['mse-on-sigmoid', 'binary-cross-entropy', 'hinge', 'mse'];

type Panel = ConvexityEvent['panels'][number];

/** "Convex on the grid…" or "NOT convex: …", from the grid's midpoint check. */
export function convexityVerdict(p: Panel): string {
  const c = p.convexity;
  if (!c.worst) return `Convex on the grid: none of the ${c.checked} segments has its midpoint above the chord (no negative curvature).`;
  return `NOT convex: ${c.violations} of ${c.checked} segments have their midpoint above the chord; the worst at (w, b) = (${fmt(c.worst.x)}, ${fmt(c.worst.y)}), by ${fmt(c.worst.excess)}.`;
}

export const mountConvexity: MountLabView = (app, host) => {
  const send = (m: FromLandscapeView) => host.post(m);
  const source = select([['builtin', 'built-in 1-D sets'], ['run', 'the current run\'s data (one feature)']], 'builtin');
  const feature = textfield('1', { inputmode: 'numeric' });
  const startW = textfield('-4'), startB = textfield('4'), rate = textfield('1'), steps = textfield('200', { inputmode: 'numeric' });
  const alert = el('div', { className: 'alert', hidden: true, role: 'alert' });
  const dataLine = el('p', { className: 'status', id: 'convexity-data' }, 'Computing…');
  const figures = new Map<SurfaceLoss, SurfaceFigure>();
  const verdicts = new Map<SurfaceLoss, HTMLElement>();
  const panelsBox = el('div', { className: 'charts convexity-panels', id: 'convexity-panels' });
  const descriptions = new Map<SurfaceLoss, string>();

  const compare = () => {
    const w = numberOf(startW), b = numberOf(startB), lr = numberOf(rate), n = numberOf(steps), f = numberOf(feature);
    const bad = [w === undefined || Math.abs(w) > 100 ? 'start w' : '', b === undefined || Math.abs(b) > 100 ? 'start b' : '',
      lr === undefined || !(lr > 0) || lr > 100 ? 'step size' : '', n === undefined || !Number.isInteger(n) || n < 1 || n > 5000 ? 'steps (1 to 5000)' : '',
      f === undefined || !Number.isInteger(f) || f < 1 ? 'feature (1, 2, …)' : ''].filter(Boolean);
    if (bad.length) {
      alert.textContent = `Check ${bad.join(', ')}.`;
      alert.hidden = false;
      return;
    }
    alert.hidden = true;
    dataLine.textContent = 'Computing…';
    send({ type: 'compare', source: source.value === 'run' ? 'run' : 'builtin', feature: f! - 1, start: [w!, b!], learningRate: lr!, steps: n! });
  };

  const figureFor = (loss: SurfaceLoss): SurfaceFigure => {
    let f = figures.get(loss);
    if (!f) {
      f = new SurfaceFigure({ id: `convexity-${loss}`, title: TITLES[loss], axes: ['w', 'b'], axisTitles: ['w (the weight)', 'b (the bias)'] });
      const verdict = el('p', { className: 'verdict', id: `convexity-${loss}-verdict` });
      f.root.insertBefore(el('p', { className: 'help' }, SURFACE_LOSS_HELP[loss]), f.root.children[1]!);
      f.root.append(verdict);
      figures.set(loss, f);
      verdicts.set(loss, verdict);
      // Panels keep one order, whichever answer arrives first.
      const all = ORDER.filter((l) => figures.has(l)).map((l) => figures.get(l)!.root);
      panelsBox.replaceChildren(...all);
    }
    return f;
  };

  const show = (e: ConvexityEvent) => {
    for (const p of e.panels) {
      const loss = p.loss as SurfaceLoss;
      if (!ORDER.includes(loss)) continue;
      const f = figureFor(loss);
      f.setGrid(p.grid);
      const path = { label: 'gradient descent', xs: p.path.w, ys: p.path.b, losses: p.path.loss };
      f.setPaths([path]);
      f.setMarks({ start: [p.path.w[0]!, p.path.b[0]!] });
      const verdict = convexityVerdict(p);
      f.setNote(verdict);
      // The end as the figure's summary reads it (pathEnd): one number in both places.
      const end = pathEnd(p.grid, path)!;
      verdicts.get(loss)!.textContent = `${verdict} Gradient descent, ${end.step} steps: loss ${fmt(p.path.loss[0])} → ${fmt(end.loss)} at (w, b) = (${fmt(end.x)}, ${fmt(end.y)}).`;
      verdicts.get(loss)!.dataset.convex = String(!p.convexity.worst);
      descriptions.set(loss, e.description);
    }
    const sets = [...new Set(descriptions.values())];
    dataLine.textContent = `Data: ${sets.join('; ')}. Same start for every descent; MSE's step size is capped at 0.25 (its curvature is 2·mean(x²): larger steps diverge).`;
  };

  const onEvent = (e: LandscapeWorkerEvent) => {
    if (e.type === 'convexity') show(e);
  };

  const lesson = el('section', { className: 'lesson', ariaLabel: 'What the surfaces show' },
    el('h2', {}, 'What the surfaces show'),
    el('ul', {},
      el('li', {}, 'Linear regression with MSE: a convex bowl (a valley when x has little spread); gradient descent always finds the minimum.'),
      el('li', {}, 'Logistic regression with squared error on σ: not convex. Where σ saturates the surface is a flat plateau; from a confidently wrong start descent barely moves.'),
      el('li', {}, 'Logistic regression with cross-entropy: convex; its gradient σ(z) − y never vanishes on a wrong answer, so descent goes straight down.'),
      el('li', {}, 'A linear SVM\'s hinge loss: convex (piecewise linear, with kinks).'),
      el('li', {}, 'Neural networks: not convex. Their trouble is mostly plateaus and saddle points, not bad local minima — which is why Momentum, RMSprop and Adam exist. See it on a model with "Gradient Lab: Show Loss Landscape" (its curvature verdict) and on a saddle with "Gradient Lab: Race Optimizers…".')));

  app.replaceChildren(
    el('h1', {}, 'Compare loss convexity'),
    el('div', { className: 'controls' },
      field('source', 'Data', source, 'The built-in sets: two overlapping classes at x = ±1, and a noisy line. The run\'s data is used where its task fits.'),
      field('feature', 'Feature', feature, 'Which feature of the run\'s data is x (1 = the first).'),
      field('start-w', 'Start w', startW), field('start-b', 'Start b', startB),
      field('rate', 'Step size', rate, 'Plain gradient descent: (w, b) ← (w, b) − η·∇L.'), field('descent-steps', 'Steps', steps)),
    el('div', { className: 'buttons', role: 'toolbar' }, button('Compare', compare, { id: 'compare' })),
    alert, dataLine, panelsBox, lesson,
  );
  host.onMessage((raw) => {
    const m = parseToLandscapeView(raw);
    if (m?.type === 'event') onEvent(m.event);
    else if (m?.type === 'failed') {
      alert.textContent = m.message;
      alert.hidden = false;
    }
  });
  onThemeChange(() => figures.forEach((f) => f.redraw()));
  send({ type: 'ready' });
  compare();
};
