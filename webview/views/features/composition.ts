/**
 * How a neuron is built from the layer before it: the previous layer's neurons that push it
 * most (weight × mean activation, sign included), each with its own strongest patches. Text
 * for every number; small canvases only for the patches.
 */
import type { CompositionEvent } from '../../../engine/protocol/layer-features';
import { fmt } from '../../format';
import { css, palette } from './colors';
import { patchImage, pixelRange } from './patches';

const PATCH = 40;

export class CompositionView {
  readonly element = document.createElement('section');
  private readonly heading = document.createElement('h3');
  private readonly status = document.createElement('p');
  private readonly list = document.createElement('ol');

  constructor() {
    this.element.className = 'features-composition';
    this.element.setAttribute('aria-live', 'polite');
    this.heading.textContent = 'Composition';
    this.status.className = 'help';
    this.status.textContent = 'Click a neuron in a gallery (or select it and press Enter) to see which neurons of the layer before it it is built from.';
    this.element.append(this.heading, this.status, this.list);
  }

  /** A probe for `layer` neuron `neuron` is on its way. */
  waiting(layer: string, neuron: number): void {
    this.heading.textContent = `Composition of ${layer} #${neuron + 1}`;
    this.status.textContent = 'Computing…';
    this.list.replaceChildren();
  }

  failed(message: string): void {
    this.status.textContent = message;
  }

  update(e: CompositionEvent): void {
    const c = e.composition, p = palette();
    this.heading.textContent = `Composition of ${c.layer} #${c.neuron + 1}`;
    this.status.textContent = `Its largest parts in ${c.previous} (weight × mean activation, at step ${e.step}); each part's own strongest patches beside it.`;
    const range = pixelRange(c.contributions.flatMap((k) => k.top.flatMap((t) => (t.patch ? [t.patch.pixels] : []))));
    const biggest = Math.max(1e-9, ...c.contributions.map((k) => Math.abs(k.contribution)));
    this.list.replaceChildren(...c.contributions.map((k) => {
      const li = document.createElement('li');
      const text = document.createElement('span');
      text.className = 'composition-text';
      text.textContent = `${c.previous} #${k.neuron + 1}: ${k.contribution >= 0 ? 'excites' : 'inhibits'} it by ${fmt(k.contribution, 3)} (weight ${fmt(k.weight, 3)} × mean activation ${fmt(k.meanActivation, 3)})`;
      const bar = document.createElement('span');
      bar.className = 'composition-bar';
      bar.style.width = `${Math.round((60 * Math.abs(k.contribution)) / biggest)}px`;
      bar.style.background = css(k.contribution >= 0 ? p.positive : p.negative);
      const canvas = document.createElement('canvas');
      const patches = k.top.filter((t) => t.patch);
      canvas.width = Math.max(1, patches.length * (PATCH + 2));
      canvas.height = PATCH;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `${patches.length} strongest patches of ${c.previous} #${k.neuron + 1}`);
      const ctx = canvas.getContext('2d')!;
      ctx.imageSmoothingEnabled = false;
      patches.forEach((t, j) => {
        const patch = t.patch!;
        const channels = Math.max(1, Math.round(patch.pixels.length / (patch.size * patch.size)));
        ctx.drawImage(patchImage(patch.pixels, patch.size, channels, range), j * (PATCH + 2), 0, PATCH, PATCH);
      });
      li.append(bar, text, canvas);
      return li;
    }));
  }
}
