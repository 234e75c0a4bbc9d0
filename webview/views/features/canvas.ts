/**
 * Canvases sized in CSS pixels and drawn at the device's pixel ratio (sharp on HiDPI screens),
 * redrawn when their box is resized. Every canvas is described by a text summary for screen
 * readers: the canvas is an image whose alternative text is that summary.
 */

/** A canvas that fills its container's width at a fixed or computed height. */
export interface SizedCanvas {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  /** Width and height in CSS pixels. */
  width: number;
  height: number;
  /** Resizes the backing store to `width`×`height` CSS pixels and resets the transform; returns whether it changed. */
  resize(width: number, height: number): boolean;
}

export function sizedCanvas(label: string, className = 'features-canvas'): SizedCanvas {
  const canvas = document.createElement('canvas');
  canvas.className = className;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  const ctx = canvas.getContext('2d')!;
  const s: SizedCanvas = {
    canvas, ctx, width: 0, height: 0,
    resize(width, height) {
      const ratio = window.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(width)), h = Math.max(1, Math.round(height));
      const changed = w !== s.width || h !== s.height || canvas.width !== Math.round(w * ratio);
      if (changed) {
        s.width = w;
        s.height = h;
        canvas.width = Math.round(w * ratio);
        canvas.height = Math.round(h * ratio);
        canvas.style.width = `${w}px`;
        canvas.style.height = `${h}px`;
      }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      return changed;
    },
  };
  return s;
}

/** Calls `redraw` when `element`'s width changes (coalesced to one call per frame). */
export function onWidthChange(element: HTMLElement, redraw: (width: number) => void): void {
  let last = -1, pending = false;
  new ResizeObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const w = element.clientWidth;
      if (w !== last && w > 0) {
        last = w;
        redraw(w);
      }
    });
  }).observe(element);
}

/** A paragraph that tells screen readers what a canvas shows; linked to the canvas by aria-describedby. */
export function summaryFor(canvas: HTMLCanvasElement, id: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = 'canvas-summary';
  p.id = id;
  canvas.setAttribute('aria-describedby', id);
  return p;
}

/** The pointer's position in a canvas's CSS pixels. */
export function pointerAt(canvas: HTMLCanvasElement, e: MouseEvent): { x: number; y: number } {
  const r = canvas.getBoundingClientRect();
  return { x: e.clientX - r.left, y: e.clientY - r.top };
}
