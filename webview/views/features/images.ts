/**
 * The image side of the Layer Features view: a layer selector (and a second one to put two
 * layers side by side — early layers answer to strokes, later ones to parts of digits), the
 * first-layer filters, each layer's gallery of top patches, the activation map of the chosen
 * layer with its atlas grid, and a chosen neuron's composition.
 */
import type { FeatureLayersEvent, FeaturesEvent, FeaturesRequest } from '../../../engine/protocol/layer-features';
import { ActivationMapView } from './activation-map';
import { AtlasView } from './atlas';
import { onWidthChange } from './canvas';
import { CompositionView } from './composition';
import { FiltersView, GalleryView } from './gallery';

/** What the user chose, kept across reloads. */
export interface ImagesChoice {
  layer: string;
  compare: string;
  method: 'umap' | 'pca';
  points: number;
  thumbnails: boolean;
}

/** Requests without an id; `purpose` names the slot a newer request of the same purpose replaces. */
export type Ask = (purpose: string, request: DistributiveOmit<FeaturesRequest, 'id'>) => void;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const POINTS = [500, 2000, 5000];

function select(label: string, options: [string, string][], value: string, onChange: (v: string) => void): HTMLElement {
  const field = document.createElement('div');
  field.className = 'field';
  const id = `features-${label.toLowerCase().replace(/\W+/g, '-')}`;
  const l = document.createElement('label');
  l.htmlFor = id;
  l.textContent = label;
  const s = document.createElement('select');
  s.id = id;
  for (const [v, text] of options) s.add(new Option(text, v, false, v === value));
  s.addEventListener('change', () => onChange(s.value));
  field.append(l, s);
  return field;
}

export class ImagesView {
  readonly element = document.createElement('section');
  private readonly filters = new FiltersView();
  private readonly galleries: [GalleryView, GalleryView];
  private readonly map: ActivationMapView;
  private readonly atlas: AtlasView;
  private readonly composition = new CompositionView();
  private readonly galleryRow = document.createElement('div');

  constructor(private readonly layers: FeatureLayersEvent, private choice: ImagesChoice, private readonly ask: Ask, private readonly save: (c: ImagesChoice) => void) {
    this.element.className = 'features-images';
    const names = layers.layers.map((l) => l.name);
    if (!names.includes(choice.layer)) this.choice = { ...choice, layer: names[0] ?? '' };
    if (choice.compare && !names.includes(choice.compare)) this.choice = { ...this.choice, compare: '' };
    const channels = () => layers.imageShape?.[2] ?? 1;
    const open = (layer: string, neuron: number) => this.openComposition(layer, neuron);
    this.galleries = [new GalleryView('a', open, layers.classNames), new GalleryView('b', open, layers.classNames)];
    this.map = new ActivationMapView(channels, layers.classNames);
    this.atlas = new AtlasView(channels, layers.classNames);
    this.map.thumbnails = this.choice.thumbnails;
    const described = layers.layers.map((l): [string, string] => [l.name, `${l.name} (${l.kind}, ${l.shape[2]} ${l.kind === 'conv' ? 'channels' : 'neurons'}, sees ${l.receptiveField}×${l.receptiveField} px)`]);
    const controls = document.createElement('div');
    controls.className = 'controls features-controls';
    const thumbs = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = this.choice.thumbnails;
    box.addEventListener('change', () => {
      this.set({ thumbnails: box.checked });
      this.map.thumbnails = box.checked;
      this.map.schedule();
    });
    thumbs.append(box, ' Thumbnails on the map');
    const refresh = document.createElement('button');
    refresh.type = 'button';
    refresh.className = 'features-refresh';
    refresh.textContent = 'Refresh from current weights';
    refresh.addEventListener('click', () => this.requestAll());
    controls.append(
      select('Layer', described, this.choice.layer, (v) => { this.set({ layer: v }); this.requestLayer(0); this.requestMap(); }),
      select('Side by side with', [['', 'none'], ...described], this.choice.compare, (v) => { this.set({ compare: v }); this.requestLayer(1); }),
      select('Map method', [['umap', 'UMAP (cosine; Atlas settings: 20 neighbours, min. distance 0.01)'], ['pca', 'PCA (fast)']], this.choice.method, (v) => { this.set({ method: v === 'pca' ? 'pca' : 'umap' }); this.requestMap(); }),
      select('Map points', POINTS.map((n): [string, string] => [String(n), n.toLocaleString('en-US')]), String(this.choice.points), (v) => { this.set({ points: Number(v) }); this.requestMap(); }),
      thumbs, refresh,
    );
    this.galleryRow.className = 'features-row';
    this.galleryRow.append(this.galleries[0].element, this.galleries[1].element);
    const mapRow = document.createElement('div');
    mapRow.className = 'features-row';
    mapRow.append(this.map.element, this.atlas.element);
    this.element.append(controls, this.filters.element, this.galleryRow, this.composition.element, mapRow);
    onWidthChange(this.element, (w) => this.layout(w));
  }

