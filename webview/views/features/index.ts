/**
 * The Layer Features view (data-view "features"): asks the extension for the run's feature
 * layers, then shows either the Playground view (2-D data: live, re-probed while the run
 * trains) or the image views (on demand, and again when a run ends). Each probe has an id and a
 * purpose; a newer probe of the same purpose cancels the older one, so switching layers quickly
 * never queues work nobody will see.
 */
import type { FeaturesEvent, FeaturesRequest } from '../../../engine/protocol/layer-features';
import type { MountLabView } from '../../lab-host';
import { checkComposition, checkFilters, checkLayers, checkMap, checkResponses, checkTopActivations } from './events';
import './features.css';
import { ImagesView, type Ask, type ImagesChoice } from './images';
import { PlaygroundView } from './playground';
import { onWidthChange } from './canvas';
import { parseFeaturesToView, type FeaturesRun, type FeaturesToView } from './protocol';

/** How often the Playground view re-probes a training run (ms): live, without taxing the worker. */
const LIVE_MS = 400;
/** Cells per side of the neuron response grid. */
const RESOLUTION = 48;

const DEFAULT_CHOICE: ImagesChoice = { layer: '', compare: '', method: 'umap', points: 2000, thumbnails: true };

export const mountFeatures: MountLabView = (app, host) => {
  app.replaceChildren();
  const title = document.createElement('h1');
  title.textContent = 'Layer features';
  const status = document.createElement('p');
  status.className = 'status';
  status.setAttribute('role', 'status');
  const progress = document.createElement('progress');
  progress.className = 'features-progress';
  progress.max = 1;
  progress.hidden = true;
  const body = document.createElement('div');
  app.append(title, status, progress, body);

  let run: FeaturesRun | null = null;
  let nextId = 1;
  /** Probes in flight: id → purpose; and the id now serving each purpose. */
  const pending = new Map<number, string>();
  const current = new Map<string, number>();
  let channels = 1;
  let playground: PlaygroundView | undefined;
  let images: ImagesView | undefined;
  let plane: { xRange: [number, number]; yRange: [number, number] } | undefined;
  let liveTimer: ReturnType<typeof setTimeout> | undefined;
  let lastStep = -1;

  const send = (request: FeaturesRequest) => host.post({ type: 'probe', request });
  const ask: Ask = (purpose, request) => {
    const old = current.get(purpose);
    if (old !== undefined && pending.has(old)) {
      host.post({ type: 'cancel', id: old });
      pending.delete(old);
    }
    const id = nextId++;
    pending.set(id, purpose);
    current.set(purpose, id);
    send({ ...request, id } as FeaturesRequest);
  };

  const describeRun = (extra = '') => {
    status.textContent = run ? `${run.title}: ${run.status}, step ${run.step}.${extra}` : 'No run yet: train a model, then open this view again.';
  };

  const askResponses = () => {
    if (plane && !pending.has(current.get('responses') ?? -1)) {
      ask('responses', { type: 'probeNeuronResponses', xRange: plane.xRange, yRange: plane.yRange, resolution: RESOLUTION });
    }
  };

  /** While a 2-D run trains, keep its heatmaps live at a modest rate. */
  const keepLive = () => {
    if (liveTimer || !playground || run?.status !== 'running') return;
    liveTimer = setTimeout(() => {
      liveTimer = undefined;
      if (run?.status === 'running' && run.step !== lastStep) askResponses();
      keepLive();
    }, LIVE_MS);
  };

  /** The run whose layers were asked for: a run still reading its data has none to ask about yet. */
  let layersOf: string | undefined;
  /** The run the body shows, when it is not the current one (a new run is loading). */
  let shown: string | undefined;

  const onRun = (next: FeaturesRun | null) => {
    const ended = !!run && run.status === 'running' && next?.status !== 'running';
    run = next;
    if (!run) return describeRun();
    if (layersOf !== run.runId) {
      // The view follows the current run. Until the new run has a model to probe, the old
      // pictures stay, said to be the previous run's, rather than a blank panel.
      if (playground || images) shown = shown ?? 'the previous run';
      playground = images = undefined;
      plane = undefined;
      if (run.status === 'loading') return describeRun(shown ? ` Below: ${shown}, until this run's model is ready.` : '');
      layersOf = run.runId;
      ask('layers', { type: 'probeLayers' });
      describeRun(shown ? ` Below: ${shown}, until this run's layers arrive.` : '');
      keepLive();
      return;
    }
    describeRun();
    if (ended) {
      // The weights are final now: show what they ended as.
      if (playground) askResponses();
      images?.requestAll();
    }
    keepLive();
  };

  const onLayers = (e: FeaturesEvent) => {
    const layers = checkLayers(e as unknown as Record<string, unknown>);
    if (!layers) return malformed('feature layers');
    channels = layers.imageShape?.[2] ?? 1;
    shown = undefined;
    body.replaceChildren();
    if (layers.plane) {
      plane = layers.plane;
      playground = new PlaygroundView(layers.plane);
      body.append(playground.element);
      onWidthChange(body, (w) => playground?.update(undefined, w));
      askResponses();
      keepLive();
    } else if (layers.imageShape && layers.layers.length) {
      const saved = host.getState<{ images?: ImagesChoice }>()?.images;
      images = new ImagesView(layers, { ...DEFAULT_CHOICE, ...saved }, ask, (c) => host.setState({ images: c }));
      body.append(images.element);
      images.requestAll();
    } else {
      const p = document.createElement('p');
      p.textContent = layers.layers.length
        ? 'This run\'s inputs are neither images nor two raw features (its feature transform replaces them), so there is no picture of what its neurons see.'
        : 'This model has no hidden layers: there are no learned features to show.';
      body.append(p);
    }
  };

  function malformed(what: string): void {
    describeRun(` The ${what} answer was malformed and ignored.`);
  }

  const onReply = (r: Exclude<FeaturesToView, { type: 'run' }>) => {
    const purpose = pending.get(r.id);
    if (purpose === undefined) return; // an answer nobody waits for any more (cancelled or superseded)
    if (r.type === 'progress' && !r.partial) {
      progress.hidden = false;
      progress.value = Number.isFinite(r.fraction) ? r.fraction : 0;
      describeRun(` ${String(r.phase).slice(0, 80)}…`);
      return;
    }
    // A partial answer (the PCA map a UMAP request gets at once) is drawn, and the probe stays pending for its result.
    if (r.type !== 'progress') pending.delete(r.id);
    if (![...pending.values()].some((p) => p !== 'responses')) progress.hidden = true;
    if (r.type === 'cancelled') return describeRun();
    if (r.type === 'failed') {
      describeRun(` A probe failed: ${String(r.message).slice(0, 300)}`);
      return images?.failed(purpose, r.message);
    }
    describeRun();
    onEvent(r.type === 'result' ? r.value : r.partial!, purpose);
  };

  const onEvent = (e: FeaturesEvent, purpose: string) => {
    const raw = e as unknown as Record<string, unknown>;
    switch (e.type) {
      case 'featureLayers': return onLayers(e);
      case 'neuronResponses': {
        const r = checkResponses(raw);
        if (!r) return malformed('neuron response');
        lastStep = r.step;
        return playground?.update(r);
      }
      case 'filters': {
        const f = checkFilters(raw);
        return f ? images?.receive(purpose, f) : malformed('filters');
      }
      case 'topActivations': {
        const t = checkTopActivations(raw, channels);
        return t ? images?.receive(purpose, t) : malformed('top activations');
      }
      case 'activationMap': {
        const m = checkMap(raw, channels);
        return typeof m === 'string' ? malformed(`activation map (${m})`) : images?.receive(purpose, m);
      }
      case 'composition': {
        const c = checkComposition(raw, channels);
        return c ? images?.receive(purpose, c) : malformed('composition');
      }
      default:
    }
  };

  host.onMessage((raw) => {
    const m = parseFeaturesToView(raw);
    if (!m) return;
    if (m.type === 'run') onRun(m.run);
    else onReply(m);
  });
  describeRun();
  host.post({ type: 'ready' });
};
