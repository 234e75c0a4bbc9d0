/**
 * The run controls (run buttons, init, optimizer, learning rate, and the next run's shape),
 * built from @vscode-elements/elements, each with a line of help. A control only reports
 * what the user chose through `send`; what it means for the run is the extension's call.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { ControlValues, FromWebview, RunAction, RunStatus } from './protocol';
import { ACTIVATIONS, INIT_HELP, INIT_KINDS, OPTIMIZERS, OPTIMIZER_HELP } from '../engine/catalogue';

type Send = (m: FromWebview) => void;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

function custom(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** A labelled field with a help line that screen readers read with it. */
function field(id: string, label: string, control: HTMLElement, help: string): { row: HTMLElement; help: HTMLElement } {
  control.id = id;
  control.setAttribute('aria-describedby', `${id}-help`);
  const helpEl = el('p', { className: 'help', id: `${id}-help` }, help);
  const row = el('div', { className: 'field' }, el('label', { htmlFor: id }, label), control, helpEl);
  return { row, help: helpEl };
}

function select(options: readonly string[], help?: Record<string, string>): HTMLElement {
  return custom('vscode-single-select', {}, ...options.map((o) => custom('vscode-option', { value: o, ...(help ? { description: help[o]! } : {}) }, o)));
}

const BUTTONS: { action: RunAction; label: string; key: string; help: string }[] = [
  { action: 'start', label: 'Start', key: 's', help: 'Start a new run, or resume a paused one' },
  { action: 'pause', label: 'Pause', key: 'p', help: 'Pause after the current step' },
  { action: 'step', label: 'Step', key: 'n', help: 'Take one optimizer step (while paused)' },
  { action: 'stop', label: 'Stop', key: 'x', help: 'End the run, keeping its weights and metrics' },
  { action: 'reset', label: 'Reset', key: 'r', help: 'Start the run over from the same initial weights' },
];

export class Controls {
  readonly root: HTMLElement;
  private readonly inputs = new Map<keyof ControlValues, HTMLElement & { value: string }>();
  private readonly buttons = new Map<RunAction, HTMLElement>();
  private readonly lrRange: HTMLInputElement;
  private initHelp!: HTMLElement;
  private optimizerHelp!: HTMLElement;

  constructor(private readonly send: Send, compact: boolean) {
    const bar = el('div', { className: 'buttons', role: 'toolbar' });
    bar.setAttribute('aria-label', 'Run controls');
    for (const b of BUTTONS) {
      const button = custom('vscode-button', { title: `${b.help} (Alt+${b.key.toUpperCase()})`, 'data-action': b.action, ...(b.action === 'start' ? {} : { secondary: '' }) }, b.label);
      button.addEventListener('click', () => this.send({ type: 'control', action: b.action }));
      this.buttons.set(b.action, button);
      bar.append(button);
    }
    // Keyboard: Alt+letter runs a button from anywhere in the view.
    window.addEventListener('keydown', (e) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const b = BUTTONS.find((x) => x.key === e.key.toLowerCase());
      if (b && !this.buttons.get(b.action)!.hasAttribute('disabled')) {
        e.preventDefault();
        this.send({ type: 'control', action: b.action });
      }
    });

    const init = field('init', 'Initialization', select(INIT_KINDS, INIT_HELP), '');
    this.initHelp = init.help;
    const opt = field('optimizer', 'Optimizer', select(OPTIMIZERS, OPTIMIZER_HELP), '');
    this.optimizerHelp = opt.help;
    const lrText = custom('vscode-textfield', { type: 'text', inputmode: 'decimal' });
    this.lrRange = el('input', { type: 'range', min: '-5', max: '1', step: '0.1', className: 'range' });
    this.lrRange.setAttribute('aria-label', 'Learning rate (log scale)');
    const lrBox = el('div', { className: 'lr' }, lrText, this.lrRange);
    const lr = field('learningRate', 'Learning rate', lrBox, 'Step size: too high diverges (loss becomes NaN), too low crawls. Applies from the next step.');
    lrBox.removeAttribute('id');
    lrText.id = 'learningRate';
    lrText.setAttribute('aria-describedby', 'learningRate-help');
    const batch = field('batchSize', 'Batch size', custom('vscode-textfield', { type: 'number', min: '1' }), 'Examples per step (next run).');
    const epochs = field('epochs', 'Epochs', custom('vscode-textfield', { type: 'number', min: '1' }), 'Passes over the training set (next run).');
    const hidden = field('hidden', 'Hidden layers', custom('vscode-textfield', { type: 'text', placeholder: '8, 8' }), 'Neurons per hidden layer, comma-separated; empty for a linear model (next run).');
    const act = field('activation', 'Activation', select(ACTIVATIONS), 'Non-linearity of the hidden layers (next run).');

