/**
 * One Compare Models panel as the extension sees it: a worker of its own, the dataset the panel
 * works on, the answers of its latest comparison and PCA analysis (kept, so a view that is
 * re-created after being hidden gets them all again), and the view's intents turned into
 * worker requests. A finished comparison is followed by the PCA analysis of the same data.
 * No `vscode` here, so tests drive it with a real worker from plain Node.
 */
import type { LabDatasetSpec } from '../../engine/protocol/models';
import type { JobReply } from '../../engine/protocol/job';
import type { CompareOptions, FromModelsView, ToModelsView } from '../../webview/views/models/protocol';
import { JobClient, workerTarget, type JobTarget, type RunningJob } from '../job-client';
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
  /** The view's ids of computations: ordered, so the view can tell the latest. */
  private nextId = 1;
  /** The latest comparison and analysis, by the view's id. */
  private compare: { id: number; job: RunningJob<unknown> } | undefined;
  private pca: { id: number; job: RunningJob<unknown> } | undefined;
  private options = DEFAULT_OPTIONS;
  /** The current comparison's and analysis' replies but bare progress, in order, for a view that starts over. */
  private kept: JobReply[] = [];
  private disposed = false;
  private readonly jobs = new JobClient();
  private readonly target: JobTarget;

  constructor(
    private readonly worker: ModelsWorker,
    private dataset: ModelsDataset | undefined,
    private readonly post: (m: ToModelsView) => void,
    /** Asks the user for a dataset (a quick pick); undefined when they cancel. */
    private readonly pick: () => Promise<ModelsDataset | undefined>,
  ) {
    this.target = workerTarget(worker, () => this.disposed);
    worker.onMessage((m) => {
      // A request the session could not route at all comes back as a training error.
      if (m.type === 'events') for (const e of m.events) if (e.type === 'error') this.failed(e.message);
    });
    worker.onExit((e) => {
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
        if (!this.compare) return this.start(this.options);
        for (const r of this.kept) this.post(r as ToModelsView);
        return;
      case 'compare':
        this.options = { degree: m.degree, components: m.components, epochs: m.epochs };
        if (!this.dataset) return this.pickDataset();
        return this.start(this.options);
      case 'pca':
        if (!this.dataset) return this.pickDataset();
        return this.analyse();
      case 'pickDataset':
        return this.pickDataset();
      case 'cancel':
        return this.jobs.cancelAll();
    }
  }

  /** Ends it for good: the panel closed. */
  dispose(): void {
    this.jobs.dispose();
    this.disposed = true;
    void this.worker.kill();
  }

  private async pickDataset(): Promise<void> {
    const d = await this.pick();
    if (!d || this.disposed) return;
    this.dataset = d;
    this.post({ type: 'dataset', label: d.label });
    this.start(this.options);
  }

  /** A new comparison replaces whatever runs; the PCA analysis of the same data follows it. */
  private start(o: CompareOptions): void {
    this.compare?.job.cancel();
    this.pca?.job.cancel();
    this.kept = [];
    this.pca = undefined;
    this.compare = this.run({ type: 'compareModels', ...this.dataset!.spec, ...o });
    this.compare.job.then(() => this.analyse(), () => undefined);
  }

  private analyse(): void {
    this.pca?.job.cancel();
    this.kept = this.kept.filter((r) => r.id !== this.pca?.id);
    this.pca = this.run({ type: 'pca', ...this.dataset!.spec, epochs: this.options.epochs });
    void this.pca.job.catch(() => undefined);
  }

  private run(payload: { type: string; [field: string]: unknown }): { id: number; job: RunningJob<unknown> } {
    const id = this.nextId++;
    return { id, job: this.jobs.relay(this.target, payload, id, (r) => this.relay(id, r)) };
  }

  private relay(id: number, r: JobReply): void {
    if (this.disposed || (id !== this.compare?.id && id !== this.pca?.id)) return;
    if (r.type !== 'progress' || r.partial) this.kept.push(r);
    this.post(r as ToModelsView);
  }

  private failed(message: string): void {
    if (!this.disposed) this.post({ type: 'error', message });
  }
}
