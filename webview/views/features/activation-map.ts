/**
 * The activation map: each image's activation vector placed by UMAP (or PCA). At the default
 * zoom a thinned set of images is drawn as thumbnails framed in their class colour — greedily,
 * so no two overlap — and every other image as a dot in its class colour; zooming in spreads
 * the points and shows more thumbnails. Wheel or +/− zooms about the pointer, dragging or the
 * arrow keys pan, 0 resets; hovering names the nearest point. While UMAP refines the PCA map
 * (the worker posts its layout every few epochs) the points glide from one layout to the next
 * and the heading says which map and how many epochs it shows. It stays interactive with
 * thousands of points because every thumbnail is copied from one sprite sheet, points outside
 * the viewport are skipped, and redraws are coalesced to one a frame. The last redraw's time is
 * kept in the canvas's data-draw-ms, and its thumbnails' boxes in data-thumb-boxes (the
 * browser test reads them).
 */
import type { ActivationMapEvent } from '../../../engine/protocol/layer-features';
import { fmt } from '../../format';
import { pointerAt, sizedCanvas, summaryFor } from './canvas';
import { classColor, palette } from './colors';
import { pixelRange, spriteSheet, type SpriteSheet } from './patches';

const HEIGHT = 440;
const MARGIN = 16;
/** Thumbnail side at the default zoom (CSS px): a 16-px digit stays readable. */
const THUMB_PX = 22;
/** Class-colour frame around a thumbnail, and the least gap between two framed thumbnails (px). */
const FRAME = 1.5;
const GAP = 1;
const DOT_RADIUS = 2.5;
/** How long the points take to glide from one layout to the next (ms). */
const GLIDE_MS = 600;

type Bounds = { minX: number; maxX: number; minY: number; maxY: number };

export class ActivationMapView {
  readonly element = document.createElement('section');
  private readonly view = sizedCanvas('Activation map', 'features-canvas features-map');
  private readonly summary: HTMLParagraphElement;
  private readonly readout = document.createElement('p');
  private readonly heading = document.createElement('h3');
  private event: ActivationMapEvent | undefined;
  private sheet: SpriteSheet | undefined;
  private bounds: Bounds = { minX: 0, maxX: 1, minY: 0, maxY: 1 };
  /** The layout the points glide from, while they do. */
  private from: { points: Float32Array; bounds: Bounds } | undefined;
  private animationStart = 0;
  /** Zoom factor and pan offset (CSS pixels) applied after fitting the map to the canvas. */
  private zoom = 1;
  private panX = 0;
  private panY = 0;
  private hovered = -1;
  private frame = 0;
  private width = 0;
  thumbnails = true;

