/**
 * What each neuron of one layer responds to: a row per neuron (conv: channel) of its strongest
 * input patches, strongest first. The canvas is one keyboard stop: arrow keys move the selected
 * neuron, Enter opens its composition (as a click does); the selection is announced in text.
 * Also the first layer's filters, drawn as images (blue positive weight, orange negative).
 */
import type { FilterImages, TopActivationsEvent, NeuronTop } from '../../../engine/protocol/layer-features';
import { classColourName } from '../../class-palette';
import { fmt, percent } from '../../format';
import { pointerAt, sizedCanvas, summaryFor } from './canvas';
import { css, diverging, palette } from './colors';
import { drawHeatmap, heatmapImage } from './heatmap';
import { patchImage, pixelRange } from './patches';
import { TOP_RANKING } from '../../../engine/catalogue';

const PATCH = 34;
const LABEL = 46;

export class GalleryView {
  readonly element = document.createElement('section');
  private readonly view = sizedCanvas('Top patches of each neuron', 'features-canvas features-gallery');
  private readonly summary: HTMLParagraphElement;
  private readonly heading = document.createElement('h3');
  private event: TopActivationsEvent | undefined;
  private images: HTMLCanvasElement[][] = [];
  private selected = 0;
  private perColumn = 1;
  private width = 0;

  /** `onOpen(layer, neuron)`: the user asked for a neuron's composition. */
  constructor(slot: string, private readonly onOpen: (layer: string, neuron: number) => void, private readonly classNames?: string[]) {
    this.element.className = 'features-gallery-block';
    this.summary = summaryFor(this.view.canvas, `features-gallery-summary-${slot}`);
    this.summary.setAttribute('aria-live', 'polite');
    this.view.canvas.tabIndex = 0;
    this.heading.textContent = 'Top patches';
    this.element.append(this.heading, this.view.canvas, this.summary);
    this.view.canvas.addEventListener('keydown', (e) => this.key(e));
    this.view.canvas.addEventListener('click', (e) => {
      const n = this.neuronAt(pointerAt(this.view.canvas, e));
      if (n === undefined) return;
      this.select(n);
      this.open();
    });
  }

  get layer(): string | undefined {
    return this.event?.layer;
  }

  /** Shows a new answer; `labels` give each patch's image class, if known. */
  update(e: TopActivationsEvent | undefined, width = this.width, labels?: ArrayLike<number>): void {
    this.width = width;
    if (e && e !== this.event) {
      this.event = e;
      this.labels = labels;
      const patches = e.neurons.flatMap((n) => n.top.flatMap((t) => (t.patch ? [t.patch.pixels] : [])));
      const range = pixelRange(patches);
      const channels = (p: { size: number; pixels: Float32Array }) => Math.max(1, Math.round(p.pixels.length / (p.size * p.size)));
      this.images = e.neurons.map((n) => n.top.flatMap((t) => (t.patch ? [patchImage(t.patch.pixels, t.patch.size, channels(t.patch), range)] : [])));
      this.selected = Math.min(this.selected, e.neurons.length - 1);
    }
    this.draw();
  }

  private labels: ArrayLike<number> | undefined;

  private draw(): void {
    const e = this.event;
    if (!e || this.width <= 0) return;
    this.heading.textContent = `${e.layer}: top ${e.neurons[0]?.top.length ?? 0} patches per ${e.layer.startsWith('conv') ? 'channel' : 'neuron'}, ranked by ${TOP_RANKING} (step ${e.step})`;
    const k = Math.max(1, ...e.neurons.map((n) => n.top.length));
    const rowWidth = LABEL + k * (PATCH + 2) + 12;
    const columns = Math.max(1, Math.floor(this.width / rowWidth));
    this.perColumn = Math.ceil(e.neurons.length / columns);
    const height = this.perColumn * (PATCH + 4) + 4;
    this.view.resize(Math.min(this.width, columns * rowWidth), height);
    const ctx = this.view.ctx, p = palette();
    ctx.clearRect(0, 0, this.view.width, height);
    ctx.imageSmoothingEnabled = false;
    ctx.font = '11px var(--vscode-font-family, sans-serif)';
    ctx.textBaseline = 'middle';
    e.neurons.forEach((n, i) => {
      const x = Math.floor(i / this.perColumn) * rowWidth, y = (i % this.perColumn) * (PATCH + 4) + 2;
      if (i === this.selected) {
        ctx.strokeStyle = p.focus;
        ctx.lineWidth = 2;
        ctx.strokeRect(x + 1, y - 1, rowWidth - 10, PATCH + 2);
      }
      ctx.fillStyle = p.foreground;
      ctx.fillText(`#${n.neuron + 1}`, x + 4, y + PATCH / 2 - 6);
      ctx.fillStyle = p.muted;
      // The ranking's own number (the pre-activation), and "sat." for a mostly saturated unit.
      ctx.fillText(`${fmt(n.top[0]?.pre ?? n.top[0]?.value, 3)}${mostlySaturated(n) ? ' sat.' : ''}`, x + 4, y + PATCH / 2 + 7);
      this.images[i]?.forEach((img, j) => ctx.drawImage(img, x + LABEL + j * (PATCH + 2), y, PATCH, PATCH));
    });
    this.describe();
  }

