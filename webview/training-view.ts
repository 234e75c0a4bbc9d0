/**
 * The training view, for both the training panel (`data-view="panel"`, the live run or a saved
 * one) and the side bar's Training view (`sidebar`). It rebuilds everything from the extension's
 * replay and then applies events; it holds no state that a replay cannot rebuild.
 */
import { createDataLine } from './data-line';
import type { EpochEvent, StepEvent } from '../engine/protocol/training';
import { LiveCharts, type ChartOptions } from './charts';
import { Controls } from './controls';
import { duration, fmt, percent } from './format';
import { parseToWebview, type FromWebview, type RunSnapshot, type ToWebview } from './protocol';
import { PastRunView } from './past-run-view';
import { shapeAndOptimizer } from '../shared/run-fields';
import { applyEvent, epochsDone, SMALLER_INIT } from '../shared/run-state';
import type { MountLabView } from './lab-host';

export const mountTraining: MountLabView = (app, host) => {
  const view = host.kind === 'sidebar' ? 'sidebar' : 'panel';
  const send = (m: FromWebview) => host.post(m);
  const saved = (host.getState() as { chart?: ChartOptions } | undefined)?.chart;
  const chartOptions: ChartOptions = saved ?? { logScale: false, smoothing: 0, xAxis: 'step' };

  let run: RunSnapshot | null = null;
  /** Set when the panel shows a saved run (read-only) rather than the live one. */
  let past = false;
  /** What the panel remembers across a reload: chart options, and which run it shows (the extension reopens it on that run). */
  const remember = () => host.setState({ chart: chartOptions, ...(run ? { runId: run.runId } : {}) });

  const title = document.createElement('h1');
  const dataLine = createDataLine();
  const status = document.createElement('p');
  status.className = 'status';
  status.setAttribute('role', 'status');
  const notice = document.createElement('p');
  notice.className = 'notice';
  notice.setAttribute('role', 'status');
  notice.hidden = true;
  const alert = document.createElement('div');
  alert.className = 'alert';
  alert.setAttribute('role', 'alert');
  alert.hidden = true;
  const counters = document.createElement('dl');
  counters.className = 'counters';
  const controls = new Controls(send, view === 'sidebar');
  const pastRun = new PastRunView(send);
  // The controls are the next run's settings, never silently the current run's: this line says so.
  const nextRunNote = document.createElement('p');
  nextRunNote.className = 'help next-run-note';
  nextRunNote.id = 'next-run-note';
  const chartHost = document.createElement('div');
  chartHost.className = 'charts';
  const charts = new LiveCharts(chartHost, chartOptions, view === 'sidebar' ? ['loss'] : undefined);

  app.replaceChildren(title, dataLine.root, status, notice, alert, pastRun.root, nextRunNote, controls.root, counters, ...(view === 'panel' ? [chartToolbar()] : [openPanelLink()]), chartHost);
  app.removeAttribute('aria-busy');

  function chartToolbar(): HTMLElement {
    const bar = document.createElement('div');
    bar.className = 'chart-options';
    bar.setAttribute('aria-label', 'Chart options');
    bar.setAttribute('role', 'group');
    const log = Object.assign(document.createElement('input'), { type: 'checkbox', id: 'opt-log', checked: chartOptions.logScale });
    const smooth = Object.assign(document.createElement('input'), { type: 'range', id: 'opt-smooth', min: '0', max: '0.98', step: '0.02', value: String(chartOptions.smoothing), className: 'range' });
    const axis = document.createElement('select');
    axis.id = 'opt-axis';
    axis.append(new Option('step', 'step'), new Option('epoch', 'epoch'));
    axis.value = chartOptions.xAxis;
    const label = (input: HTMLElement, text: string, help: string) => {
      const l = document.createElement('label');
      l.title = help;
      l.append(input, ` ${text}`);
      return l;
    };
    const update = (o: Partial<ChartOptions>) => {
      charts.setOptions(o, run);
      remember();
    };
    log.addEventListener('change', () => update({ logScale: log.checked }));
    smooth.addEventListener('change', () => update({ smoothing: Number(smooth.value) }));
    axis.addEventListener('change', () => update({ xAxis: axis.value === 'epoch' ? 'epoch' : 'step' }));
    bar.append(
      label(log, 'log scale', 'Logarithmic y axis for loss, learning rate and gradient norm'),
      label(smooth, 'smoothing', 'Exponential moving average of the per-batch curves'),
      label(axis, 'x axis', 'Plot against steps or epochs'),
    );
    return bar;
  }

  function openPanelLink(): HTMLElement {
    const a = document.createElement('a');
    a.href = '#';
    a.textContent = 'Open the full training panel';
    a.className = 'open-panel';
    a.addEventListener('click', (e) => {
      e.preventDefault();
      send({ type: 'openPanel' });
    });
    return a;
  }

  function render(): void {
    title.textContent = run ? `${run.title}${run.started ? ` — ${run.started.dataset.source.split(/[\\/]/).pop()}` : ''}` : 'No run yet';
    dataLine.update(run?.started);
    const s = run?.status;
    status.textContent = !run
      ? 'Right-click a dataset file and choose "Train a Model on This Dataset", or run "Gradient Lab: Train a Model on a Dataset…".'
      : `Status: ${s}${past ? ' (saved run, read-only)' : ''}${run.started ? ` · ${run.started.model.parameterCount} parameters · ${run.started.loss}` : ''}`;
    status.dataset.status = s ?? 'none';
    controls.setStatus(past ? undefined : s);
    notice.hidden = !run?.notice;
    notice.textContent = run?.notice ?? '';
    const problem = run && (s === 'diverged' || s === 'failed') ? run.message : undefined;
    alert.hidden = !problem;
    alert.replaceChildren();
    if (problem) {
      alert.append(Object.assign(document.createElement('p'), { textContent: problem }));
      if (s === 'diverged') {
        // The restart offered is the one the suggestion names (engine/divergence.ts decides the cause).
        const b = document.createElement('vscode-button');
        const init = run?.divergedCause === 'initialization';
        b.textContent = init ? `Restart with ${SMALLER_INIT} initialization` : 'Restart with lower learning rate';
        b.addEventListener('click', () => send({ type: init ? 'restartWithSmallerInit' : 'restartWithLowerLearningRate' }));
        alert.append(b);
      }
    }
    const used = run?.started ? shapeAndOptimizer(run.started.config) : undefined;
    nextRunNote.textContent = `Settings for the next run${past ? ' (Train Again uses this saved run\'s own)' : ''}.${used ? ` ${past ? 'This saved run used' : 'This run uses'}: ${used}.` : ''}`;
    renderCounters();
  }

  function renderCounters(): void {
    const step: StepEvent | undefined = run?.lastStep ?? run?.steps.at(-1);
    const epoch: EpochEvent | undefined = run?.lastEpoch ?? run?.epochs.at(-1);
    const total = run?.started?.config.training.epochs;
    const summary = run?.summary;
    const items: [string, string][] = [
      ['Epoch', `${run ? epochsDone(run) : 0}${total ? ` / ${total}` : ''}`],
      ['Step', `${summary?.steps ?? step?.step ?? 0}`],
      ['Loss', fmt(summary?.trainLoss ?? step?.loss)],
      ...(run?.started?.dataset.task === 'regression'
        ? [['Val R²', fmt(summary?.valR2 ?? epoch?.valR2)] as [string, string]]
        : [['Val accuracy', percent(summary?.valAccuracy ?? epoch?.valAccuracy)] as [string, string]]),
      ['Samples/s', fmt(summary?.samplesPerSecond ?? epoch?.samplesPerSecond, 3)],
      ['Elapsed', duration(summary?.elapsedSeconds ?? epoch?.elapsedSeconds)],
    ];
    counters.replaceChildren(
      ...items.flatMap(([k, v]) => {
        const dd = Object.assign(document.createElement('dd'), { textContent: v });
        dd.dataset.counter = k.toLowerCase().replace(/[^a-z]+/g, '-');
        return [Object.assign(document.createElement('dt'), { textContent: k }), dd];
      }),
    );
  }

  let countersPending = false;
  function handle(m: ToWebview): void {
    switch (m.type) {
      case 'notice':
        if (!run || m.runId !== run.runId) return;
        if (m.notice) run.notice = m.notice;
        else delete run.notice;
        render();
        return;
      case 'snapshot':
      case 'pastRun':
        run = m.snapshot ? structuredClone(m.snapshot) : null;
        past = m.type === 'pastRun';
        if (m.type === 'pastRun') pastRun.show(m.run);
        pastRun.root.hidden = !past;
        controls.root.querySelector<HTMLElement>('.buttons')!.hidden = past;
        controls.setValues(m.controls);
        charts.reset(run);
        render();
        remember();
        return;
      case 'events':
        if (!run || past || m.runId !== run.runId) return;
        for (const e of m.events) {
          const before = run.status;
          const kept = applyEvent(run, e);
          if (e.type === 'step' || e.type === 'epoch') charts.add(e, kept);
          if (!kept) continue;
          if (e.type === 'started') charts.reset(run);
          if (e.type !== 'step' && e.type !== 'epoch') render();
          else if (run.status !== before) render();
        }
        // Counters at most once a frame.
        if (!countersPending) {
          countersPending = true;
          requestAnimationFrame(() => {
            countersPending = false;
            renderCounters();
          });
        }
        return;
      case 'status':
        if (!run || past || m.runId !== run.runId) return;
        run.status = m.status;
        if (m.message) run.message = m.message;
        render();
        return;
      case 'controls':
        controls.setValues(m.controls);
        return;
    }
  }

  // One update at a time (extension/view-feed.ts): the host hands over its messages, then this
  // draws them, then the host acknowledges and the extension sends the next.
  host.onMessage((raw) => {
    const m = parseToWebview(raw);
    if (m) handle(m);
  }, () => {
    charts.flush();
    if (countersPending) renderCounters();
  });

  // Colours come from the theme: VS Code changes the body's class when the theme changes.
  new MutationObserver(() => charts.retheme(run)).observe(document.body, { attributes: true, attributeFilter: ['class'] });

  render();
  send({ type: 'ready' });
};
