/**
 * The Playground view of a 2-D run: the network as columns of neurons, each drawn as its output
 * over the input plane, joined by edges coloured by the weight's sign and as thick as its size;
 * beside it the decision map (the output over the plane) with the training points (filled) and
 * validation points (rings). Hovering reads out a neuron, an edge or a point of the plane.
 */
import type { NeuronResponsesEvent, PlanePoints } from '../../../engine/protocol/layer-features';
import { fmt } from '../../format';
import { pointerAt, sizedCanvas, summaryFor } from './canvas';
import { classColourName } from '../../class-palette';
import { classColor, css, diverging, palette, toRgb, type Palette, type Rgb } from './colors';
import { drawHeatmap, heatmapImage, maxAbs } from './heatmap';

/** A neuron drawn in the network, for hit-testing. */
interface Node { x: number; y: number; size: number; label: string; values?: Float32Array }
/** An edge drawn in the network, for hit-testing. */
interface Edge { x1: number; y1: number; x2: number; y2: number; label: string }

const NODE = 34;
const GAP = 8;

/** What the output means: one logit of two classes, several (softmax), or a regression value. */
type OutputKind = 'binary' | 'multiclass' | 'regression';

function outputKind(e: NeuronResponsesEvent, plane: PlanePoints): OutputKind {
  if (e.output.length > 1) return 'multiclass';
  const labels = plane.train.labels;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0 && labels[i] !== 1) return 'regression';
  return 'binary';
}

export class PlaygroundView {
  readonly element = document.createElement('section');
  private readonly network = sizedCanvas('The network: each neuron drawn as its output over the input plane; edges coloured by weight sign, sized by magnitude');
  private readonly decision = sizedCanvas('Decision map: the output over the input plane, with training points (filled) and validation points (rings)');
  private readonly readout = document.createElement('p');
  private readonly networkSummary: HTMLParagraphElement;
  private readonly decisionSummary: HTMLParagraphElement;
  private nodes: Node[] = [];
  private edges: Edge[] = [];
  private last: NeuronResponsesEvent | undefined;
  private width = 0;

  constructor(private readonly plane: PlanePoints) {
    this.element.className = 'features-playground';
    const h = document.createElement('h2');
    h.textContent = 'Neurons over the input plane';
    this.readout.className = 'hover-readout';
    this.readout.setAttribute('aria-live', 'polite');
    this.readout.textContent = 'Hover a neuron, an edge or the decision map to read its values.';
    this.networkSummary = summaryFor(this.network.canvas, 'features-network-summary');
    this.decisionSummary = summaryFor(this.decision.canvas, 'features-decision-summary');
    const row = document.createElement('div');
    row.className = 'features-row';
    const left = document.createElement('div'), right = document.createElement('div');
    left.append(this.network.canvas, this.networkSummary);
    right.append(this.decision.canvas, this.decisionSummary);
    row.append(left, right);
    this.element.append(h, row, this.readout);
    this.network.canvas.addEventListener('mousemove', (e) => this.hoverNetwork(pointerAt(this.network.canvas, e)));
    this.decision.canvas.addEventListener('mousemove', (e) => this.hoverDecision(pointerAt(this.decision.canvas, e)));
  }

  /** Redraws with a new answer (or the last one, at a new width). */
  update(e: NeuronResponsesEvent | undefined, width = this.width): void {
    this.width = width;
    if (e) this.last = e;
    if (!this.last || width <= 0) return;
    const p = palette();
    const decisionSize = Math.max(200, Math.min(360, width * 0.4));
    this.drawNetwork(this.last, p, Math.max(260, width - decisionSize - 32));
    this.drawDecision(this.last, p, decisionSize);
  }