  private describe(): void {
    const e = this.event;
    const n = e?.neurons[this.selected];
    if (!e || !n) return;
    const classes = this.labels ? n.top.map((t) => this.className(this.labels![t.row])).filter(Boolean) : [];
    const saturatedUnits = e.neurons.filter(mostlySaturated).length;
    const first = n.top[0];
    const strongest = first?.pre !== undefined ? `highest pre-activation ${fmt(first.pre, 3)} (activation ${fmt(first.value, 3)})` : `strongest activation ${fmt(first?.value, 3)}`;
    this.summary.textContent = `${e.layer}: ${e.neurons.length} ${e.layer.startsWith('conv') ? 'channels' : 'neurons'}, each with its strongest input patches, ranked by ${TOP_RANKING} (the weighted sum before the activation function). `
      + (saturatedUnits ? `${saturatedUnits} of ${e.neurons.length} are saturated on most inputs (output within 1% of its bound): their activations tie, so only the pre-activation tells their patches apart. ` : '')
      + `Selected #${n.neuron + 1}: ${strongest}`
      + (n.saturated !== undefined ? `, saturated on ${percent(n.saturated)} of inputs` : '')
      + (classes.length ? `, from images of ${classes.join(', ')}` : '')
      + '. Arrow keys choose a neuron, Enter shows what it is built from.';
  }

  private className(label: number | undefined): string {
    if (label === undefined) return '';
    return this.classNames?.[label] ?? String(label);
  }

  private neuronAt(at: { x: number; y: number }): number | undefined {
    const e = this.event;
    if (!e) return undefined;
    const k = Math.max(1, ...e.neurons.map((n) => n.top.length));
    const rowWidth = LABEL + k * (PATCH + 2) + 12;
    const i = Math.floor(at.x / rowWidth) * this.perColumn + Math.floor((at.y - 2) / (PATCH + 4));
    return i >= 0 && i < e.neurons.length ? i : undefined;
  }

  private select(i: number): void {
    const count = this.event?.neurons.length ?? 0;
    if (!count) return;
    this.selected = Math.max(0, Math.min(count - 1, i));
    this.draw();
  }

  private open(): void {
    const n = this.event?.neurons[this.selected];
    if (this.event && n) this.onOpen(this.event.layer, n.neuron);
  }

  private key(e: KeyboardEvent): void {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, ArrowRight: this.perColumn, ArrowLeft: -this.perColumn, PageDown: 8, PageUp: -8 };
    if (e.key in moves) this.select(this.selected + moves[e.key]!);
    else if (e.key === 'Home') this.select(0);
    else if (e.key === 'End') this.select(Number.MAX_SAFE_INTEGER);
    else if (e.key === 'Enter' || e.key === ' ') this.open();
    else return;
    e.preventDefault();
  }
}

/** The first layer's filters: one crisp square per filter, signed weights on the theme's diverging scale. */
export class FiltersView {
  readonly element = document.createElement('section');
  private readonly view = sizedCanvas('First-layer filters', 'features-canvas features-filters');
  private readonly summary: HTMLParagraphElement;
  private filters: FilterImages | null | undefined;
  private width = 0;

  constructor() {
    this.element.className = 'features-filters-block';
    const h = document.createElement('h3');
    h.textContent = 'First-layer filters';
    this.summary = summaryFor(this.view.canvas, 'features-filters-summary');
    this.element.append(h, this.view.canvas, this.summary);
  }

  update(filters: FilterImages | null | undefined, width = this.width): void {
    this.width = width;
    if (filters !== undefined) this.filters = filters;
    const f = this.filters;
    if (!f) {
      this.element.hidden = f === null;
      return;
    }
    this.element.hidden = false;
    const [h, w, c] = f.shape;
    const cell = Math.max(28, Math.min(64, Math.floor(this.width / Math.max(8, f.images.length)) - 6));
    const perRow = Math.max(1, Math.floor(this.width / (cell + 6)));
    const rows = Math.ceil(f.images.length / perRow);
    this.view.resize(Math.min(this.width, perRow * (cell + 6)), rows * (cell + 6));
    const ctx = this.view.ctx, p = palette();
    ctx.clearRect(0, 0, this.view.width, this.view.height);
    f.images.forEach((img, i) => {
      const x = (i % perRow) * (cell + 6), y = Math.floor(i / perRow) * (cell + 6);
      // Grey (0.5) is weight 0: one channel is shown signed; three as the colour they look for.
      const image = c === 1
        ? heatmapImage(img, w, h, p, { scale: 0.5, color: (v, out) => diverging(p, (v - 0.5) * 2, out) })
        : heatmapImage(new Float32Array(w * h), w, h, p, { color: (_v, out) => out });
      if (c >= 3) {
        const ictx = image.getContext('2d')!, data = ictx.getImageData(0, 0, w, h);
        for (let q = 0; q < w * h; q++) for (let ch = 0; ch < 3; ch++) data.data[4 * q + ch] = Math.round(img[q * c + ch]! * 255);
        ictx.putImageData(data, 0, 0);
      }
      drawHeatmap(ctx, image, x, y, cell, cell, false);
      ctx.strokeStyle = css(p.background);
      ctx.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
    });
    const strongest = f.scales.reduce((a, b) => Math.max(a, b), 0);
    this.summary.textContent = `${f.images.length} filters of ${f.layer}, ${h}×${w}×${c} weights each, scaled per filter (largest weight ${fmt(strongest, 3)}); ${classColourName(1)} marks positive weights, ${classColourName(0)} negative.`;
  }
}

/** A unit saturated on more than half of its inputs: its "strongest" activations are ties. */
function mostlySaturated(n: NeuronTop): boolean {
  return (n.saturated ?? 0) > 0.5;
}