  private set(part: Partial<ImagesChoice>): void {
    this.choice = { ...this.choice, ...part };
    this.save(this.choice);
  }

  private layout(width: number): void {
    const two = !!this.choice.compare;
    this.galleries[1].element.hidden = !two;
    const galleryWidth = two ? Math.floor((width - 16) / 2) : width;
    this.galleries[0].update(undefined, galleryWidth);
    this.galleries[1].update(undefined, galleryWidth);
    this.filters.update(undefined, width);
    const wide = width > 900;
    this.map.update(undefined, wide ? Math.floor(width * 0.6) : width);
    this.atlas.update(undefined, wide ? Math.floor(width * 0.4) - 16 : width);
  }

  /** Asks for everything the view shows, from the run's weights as they are now. */
  requestAll(): void {
    this.ask('filters', { type: 'probeFilters' });
    this.requestLayer(0);
    this.requestLayer(1);
    this.requestMap();
  }

  private requestLayer(slot: 0 | 1): void {
    const layer = slot === 0 ? this.choice.layer : this.choice.compare;
    this.galleries[1].element.hidden = !this.choice.compare;
    if (layer) this.ask(`top${slot}`, { type: 'probeTopActivations', layer, k: 8, rows: { set: 'train', maxRows: 2000 } });
    this.layout(this.element.clientWidth);
  }

  private requestMap(): void {
    if (!this.choice.layer) return;
    this.ask('map', {
      type: 'probeActivationMap', layer: this.choice.layer, method: this.choice.method,
      rows: { set: 'train', maxRows: this.choice.points }, grid: { size: 20, minPoints: 3 },
    });
  }

  private openComposition(layer: string, neuron: number): void {
    const first = this.layers.layers[0]?.name === layer;
    this.composition.waiting(layer, neuron);
    if (first) {
      this.composition.failed(`${layer} is the first layer: its parts are the input pixels, which its filter (above) weighs.`);
      return;
    }
    this.ask('composition', { type: 'probeComposition', layer, neuron, count: 6, k: 4, rows: { set: 'train', maxRows: 1000 } });
  }

  /** Draws an answer; `purpose` is the slot it was asked for. */
  receive(purpose: string, e: FeaturesEvent): void {
    switch (e.type) {
      case 'filters': return this.filters.update(e.filters);
      case 'topActivations': return (purpose === 'top1' ? this.galleries[1] : this.galleries[0]).update(e);
      case 'activationMap':
        this.map.update(e);
        this.atlas.update(e);
        return;
      case 'composition': return this.composition.update(e);
      default:
    }
  }

  /** A probe asked for `purpose` failed with `message`. */
  failed(purpose: string, message: string): void {
    if (purpose === 'composition') this.composition.failed(message);
  }
}