  constructor(private readonly channels: () => number, private readonly classNames?: string[]) {
    this.element.className = 'features-map-block';
    this.summary = summaryFor(this.view.canvas, 'features-map-summary');
    this.readout.className = 'hover-readout';
    this.readout.setAttribute('aria-live', 'polite');
    this.view.canvas.tabIndex = 0;
    this.heading.textContent = 'Activation map';
    this.element.append(this.heading, this.view.canvas, this.readout, this.summary);
    const c = this.view.canvas;
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const at = pointerAt(c, e);
      this.zoomAbout(at.x, at.y, Math.exp(-e.deltaY * 0.0015));
    }, { passive: false });
    let drag: { x: number; y: number } | undefined;
    c.addEventListener('mousedown', (e) => (drag = pointerAt(c, e)));
    window.addEventListener('mouseup', () => (drag = undefined));
    c.addEventListener('mousemove', (e) => {
      const at = pointerAt(c, e);
      if (drag) {
        this.panX += at.x - drag.x;
        this.panY += at.y - drag.y;
        drag = at;
        this.schedule();
      } else this.hover(at);
    });
    c.addEventListener('keydown', (e) => this.key(e));
  }

  update(e: ActivationMapEvent | undefined, width = this.width): void {
    this.width = width;
    if (e && e !== this.event) {
      const before = this.event;
      // A later layout of the same request (UMAP refining the PCA map) glides from the last one and keeps the zoom.
      const refinement = !!before && before.id === e.id && before.layer === e.layer && before.points.length === e.points.length;
      this.from = refinement ? { points: before.points, bounds: this.bounds } : undefined;
      this.animationStart = performance.now();
      this.event = e;
      const t = e.thumbnails;
      const sameThumbnails = refinement && this.sheet && t && before.thumbnails?.pixels.length === t.pixels.length && before.thumbnails.size === t.size;
      if (!sameThumbnails) this.sheet = t ? spriteSheet(t.pixels, t.size, this.channels(), pixelRange([t.pixels])) : undefined;
      this.bounds = robustBounds(e.points);
      if (!refinement) {
        this.zoom = 1;
        this.panX = this.panY = 0;
        this.hovered = -1;
      }
      this.describe();
    }
    this.schedule();
  }

  /** Redraws at the next frame (many events in one frame cost one redraw). */
  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Screen position of point i of `points` fitted by `b` (the canvas box, keeping the aspect). */
  private place(points: Float32Array, b: Bounds, i: number): [number, number] {
    const w = this.view.width - 2 * MARGIN, h = this.view.height - 2 * MARGIN;
    const s = Math.min(w / (b.maxX - b.minX), h / (b.maxY - b.minY)) * this.zoom;
    const cx = this.view.width / 2 + this.panX, cy = this.view.height / 2 + this.panY;
    return [cx + (points[2 * i]! - (b.minX + b.maxX) / 2) * s, cy - (points[2 * i + 1]! - (b.minY + b.maxY) / 2) * s];
  }

  /** How far the glide from the previous layout has got: 0…1, eased. */
  private glide(): number {
    if (!this.from) return 1;
    const t = Math.min(1, (performance.now() - this.animationStart) / GLIDE_MS);
    if (t >= 1) this.from = undefined;
    return t * t * (3 - 2 * t);
  }

  /** Screen position of map point i (between the previous and the current layout while gliding). */
  private screen(i: number, t = 1): [number, number] {
    const to = this.place(this.event!.points, this.bounds, i);
    if (t >= 1 || !this.from) return to;
    const from = this.place(this.from.points, this.from.bounds, i);
    return [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t];
  }

  /** Thumbnail side on screen: legible at the default zoom, and it grows with zoom. */
  private thumbSize(): number {
    return Math.max(THUMB_PX, Math.min(64, THUMB_PX * Math.sqrt(this.zoom)));
  }

  draw(): void {
    const e = this.event;
    if (!e || this.width <= 0) return;
    const started = performance.now();
    this.view.resize(this.width, HEIGHT);
    const ctx = this.view.ctx, p = palette();
    const W = this.view.width, H = this.view.height;
    ctx.clearRect(0, 0, W, H);
    const n = e.rows.length;
    const sheet = this.thumbnails ? this.sheet : undefined;
    const t = this.thumbSize();
    const box = t + 2 * FRAME;
    const glide = this.glide();
    const xy = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const [x, y] = this.screen(i, glide);
      xy[2 * i] = x;
      xy[2 * i + 1] = y;
    }
    const visible = (i: number, r: number) => xy[2 * i]! >= -r && xy[2 * i + 1]! >= -r && xy[2 * i]! <= W + r && xy[2 * i + 1]! <= H + r;
    // Thumbnails where they fit without overlapping one already placed (in point order, so the
    // choice is stable); every other point is a dot in its class colour.
    const thumbs = sheet ? placeWithoutOverlap(xy, n, box + GAP, (i) => visible(i, box)) : [];
    const isThumb = new Uint8Array(n);
    for (const i of thumbs) isThumb[i] = 1;
    const classOf = (i: number) => (e.labels ? e.labels[i]! : 0);
    // Grouped by class so the fill colour changes once per class, not once per point.
    const dots = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      if (isThumb[i] || !visible(i, DOT_RADIUS)) continue;
      const c = classOf(i);
      let list = dots.get(c);
      if (!list) dots.set(c, (list = []));
      list.push(i);
    }
    for (const [c, list] of dots) {
      ctx.fillStyle = classColor(p, c);
      ctx.beginPath();
      for (const i of list) {
        ctx.moveTo(xy[2 * i]! + DOT_RADIUS, xy[2 * i + 1]!);
        ctx.arc(xy[2 * i]!, xy[2 * i + 1]!, DOT_RADIUS, 0, Math.PI * 2);
      }
      ctx.fill();
    }
    const boxes: string[] = [];
    if (sheet) {
      ctx.imageSmoothingEnabled = false;
      const half = t / 2;
      for (const i of thumbs) {
        const x = xy[2 * i]!, y = xy[2 * i + 1]!;
        ctx.fillStyle = classColor(p, classOf(i));
        ctx.fillRect(x - half - FRAME, y - half - FRAME, box, box);
        const { sx, sy } = sheet.at(i);
        ctx.drawImage(sheet.canvas, sx, sy, sheet.size, sheet.size, x - half, y - half, t, t);
        boxes.push(`${(x - half - FRAME).toFixed(1)},${(y - half - FRAME).toFixed(1)},${box.toFixed(1)}`);
      }
    }
    if (this.hovered >= 0 && this.hovered < n) {
      const x = xy[2 * this.hovered]!, y = xy[2 * this.hovered + 1]!;
      const big = sheet ? Math.max(48, t * 2) : 10;
      ctx.strokeStyle = p.focus;
      ctx.lineWidth = 2;
      if (sheet) {
        const { sx, sy } = sheet.at(this.hovered);
        ctx.drawImage(sheet.canvas, sx, sy, sheet.size, sheet.size, x - big / 2, y - big / 2, big, big);
      }
      ctx.strokeRect(x - big / 2 - 1, y - big / 2 - 1, big + 2, big + 2);
    }
    if (glide < 1) this.schedule();
    const ms = performance.now() - started;
    const c = this.view.canvas;
    c.dataset.drawMs = ms.toFixed(2);
    c.dataset.drawn = String(thumbs.length + [...dots.values()].reduce((s, l) => s + l.length, 0));
    c.dataset.thumbnails = String(thumbs.length);
    c.dataset.thumbBoxes = boxes.join(' ');
    c.dataset.gliding = glide < 1 ? 'true' : 'false';
  }

  private zoomAbout(x: number, y: number, factor: number): void {
    const z = Math.max(0.5, Math.min(64, this.zoom * factor));
    const k = z / this.zoom;
    // Keep the map point under (x, y) where it is.
    const cx = this.view.width / 2, cy = this.view.height / 2;
    this.panX = x - cx - (x - cx - this.panX) * k;
    this.panY = y - cy - (y - cy - this.panY) * k;
    this.zoom = z;
    this.schedule();
  }

  private hover(at: { x: number; y: number }): void {
    const e = this.event;
    if (!e) return;
    const reach = Math.max(6, (this.thumbnails && this.sheet ? this.thumbSize() : 5) / 2 + 2);
    // (Dots answer within the same reach as thumbnails: a thinned-out image is still found.)
    let best = -1, bestD = reach * reach;
    for (let i = 0; i < e.rows.length; i++) {
      const [x, y] = this.screen(i);
      const d = (x - at.x) ** 2 + (y - at.y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best === this.hovered) return;
    this.hovered = best;
    if (best >= 0) {
      const label = e.labels ? `, class ${this.classNames?.[e.labels[best]!] ?? e.labels[best]}` : '';
      this.readout.textContent = `Image ${e.rows[best]}${label} at (${fmt(e.points[2 * best], 3)}, ${fmt(e.points[2 * best + 1], 3)})`;
    }
    this.schedule();
  }

  private key(e: KeyboardEvent): void {
    const step = 40;
    const cx = this.view.width / 2, cy = this.view.height / 2;
    if (e.key === '+' || e.key === '=') this.zoomAbout(cx, cy, 1.25);
    else if (e.key === '-') this.zoomAbout(cx, cy, 0.8);
    else if (e.key === '0') {
      this.zoom = 1;
      this.panX = this.panY = 0;
      this.schedule();
    } else if (e.key === 'ArrowLeft') this.pan(step, 0);
    else if (e.key === 'ArrowRight') this.pan(-step, 0);
    else if (e.key === 'ArrowUp') this.pan(0, step);
    else if (e.key === 'ArrowDown') this.pan(0, -step);
    else return;
    e.preventDefault();
  }

  private pan(dx: number, dy: number): void {
    this.panX += dx;
    this.panY += dy;
    this.schedule();
  }

  private describe(): void {
    const e = this.event!;
    const method = e.method === 'umap' ? 'UMAP (cosine distance)' : 'PCA';
    const epochs = e.method === 'umap' && e.epochs ? `, ${e.epochs.done} of ${e.epochs.of} layout epochs` : '';
    const state = !e.preview ? '' : e.method === 'pca' ? ' — UMAP will refine it' : ' — refining';
    this.heading.textContent = `Activation map of ${e.layer} (${method}${epochs}${state}, step ${e.step})`;
    let counts = '';
    if (e.labels) {
      const c = new Map<number, number>();
      for (const l of e.labels) c.set(l, (c.get(l) ?? 0) + 1);
      counts = ` Classes: ${[...c].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${this.classNames?.[k] ?? k} ${v}`).join(', ')}.`
        + ` ${(100 * neighbourAgreement(e)).toFixed(0)}% of points have a nearest neighbour of their own class.`;
    }
    this.summary.textContent = `${e.rows.length} images placed by their ${e.layer} activations with ${method} in ${fmt(e.seconds, 3)} s; nearby points are images the layer represents alike.${counts}`
      + ' Wheel or + and − zoom, drag or arrow keys pan, 0 resets.';
  }
}

/**
 * The box the map opens on: the 1st to 99th percentile of each axis, widened by 5%. UMAP can
 * leave a few points of a disconnected piece far away; fitting them all would squeeze the rest
 * into a corner (zooming out still reaches them).
 */
function robustBounds(points: Float32Array): Bounds {
  const n = points.length / 2;
  if (!n) return { minX: 0, maxX: 1, minY: 0, maxY: 1 };
  const axis = (a: 0 | 1): [number, number] => {
    const v = Float32Array.from({ length: n }, (_, i) => points[2 * i + a]!).sort();
    const lo = v[Math.floor(0.01 * (n - 1))]!, hi = v[Math.ceil(0.99 * (n - 1))]!;
    const pad = (hi - lo) * 0.05 || 1;
    return [lo - pad, hi + pad];
  };
  const [minX, maxX] = axis(0), [minY, maxY] = axis(1);
  return { minX, maxX, minY, maxY };
}

/** Share of points (up to 1,500 sampled) whose nearest other point has their label: how well the map separates the classes. */
function neighbourAgreement(e: ActivationMapEvent): number {
  const labels = e.labels!, n = labels.length, m = Math.min(n, 1500);
  let same = 0;
  for (let s = 0; s < m; s++) {
    const i = Math.floor((s * n) / m);
    let best = -1, bestD = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = (e.points[2 * i]! - e.points[2 * j]!) ** 2 + (e.points[2 * i + 1]! - e.points[2 * j + 1]!) ** 2;
      if (d < bestD) { bestD = d; best = j; }
    }
    if (best >= 0 && labels[best] === labels[i]) same++;
  }
  return m ? same / m : 0;
}

/**
 * Greedy placement of square boxes of side `box` centred at the points (n×2 screen positions):
 * in point order, each eligible point gets a box unless it would overlap one already placed.
 * A grid of `box`-sized cells makes each check look at 9 cells. Returns the placed points.
 */
export function placeWithoutOverlap(xy: Float32Array, n: number, box: number, eligible: (i: number) => boolean): number[] {
  const cells = new Map<string, number[]>();
  const placed: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!eligible(i)) continue;
    const x = xy[2 * i]!, y = xy[2 * i + 1]!;
    const gx = Math.floor(x / box), gy = Math.floor(y / box);
    let free = true;
    for (let dx = -1; dx <= 1 && free; dx++) {
      for (let dy = -1; dy <= 1 && free; dy++) {
        for (const j of cells.get(`${gx + dx},${gy + dy}`) ?? []) {
          if (Math.abs(xy[2 * j]! - x) < box && Math.abs(xy[2 * j + 1]! - y) < box) { free = false; break; }
        }
      }
    }
    if (!free) continue;
    placed.push(i);
    const key = `${gx},${gy}`;
    const list = cells.get(key);
    if (list) list.push(i);
    else cells.set(key, [i]);
  }
  return placed;
}
