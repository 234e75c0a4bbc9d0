/**
 * The activation map: each image's activation vector placed by UMAP (or PCA), drawn as its
 * input patch framed in its class colour, or as a dot. Wheel or +/− zooms about the pointer,
 * dragging or the arrow keys pan, 0 resets; hovering names the nearest point. It stays
 * interactive with thousands of points because every thumbnail is copied from one sprite
 * sheet, points outside the viewport are skipped, and redraws are coalesced to one a frame.
 * The last redraw's time is kept in the canvas's data-draw-ms (the browser test reads it).
 */
import type { ActivationMapEvent } from '../../../engine/probes/features-protocol';
import { fmt } from '../../format';
import { pointerAt, sizedCanvas, summaryFor } from './canvas';
import { classColor, palette } from './colors';
import { pixelRange, spriteSheet, type SpriteSheet } from './patches';

const HEIGHT = 440;
const MARGIN = 16;

export class ActivationMapView {
  readonly element = document.createElement('section');
  private readonly view = sizedCanvas('Activation map', 'features-canvas features-map');
  private readonly summary: HTMLParagraphElement;
  private readonly readout = document.createElement('p');
  private readonly heading = document.createElement('h3');
  private event: ActivationMapEvent | undefined;
  private sheet: SpriteSheet | undefined;
  private bounds = { minX: 0, maxX: 1, minY: 0, maxY: 1 };
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
      this.event = e;
      const t = e.thumbnails;
      this.sheet = t ? spriteSheet(t.pixels, t.size, this.channels(), pixelRange([t.pixels])) : undefined;
      this.bounds = robustBounds(e.points);
      this.zoom = 1;
      this.panX = this.panY = 0;
      this.hovered = -1;
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

  /** Screen position of map point i. */
  private screen(i: number): [number, number] {
    const e = this.event!, b = this.bounds;
    const w = this.view.width - 2 * MARGIN, h = this.view.height - 2 * MARGIN;
    const s = Math.min(w / (b.maxX - b.minX), h / (b.maxY - b.minY)) * this.zoom;
    const cx = this.view.width / 2 + this.panX, cy = this.view.height / 2 + this.panY;
    return [cx + (e.points[2 * i]! - (b.minX + b.maxX) / 2) * s, cy - (e.points[2 * i + 1]! - (b.minY + b.maxY) / 2) * s];
  }

  /** Thumbnail side on screen: grows with zoom, so zooming in reveals the images. */
  private thumbSize(): number {
    return Math.max(9, Math.min(56, 11 * Math.sqrt(this.zoom)));
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
    const t = sheet ? this.thumbSize() : 5;
    const half = t / 2;
    ctx.imageSmoothingEnabled = false;
    // Points grouped by class so the fill colour changes once per class, not once per point.
    const byClass = new Map<number, number[]>();
    let drawn = 0;
    for (let i = 0; i < n; i++) {
      const [x, y] = this.screen(i);
      if (x < -half || y < -half || x > W + half || y > H + half) continue;
      const c = e.labels ? e.labels[i]! : 0;
      let list = byClass.get(c);
      if (!list) byClass.set(c, (list = []));
      list.push(i);
      drawn++;
    }
    for (const [c, list] of byClass) {
      ctx.fillStyle = classColor(p, c);
      for (const i of list) {
        const [x, y] = this.screen(i);
        if (sheet) ctx.fillRect(x - half - 1.5, y - half - 1.5, t + 3, t + 3);
        else {
          ctx.beginPath();
          ctx.arc(x, y, 2.5, 0, Math.PI * 2);
          ctx.fill();
        }
      }
      if (sheet) {
        for (const i of list) {
          const [x, y] = this.screen(i);
          const { sx, sy } = sheet.at(i);
          ctx.drawImage(sheet.canvas, sx, sy, sheet.size, sheet.size, x - half, y - half, t, t);
        }
      }
    }
    if (this.hovered >= 0 && this.hovered < n) {
      const [x, y] = this.screen(this.hovered);
      const big = sheet ? Math.max(48, t * 2) : 10;
      ctx.strokeStyle = p.focus;
      ctx.lineWidth = 2;
      if (sheet) {
        const { sx, sy } = sheet.at(this.hovered);
        ctx.drawImage(sheet.canvas, sx, sy, sheet.size, sheet.size, x - big / 2, y - big / 2, big, big);
      }
      ctx.strokeRect(x - big / 2 - 1, y - big / 2 - 1, big + 2, big + 2);
    }
    const ms = performance.now() - started;
    this.view.canvas.dataset.drawMs = ms.toFixed(2);
    this.view.canvas.dataset.drawn = String(drawn);
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
    this.heading.textContent = `Activation map of ${e.layer} (${method}${e.preview ? ' — UMAP is refining it' : ''}, step ${e.step})`;
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
function robustBounds(points: Float32Array): { minX: number; maxX: number; minY: number; maxY: number } {
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