    for (const [key, f] of [['init', init], ['optimizer', opt], ['batchSize', batch], ['epochs', epochs], ['hidden', hidden], ['activation', act]] as const) {
      this.inputs.set(key, f.row.querySelector(`#${key}`) as HTMLElement & { value: string });
    }
    this.inputs.set('learningRate', lrText as HTMLElement & { value: string });
    this.listen();

    const form = el('div', { className: compact ? 'controls compact' : 'controls' }, init.row, opt.row, lr.row, batch.row, epochs.row, hidden.row, act.row);
    this.root = el('section', { className: 'control-panel' }, bar, form);
    this.root.setAttribute('aria-label', 'Training controls');
  }

  private listen(): void {
    const on = (key: keyof ControlValues, handler: (v: string) => void) => this.inputs.get(key)!.addEventListener('change', (e) => handler((e.target as HTMLElement & { value: string }).value));
    on('init', (v) => this.send({ type: 'setInit', init: v as ControlValues['init'] }));
    on('optimizer', (v) => this.send({ type: 'setOptimizer', optimizer: v as ControlValues['optimizer'] }));
    on('activation', (v) => this.send({ type: 'setControls', controls: { activation: v as ControlValues['activation'] } }));
    on('learningRate', (v) => {
      const lr = Number(v);
      if (Number.isFinite(lr) && lr > 0) this.send({ type: 'setLearningRate', learningRate: lr });
    });
    this.lrRange.addEventListener('change', () => {
      const lr = Number((10 ** Number(this.lrRange.value)).toPrecision(2));
      this.inputs.get('learningRate')!.value = String(lr);
      this.send({ type: 'setLearningRate', learningRate: lr });
    });
    on('batchSize', (v) => Number.isInteger(Number(v)) && Number(v) > 0 && this.send({ type: 'setControls', controls: { batchSize: Number(v) } }));
    on('epochs', (v) => Number.isInteger(Number(v)) && Number(v) > 0 && this.send({ type: 'setControls', controls: { epochs: Number(v) } }));
    on('hidden', (v) => {
      const units = v.split(/[\s,]+/).filter(Boolean).map(Number);
      if (units.every((u) => Number.isInteger(u) && u > 0)) this.send({ type: 'setControls', controls: { hidden: units } });
    });
  }

  /** Shows the values the next start (and the current run) use. */
  setValues(c: ControlValues): void {
    const set = (k: keyof ControlValues, v: string) => {
      const input = this.inputs.get(k)!;
      if (input.value !== v) input.value = v;
    };
    set('init', c.init);
    set('optimizer', c.optimizer);
    set('learningRate', String(c.learningRate));
    set('batchSize', String(c.batchSize));
    set('epochs', String(c.epochs));
    set('hidden', c.hidden.join(', '));
    set('activation', c.activation);
    this.lrRange.value = String(Math.log10(c.learningRate));
    this.lrRange.setAttribute('aria-valuetext', `learning rate ${c.learningRate}`);
    this.initHelp.textContent = `${INIT_HELP[c.init]}. Changing it during a run starts a new run from new weights (the old one is kept).`;
    this.optimizerHelp.textContent = `${OPTIMIZER_HELP[c.optimizer]}. Changing it during a run continues from the current weights.`;
  }

  /** Enables the buttons that make sense in this state. */
  setStatus(status: RunStatus | undefined): void {
    const enabled: Record<RunAction, boolean> = {
      start: status !== 'running' && status !== 'loading' && status !== undefined,
      pause: status === 'running',
      step: status === 'paused',
      stop: status === 'running' || status === 'paused',
      reset: status !== undefined && status !== 'loading',
      resume: false,
    };
    for (const [action, b] of this.buttons) {
      if (enabled[action]) b.removeAttribute('disabled');
      else b.setAttribute('disabled', '');
    }
    this.buttons.get('start')!.textContent = status === 'paused' ? 'Resume' : 'Start';
  }
}