  private drawNetwork(e: NeuronResponsesEvent, p: Palette, width: number): void {
    const res = e.resolution;
    const columns: Node[][] = [];
    const inputs = e.inputNames ?? [this.plane.featureNames[0], this.plane.featureNames[1]];
    // The two raw inputs are drawn as what they are over the plane: a ramp along their own axis.
    const ramp = (axis: 0 | 1) => Float32Array.from({ length: res * res }, (_, i) => (axis === 0 ? (i % res) / (res - 1) : 1 - Math.floor(i / res) / (res - 1)) * 2 - 1);
    columns.push(inputs.map((name, j) => ({ x: 0, y: 0, size: NODE, label: `input ${name}`, ...(j < 2 && inputs.length >= 2 ? { values: ramp(j as 0 | 1) } : {}) })));
    for (const l of e.layers) columns.push(l.neurons.map((values, i) => ({ x: 0, y: 0, size: NODE, label: `${l.name} neuron ${i + 1}`, values })));
    columns.push(e.output.map((values, i) => ({ x: 0, y: 0, size: NODE, label: e.output.length > 1 ? `output ${i + 1} (logit)` : 'output (logit)', values })));
    const tallest = Math.max(...columns.map((c) => c.length));
    const height = 28 + tallest * (NODE + GAP);
    this.network.resize(width, height);
    const ctx = this.network.ctx;
    ctx.clearRect(0, 0, width, height);
    const step = columns.length > 1 ? (width - NODE - 20) / (columns.length - 1) : 0;
    columns.forEach((col, c) => col.forEach((n, i) => {
      n.x = 10 + c * step;
      n.y = 22 + (tallest - col.length) * (NODE + GAP) / 2 + i * (NODE + GAP);
    }));
    // Edges first, under the neurons.
    this.edges = [];
    (e.weights ?? []).forEach((w, li) => {
      const from = columns[li], to = columns[li + 1];
      if (!from || !to || from.length !== w.inputs || to.length !== w.outputs) return;
      const scale = maxAbs(w.values);
      for (let i = 0; i < w.inputs; i++) for (let o = 0; o < w.outputs; o++) {
        const v = w.values[i * w.outputs + o]!;
        const a = from[i]!, b = to[o]!;
        const edge = { x1: a.x + NODE, y1: a.y + NODE / 2, x2: b.x, y2: b.y + NODE / 2, label: `weight ${a.label} → ${b.label}: ${fmt(v)}` };
        ctx.strokeStyle = css(v >= 0 ? p.positive : p.negative, 0.85);
        ctx.lineWidth = 0.4 + 3.6 * Math.abs(v) / scale;
        ctx.beginPath();
        ctx.moveTo(edge.x1, edge.y1);
        ctx.lineTo(edge.x2, edge.y2);
        ctx.stroke();
        this.edges.push(edge);
      }
    });
    ctx.font = '11px var(--vscode-font-family, sans-serif)';
    ctx.textBaseline = 'bottom';
    columns.forEach((col, c) => {
      ctx.fillStyle = p.muted;
      const title = c === 0 ? 'inputs' : c === columns.length - 1 ? 'output' : e.layers[c - 1]!.name;
      ctx.fillText(title, col[0]!.x, 16);
      for (const n of col) {
        if (n.values) drawHeatmap(ctx, heatmapImage(n.values, res, res, p), n.x, n.y, NODE, NODE);
        else {
          ctx.fillStyle = p.muted;
          ctx.fillText(n.label.replace(/^input /, '').slice(0, 6), n.x + 2, n.y + NODE - 10);
        }
        ctx.strokeStyle = p.muted;
        ctx.lineWidth = 1;
        ctx.strokeRect(n.x + 0.5, n.y + 0.5, NODE - 1, NODE - 1);
      }
    });
    this.nodes = columns.flat();
    const shape = columns.map((c) => c.length).join(' → ');
    this.networkSummary.textContent = `Network ${shape} at step ${e.step}: ${this.edges.length} weights drawn, ${classColourName(1)} positive and ${classColourName(0)} negative, thicker for larger magnitude. Each neuron shows its output over the plane.`;
  }

  private drawDecision(e: NeuronResponsesEvent, p: Palette, size: number): void {
    this.decision.resize(size, size);
    const ctx = this.decision.ctx;
    const kind = outputKind(e, this.plane);
    const res = e.resolution;
    const image = kind === 'multiclass'
      ? heatmapImage(argmax(e.output), res, res, p, { color: (v, out) => rgbOf(classColor(p, v), out), alpha: () => 0.45 })
      // Regions at 60% strength at most, so full-colour points stand out on their own class's region.
      : heatmapImage(e.output[0]!, res, res, p, kind === 'binary'
        ? { color: (v, out) => diverging(p, 0.6 * Math.tanh(v / 2), out) }
        : { scale: maxAbs(e.output[0]!) / 0.6 });
    ctx.clearRect(0, 0, size, size);
    drawHeatmap(ctx, image, 0, 0, size, size);
    const { xRange, yRange } = this.plane;
    const sx = (x: number) => ((x - xRange[0]) / (xRange[1] - xRange[0])) * size;
    const sy = (y: number) => size - ((y - yRange[0]) / (yRange[1] - yRange[0])) * size;
    const targetScale = kind === 'regression' ? maxAbs(this.plane.train.labels) : 1;
    const color = (label: number) => kind === 'binary' ? classColor(p, label > 0.5 ? 1 : 0)
      : kind === 'multiclass' ? classColor(p, label) : css(diverging(p, label / targetScale));
    const drawSet = (set: PlanePoints['train'], filled: boolean) => {
      for (let i = 0; i < set.labels.length; i++) {
        ctx.beginPath();
        ctx.arc(sx(set.x[2 * i]!), sy(set.x[2 * i + 1]!), filled ? 3 : 3.5, 0, Math.PI * 2);
        if (filled) {
          ctx.fillStyle = color(set.labels[i]!);
          ctx.fill();
          ctx.strokeStyle = css(p.background);
          ctx.lineWidth = 1;
        } else {
          ctx.strokeStyle = color(set.labels[i]!);
          ctx.lineWidth = 1.6;
        }
        ctx.stroke();
      }
    };
    drawSet(this.plane.train, true);
    drawSet(this.plane.validation, false);
    ctx.strokeStyle = p.muted;
    ctx.strokeRect(0.5, 0.5, size - 1, size - 1);
    const agree = kind === 'regression' ? undefined : agreement(e, this.plane, kind);
    this.decisionSummary.textContent = `Decision map at step ${e.step} over ${this.plane.featureNames[0]} ${fmt(xRange[0])}…${fmt(xRange[1])} and ${this.plane.featureNames[1]} ${fmt(yRange[0])}…${fmt(yRange[1])}: `
      + `${this.plane.train.labels.length} training points (filled) and ${this.plane.validation.labels.length} validation points (rings)`
      + (kind === 'regression' ? '' : ` coloured by class (${classLegend(kind === 'binary' ? 2 : e.output.length)})`)
      + (agree !== undefined ? `; ${(agree * 100).toFixed(0)}% of training points lie in their own class's region.` : '.');
  }

