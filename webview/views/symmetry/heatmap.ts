/**
 * One layer's neuron × neuron similarity heatmap on a canvas: exact cell colours (ImageData, no
 * smoothing, so a symmetric layer is one flat colour), a tooltip on hover, and keyboard access —
 * the canvas is focusable, arrow keys move a cell cursor whose value is read out — plus a table
 * of the values for small layers.
 */
import type { LayerSymmetry } from '../../../engine/protocol/training';
import { fmt } from '../../format';
import { colorOf, type Diverging } from './colors';
import { neuronNumber, shownNeurons, shownNeuronsText } from './sample';

export type Matrix = 'weights' | 'gradients';

/** Largest layer whose values are also shown as a table (a 32 × 32 table is still readable). */
const MAX_TABLE_UNITS = 32;
/** The heatmap's drawn size in CSS pixels, whatever the number of neurons. */
const SIZE = 192;

let nextId = 0;

export class Heatmap {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly table: HTMLDetailsElement;
  private layer: LayerSymmetry | undefined;
  private matrix: Matrix = 'weights';
  private cursor = { row: 0, col: 0 };

  constructor(private scale: Diverging) {
    const id = `heatmap-${nextId++}`;
    this.root = document.createElement('figure');
    this.root.className = 'heatmap';
    this.caption = document.createElement('figcaption');
    this.caption.id = `${id}-caption`;
    this.canvas = document.createElement('canvas');
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-labelledby', this.caption.id);
    this.canvas.setAttribute('aria-describedby', `${id}-readout`);
    this.readout = document.createElement('p');
    this.readout.className = 'heatmap-readout';
    this.readout.id = `${id}-readout`;
    this.readout.setAttribute('aria-live', 'polite');
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'heatmap-tooltip';
    this.tooltip.hidden = true;
    const box = document.createElement('div');
    box.className = 'heatmap-box';
    box.append(this.canvas, this.tooltip);
    this.table = document.createElement('details');
    this.table.className = 'heatmap-table';
    this.root.append(this.caption, box, this.readout, this.table);
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => (this.tooltip.hidden = true));
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.canvas.addEventListener('focus', () => this.draw());
    this.canvas.addEventListener('blur', () => this.draw());
  }

  /** Shows a layer's weight or gradient similarities. */
  set(layer: LayerSymmetry, matrix: Matrix, scale?: Diverging): void {
    if (scale) this.scale = scale;
    const n = shownNeurons(layer);
    const resized = !this.layer || n !== shownNeurons(this.layer);
    this.layer = layer;
    this.matrix = matrix;
    if (resized) this.cursor = { row: 0, col: Math.min(1, n - 1) };
    this.root.dataset.layer = layer.layer;
    this.root.dataset.distinct = String(layer.distinctNeurons);
    this.caption.textContent = `${layer.layer}: cosine similarity of ${shownNeuronsText(layer)}' ${matrix === 'weights' ? 'incoming weights' : 'gradients'}`;
    this.draw();
    this.fillTable();
  }

  private values(): number[] {
    return this.matrix === 'weights' ? this.layer!.weightSimilarity : this.layer!.gradientSimilarity;
  }

  private draw(): void {
    const layer = this.layer;
    if (!layer) return;
    const n = shownNeurons(layer);
    const cell = Math.max(1, Math.floor(SIZE / n));
    const side = cell * n;
    if (this.canvas.width !== side) {
      this.canvas.width = side;
      this.canvas.height = side;
    }
    const ctx = this.canvas.getContext('2d')!;
    const image = ctx.createImageData(side, side);
    const v = this.values();
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
      const [red, green, blue] = colorOf(this.scale, v[r * n + c]!);
      for (let y = r * cell; y < (r + 1) * cell; y++) for (let x = c * cell; x < (c + 1) * cell; x++) {
        const i = (y * side + x) * 4;
        image.data[i] = red; image.data[i + 1] = green; image.data[i + 2] = blue; image.data[i + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
    if (document.activeElement === this.canvas) {
      // The keyboard cursor, in the theme's focus colour.
      ctx.strokeStyle = getComputedStyle(document.body).getPropertyValue('--vscode-focusBorder').trim() || '#007fd4';
      ctx.lineWidth = Math.max(1, cell / 6);
      ctx.strokeRect(this.cursor.col * cell + 0.5, this.cursor.row * cell + 0.5, cell - 1, cell - 1);
    }
    this.readout.textContent = this.describe(this.cursor.row, this.cursor.col) + ' Arrow keys move between cells.';
  }

  private describe(row: number, col: number): string {
    const layer = this.layer!, n = shownNeurons(layer);
    const kind = this.matrix === 'weights' ? 'weight' : 'gradient';
    return `Neuron ${neuronNumber(layer, row)} and neuron ${neuronNumber(layer, col)}: ${kind} similarity ${fmt(this.values()[row * n + col])}.`;
  }

  private hover(e: MouseEvent): void {
    if (!this.layer) return;
    const n = shownNeurons(this.layer);
    const rect = this.canvas.getBoundingClientRect();
    const col = Math.min(n - 1, Math.max(0, Math.floor(((e.clientX - rect.left) / rect.width) * n)));
    const row = Math.min(n - 1, Math.max(0, Math.floor(((e.clientY - rect.top) / rect.height) * n)));
    this.tooltip.textContent = this.describe(row, col);
    this.tooltip.hidden = false;
    // CSSOM positioning (allowed by the page's CSP, unlike style attributes).
    this.tooltip.style.left = `${e.clientX - rect.left + 12}px`;
    this.tooltip.style.top = `${e.clientY - rect.top + 12}px`;
  }

  private key(e: KeyboardEvent): void {
    if (!this.layer) return;
    const n = shownNeurons(this.layer);
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const m = moves[e.key];
    if (m) {
      this.cursor = { row: Math.min(n - 1, Math.max(0, this.cursor.row + m[0])), col: Math.min(n - 1, Math.max(0, this.cursor.col + m[1])) };
    } else if (e.key === 'Home') this.cursor = { row: 0, col: 0 };
    else if (e.key === 'End') this.cursor = { row: n - 1, col: n - 1 };
    else return;
    e.preventDefault();
    this.draw();
  }

  private fillTable(): void {
    const layer = this.layer!;
    const n = shownNeurons(layer);
    if (n > MAX_TABLE_UNITS) {
      this.table.hidden = true;
      return;
    }
    this.table.hidden = false;
    const open = this.table.open;
    const summary = document.createElement('summary');
    summary.textContent = 'Values as a table';
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    head.append(Object.assign(document.createElement('th'), { textContent: 'neuron' }));
    for (let c = 0; c < n; c++) head.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: String(neuronNumber(layer, c)) }));
    const body = table.createTBody();
    const v = this.values();
    for (let r = 0; r < n; r++) {
      const row = body.insertRow();
      row.append(Object.assign(document.createElement('th'), { scope: 'row', textContent: String(neuronNumber(layer, r)) }));
      for (let c = 0; c < n; c++) row.insertCell().textContent = v[r * n + c]!.toFixed(3);
    }
    this.table.replaceChildren(summary, table);
    this.table.open = open;
  }
}
