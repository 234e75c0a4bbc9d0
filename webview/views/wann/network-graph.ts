/**
 * The champion network drawn on a canvas: columns by depth, node colour by activation (with a
 * short name inside, and a legend), one line per connection. The canvas is an image described
 * by a text summary for screen readers.
 */
import { WANN_ACTIVATION_HELP, type WannActivation } from '../../../engine/catalogue';
import type { WannChampionEvent } from '../../../engine/protocol/wann';
import { percent } from '../../format';
import { ACTIVATION_ABBREVIATION, activationColor, themeColor } from './colors';
import { layoutGraph } from './graph-layout';

const RADIUS = 12;
/** Pixels per node of the fullest column when it can have them; digits' 64 inputs would otherwise overlap. */
const ROW = 18;
/** Room for the input labels on the left and the output labels on the right (CSS pixels). */
const MARGIN = { left: 92, right: 130, top: 8, bottom: 8 };

/** Black or white, whichever reads better on `color` (any CSS colour the canvas understands). */
function inkOn(ctx: CanvasRenderingContext2D, color: string): string {
  ctx.fillStyle = color;
  const c = ctx.fillStyle; // normalized by the canvas to #rrggbb (or rgba() with alpha)
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (!m) return '#000000';
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5 ? '#000000' : '#ffffff';
}

/** How many times each value occurs. */
function countBy(values: readonly number[]): number[] {
  const m = new Map<number, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.values()];
}

export class NetworkGraph {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLUListElement;
  private readonly summary: HTMLParagraphElement;
  private champion: WannChampionEvent | undefined;

  constructor() {
    this.element = document.createElement('figure');
    this.element.className = 'chart wann-graph';
    const caption = document.createElement('figcaption');
    caption.textContent = 'Champion network';
    this.canvas = document.createElement('canvas');
    this.canvas.id = 'wann-graph';
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-describedby', 'wann-graph-summary');
    this.summary = document.createElement('p');
    this.summary.id = 'wann-graph-summary';
    this.summary.className = 'chart-summary';
    this.summary.textContent = 'No champion yet.';
    this.legend = document.createElement('ul');
    this.legend.className = 'wann-legend';
    this.legend.setAttribute('aria-label', 'Node colours by activation');
    this.element.append(caption, this.canvas, this.legend, this.summary);
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }

  show(champion: WannChampionEvent): void {
    this.champion = champion;
    const fullest = Math.max(...countBy(champion.nodes.map((n) => n.depth)));
    this.canvas.style.height = `${Math.min(900, Math.max(260, fullest * ROW + MARGIN.top + MARGIN.bottom))}px`;
    this.draw();
    this.describe(champion);
  }

  private describe(c: WannChampionEvent): void {
    const hidden = c.nodes.filter((n) => n.kind === 'hidden');
    const at = c.weights.map((w, i) => `w = ${w}: ${percent(c.accuracies[i])}`).join(', ');
    this.summary.textContent =
      `Found in generation ${c.generation}: ${hidden.length} hidden node${hidden.length === 1 ? '' : 's'}` +
      `${hidden.length ? ` (${hidden.map((n) => n.activation).join(', ')})` : ''}, ${c.connections.length} connections. ` +
      `Outputs: ${c.nodes.filter((n) => n.kind === 'output').map((n) => `${n.label} (${n.activation})`).join(', ')}. Accuracy on the search rows at ${at}.`;
    const used = [...new Set(c.nodes.filter((n) => n.kind === 'hidden' || n.kind === 'output').map((n) => n.activation))].sort() as WannActivation[];
    this.legend.replaceChildren(...used.map((a) => {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'wann-swatch';
      swatch.style.background = activationColor(a);
      li.append(swatch, `${a} (${ACTIVATION_ABBREVIATION[a]}): ${WANN_ACTIVATION_HELP[a]}`);
      return li;
    }));
  }

  /** Draws at the canvas's CSS size times the device pixel ratio, so lines stay sharp. */
  private draw(): void {
    const c = this.champion, canvas = this.canvas;
    const width = canvas.clientWidth, height = canvas.clientHeight, dpr = window.devicePixelRatio || 1;
    if (!c || width === 0 || height === 0) return;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const fg = themeColor('--vscode-foreground', '#cccccc');
    const bg = themeColor('--vscode-editor-background', '#1e1e1e');
    const w = width - MARGIN.left - MARGIN.right, h = height - MARGIN.top - MARGIN.bottom;
    const fullest = Math.max(...countBy(c.nodes.map((n) => n.depth)));
    const spacing = h / (fullest + 1);
    const radius = Math.max(2.5, Math.min(RADIUS, spacing / 2.4));
    const at = new Map(layoutGraph(c.nodes).map((p) => [p.node.id, { x: MARGIN.left + p.x * w, y: MARGIN.top + p.y * h, node: p.node }]));
    ctx.strokeStyle = fg;
    ctx.globalAlpha = 0.45;
    ctx.lineWidth = 1.2;
    for (const [a, b] of c.connections) {
      const p = at.get(a), q = at.get(b);
      if (!p || !q) continue;
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(q.x, q.y);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    ctx.textBaseline = 'middle';
    const font = getComputedStyle(document.body).fontFamily || 'sans-serif';
    for (const { x, y, node } of at.values()) {
      // Inputs and the bias apply no activation: drawn hollow, so only computing nodes carry a colour.
      const computes = node.kind === 'hidden' || node.kind === 'output';
      const fill = computes ? activationColor(node.activation) : bg;
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fillStyle = fill;
      ctx.fill();
      ctx.strokeStyle = fg;
      ctx.lineWidth = node.kind === 'output' ? 2.5 : 1;
      ctx.stroke();
      if (computes && radius >= 9) {
        ctx.fillStyle = inkOn(ctx, fill);
        ctx.font = `9px ${font}`;
        ctx.textAlign = 'center';
        ctx.fillText(ACTIVATION_ABBREVIATION[node.activation], x, y);
      }
      // Labels only where a line of text fits between neighbours.
      if (node.label && spacing >= 13) {
        ctx.fillStyle = fg;
        ctx.font = `12px ${font}`;
        ctx.textAlign = node.kind === 'output' ? 'left' : 'right';
        const text = node.label.length > 16 ? `${node.label.slice(0, 15)}…` : node.label;
        ctx.fillText(text, x + (node.kind === 'output' ? radius + 6 : -radius - 6), y);
      }
    }
  }
}
