/**
 * One Compare Models panel as the extension sees it: a worker of its own, the dataset the panel
 * works on, the answers of its latest comparison and PCA analysis (kept, so a view that is
 * re-created after being hidden gets them all again), and the view's intents turned into
 * worker requests. A finished comparison is followed by the PCA analysis of the same data.
 * No `vscode` here, so tests drive it with a real worker from plain Node.
 */
import type { FeatureLabEvent, FeatureLabRequest, LabDatasetSpec } from '../../engine/features/protocol';
import type { WorkerMessage } from '../../engine/session';
import type { CompareOptions, FromModelsView, ToModelsView } from '../../webview/views/models/protocol';
import type { WorkerHost } from '../worker-host';

/** The part of a WorkerHost a relay uses. */
export type ModelsWorker = Pick<WorkerHost, 'post' | 'onMessage' | 'onExit' | 'kill'>;

/** A dataset as the panel knows it: what the user calls it, and what the worker reads. */
export interface ModelsDataset {
  label: string;
  spec: LabDatasetSpec;
}

export const DEFAULT_OPTIONS: CompareOptions = { degree: 2, components: 2, epochs: 50 };

export class ModelsRelay {
  private nextId = 1;
  private compareId = 0;
  private pcaId = 0;
  private running = new Set<number>();
  private options = DEFAULT_OPTIONS;
  /** The current comparison's and analysis' answers, in order, for a view that starts over. */
  private kept: FeatureLabEvent[] = [];
  private disposed = false;

  constructor(
    private readonly worker: ModelsWorker,
    private dataset: ModelsDataset | undefined,
    private readonly post: (m: ToModelsView) => void,
    /** Asks the user for a dataset (a quick pick); undefined when they cancel. */
    private readonly pick: () => Promise<ModelsDataset | undefined>,
  ) {
    worker.onMessage((m: WorkerMessage) => {
      if (m.type === 'probe') this.relay(m.event as FeatureLabEvent);
      // A request the session could not route at all comes back as a training error.
      else if (m.type === 'events') for (const e of m.events) if (e.type === 'error') this.failed(e.message);
    });
    worker.onExit((e) => {
      this.running.clear();
      if (e.unexpected) this.failed(`the worker stopped (${e.reason}); press Compare to start again`);
    });
  }

  /** Acts on a validated message of the view. */
  async handle(m: FromModelsView): Promise<void> {
    if (this.disposed) return;
    switch (m.type) {
      case 'ready':
        if (!this.dataset) return; // a revived panel: the view shows what it kept
        this.post({ type: 'dataset', label: this.dataset.label });
        if (this.compareId === 0) return this.compare(this.options);
        for (const event of this.kept) this.post({ type: 'engine', event });
        return;
      case 'compare':
        this.options = { degree: m.degree, components: m.components, epochs: m.epochs };
        if (!this.dataset) return this.pickDataset();
        return this.compare(this.options);
      case 'pca':
        if (!this.dataset) return this.pickDataset();
        return this.analyse();
      case 'pickDataset':
        return this.pickDataset();
      case 'cancel':
        for (const id of this.running) this.worker.post({ type: 'cancelFeatureLab', id });
        return;
    }
  }

  /** Ends it for good: the panel closed. */
  dispose(): void {
    this.disposed = true;
    void this.worker.kill();
  }

  private async pickDataset(): Promise<void> {
    const d = await this.pick();
    if (!d || this.disposed) return;
    this.dataset = d;
    this.post({ type: 'dataset', label: d.label });
    this.compare(this.options);
  }

  private request(req: FeatureLabRequest & { id: number }): number {
    this.running.add(req.id);
    this.worker.post(req);
    return req.id;
  }

  private compare(o: CompareOptions): void {
    this.cancelAll();
    this.kept = [];
    this.pcaId = 0;
    this.compareId = this.request({ type: 'compareModels', id: this.nextId++, ...this.dataset!.spec, ...o });
  }

  private analyse(): void {
    if (this.pcaId) this.worker.post({ type: 'cancelFeatureLab', id: this.pcaId });
    this.kept = this.kept.filter((e) => e.id !== this.pcaId);
    this.pcaId = this.request({ type: 'pca', id: this.nextId++, ...this.dataset!.spec, epochs: this.options.epochs });
  }

  private cancelAll(): void {
    for (const id of this.running) this.worker.post({ type: 'cancelFeatureLab', id });
  }

  private relay(e: FeatureLabEvent): void {
    if (this.disposed || (e.id !== this.compareId && e.id !== this.pcaId)) return;
    if (e.type === 'modelsDone' || e.type === 'pcaDone' || e.type === 'featureLabFailed') this.running.delete(e.id);
    if (e.type !== 'modelsProgress') this.kept.push(e);
    this.post({ type: 'engine', event: e });
    // The PCA half of the argument follows on the same data once the comparison is in.
    if (e.type === 'modelsDone' && !e.cancelled) this.analyse();
  }

  private failed(message: string): void {
    if (!this.disposed) this.post({ type: 'error', message });
  }
}