  private hoverNetwork(at: { x: number; y: number }): void {
    const node = this.nodes.find((n) => at.x >= n.x && at.x <= n.x + n.size && at.y >= n.y && at.y <= n.y + n.size);
    if (node) {
      const v = node.values;
      if (!v || !this.last) {
        this.readout.textContent = node.label;
        return;
      }
      // The value under the pointer: the node is the plane in miniature.
      const res = this.last.resolution;
      const col = Math.min(res - 1, Math.floor(((at.x - node.x) / node.size) * res)), row = Math.min(res - 1, Math.floor(((at.y - node.y) / node.size) * res));
      let lo = Infinity, hi = -Infinity;
      for (const x of v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
      this.readout.textContent = `${node.label}: ${fmt(v[row * res + col])} here (range ${fmt(lo)} … ${fmt(hi)})`;
      return;
    }
    const edge = this.edges.find((e) => distanceToSegment(at, e) < 3);
    if (edge) this.readout.textContent = edge.label;
  }

  private hoverDecision(at: { x: number; y: number }): void {
    const e = this.last;
    if (!e) return;
    const size = this.decision.width, res = e.resolution;
    const { xRange, yRange } = this.plane;
    const x = xRange[0] + (at.x / size) * (xRange[1] - xRange[0]), y = yRange[1] - (at.y / size) * (yRange[1] - yRange[0]);
    const cell = Math.min(res - 1, Math.max(0, Math.round((at.y / size) * (res - 1)))) * res + Math.min(res - 1, Math.max(0, Math.round((at.x / size) * (res - 1))));
    const outputs = e.output.map((o) => o[cell]!);
    const kind = outputKind(e, this.plane);
    const reading = kind === 'binary' ? `P(class 1) = ${fmt(1 / (1 + Math.exp(-outputs[0]!)), 3)}`
      : kind === 'multiclass' ? `most likely class ${argmaxOf(outputs) + 1}` : `output ${fmt(outputs[0])}`;
    this.readout.textContent = `(${this.plane.featureNames[0]}, ${this.plane.featureNames[1]}) = (${fmt(x, 3)}, ${fmt(y, 3)}): ${reading}`;
  }
}

function argmaxOf(v: number[]): number {
  let best = 0;
  v.forEach((x, i) => { if (x > v[best]!) best = i; });
  return best;
}

/** "orange: class 0, blue: class 1": the shared palette's names, as every panel's text gives them. */
function classLegend(classes: number): string {
  return Array.from({ length: classes }, (_, k) => `${classColourName(k)}: class ${k}`).join(', ');
}

/** The winning class of each cell of several output maps. */
function argmax(maps: Float32Array[]): Float32Array {
  const out = new Float32Array(maps[0]!.length);
  for (let i = 0; i < out.length; i++) out[i] = argmaxOf(maps.map((m) => m[i]!));
  return out;
}

const rgbCache = new Map<string, Rgb>();
/** A class colour as RGB for image data (parsed once per colour). */
function rgbOf(color: string, out: Rgb): Rgb {
  let c = rgbCache.get(color);
  if (!c) rgbCache.set(color, (c = toRgb(color)));
  out[0] = c[0]; out[1] = c[1]; out[2] = c[2];
  return out;
}

/** Share of training points whose cell of the output map predicts their class. */
function agreement(e: NeuronResponsesEvent, plane: PlanePoints, kind: OutputKind): number {
  const res = e.resolution, { x, labels } = plane.train;
  let same = 0;
  for (let i = 0; i < labels.length; i++) {
    const col = Math.round(((x[2 * i]! - plane.xRange[0]) / (plane.xRange[1] - plane.xRange[0])) * (res - 1));
    const row = Math.round(((plane.yRange[1] - x[2 * i + 1]!) / (plane.yRange[1] - plane.yRange[0])) * (res - 1));
    const cell = row * res + col;
    const predicted = kind === 'binary' ? (e.output[0]![cell]! > 0 ? 1 : 0) : argmaxOf(e.output.map((o) => o[cell]!));
    if (predicted === labels[i]) same++;
  }
  return labels.length ? same / labels.length : 0;
}

function distanceToSegment(p: { x: number; y: number }, s: Edge): number {
  const dx = s.x2 - s.x1, dy = s.y2 - s.y1;
  const t = Math.max(0, Math.min(1, ((p.x - s.x1) * dx + (p.y - s.y1) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(p.x - (s.x1 + t * dx), p.y - (s.y1 + t * dy));
}
