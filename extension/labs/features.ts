/**
 * "Gradient Lab: Show Layer Features": what each neuron of the current run responds to. The
 * view asks for probes (validated here field by field), the run's worker computes them, and
 * their events come back to the view. The extension gives each probe its own worker id, so a
 * reloaded view (whose ids start over) can never be answered with an old probe's result, and
 * cancels what is still running when the panel closes.
 */
import type { FeaturesEvent, FeaturesRequest } from '../../engine/probes/features-protocol';
import type { EngineEvent } from '../../engine/protocol';
import type { RunSnapshot } from '../../webview/protocol';
import { FEATURES_EVENT_TYPES, parseFeaturesFromView, type FeaturesFromView, type FeaturesRun, type FeaturesToView } from '../../webview/views/features/protocol';
import { CMD } from '../command-ids';
import { LabPanel, type LabViewSpec } from '../lab-panel';

/** The run as the view needs it. */
function runOf(s: RunSnapshot | undefined): FeaturesRun | null {
  return s ? { runId: s.runId, title: s.title, status: s.status, step: s.summary?.steps ?? s.lastStep?.step ?? 0 } : null;
}

/** Least time between two run updates that differ only in their step (the view re-probes at its own pace). */
const STEP_UPDATE_MS = 250;

/** Worker ids of this extension host's feature probes: one sequence for every panel, ever. */
let nextWorkerId = 1;

/** One panel's probes in flight: worker id → the view's id. */
class ProbeIds {
  private readonly toView = new Map<number, number>();

  /** The request with a fresh worker id (a cancel: the worker id of the view's probe, if it is still running). */
  outgoing(req: FeaturesRequest): FeaturesRequest | undefined {
    if (req.type === 'probeCancel') {
      for (const [worker, view] of this.toView) if (view === req.id) return { type: 'probeCancel', id: worker };
      return undefined;
    }
    const id = nextWorkerId++;
    this.toView.set(id, req.id);
    return { ...req, id };
  }

  /** The event with the view's id, or undefined if it answers another panel's probe. */
  incoming(e: FeaturesEvent): FeaturesEvent | undefined {
    const view = this.toView.get(e.id);
    if (view === undefined) return undefined;
    // Every event but progress is a probe's last.
    if (e.type !== 'featuresProgress') this.toView.delete(e.id);
    return { ...e, id: view } as FeaturesEvent;
  }

  /** Cancels for every probe still running. */
  pending(): FeaturesRequest[] {
    return [...this.toView.keys()].map((id) => ({ type: 'probeCancel', id }));
  }
}

function isFeaturesEvent(e: EngineEvent): e is FeaturesEvent {
  return (FEATURES_EVENT_TYPES as readonly string[]).includes(e.type) && typeof (e as { id?: unknown }).id === 'number';
}

export const featuresLab: LabViewSpec<FeaturesFromView> = {
  kind: 'features',
  title: 'Layer Features',
  parse: parseFeaturesFromView,
  attach(api) {
    const post = (m: FeaturesToView) => api.post(m);
    const controller = api.deps.controller;
    const ids = new ProbeIds();
    let last: FeaturesRun | null | undefined;
    let lastAt = 0;
    // The controller calls back at the view rate; the view needs a new status at once, a new step only now and then.
    const sendRun = (force: boolean) => {
      const run = runOf(controller.current);
      const now = Date.now();
      const changed = !last || !run ? last !== run : last.runId !== run.runId || last.status !== run.status;
      if (!force && !changed && (now - lastAt < STEP_UPDATE_MS || last?.step === run?.step)) return;
      last = run;
      lastAt = now;
      post({ type: 'run', run });
    };
    api.disposables.push(
      { dispose: controller.onChange(() => sendRun(false)) },
      {
        dispose: controller.onProbe((e) => {
          if (!isFeaturesEvent(e)) return;
          const mine = ids.incoming(e);
          if (mine) post({ type: 'features', event: mine });
        }),
      },
      { dispose: () => ids.pending().forEach((r) => controller.probe(r)) },
    );
    return {
      onMessage(m) {
        if (m.type === 'ready') return sendRun(true);
        const req = ids.outgoing(m.request);
        if (req) controller.probe(req);
      },
    };
  },
  commands: {
    [CMD.showFeatures]: (deps) => {
      if (!deps.controller.current) throw new Error('there is no run to look into yet: train a model first (Gradient Lab: Train a Model on a Dataset…)');
      LabPanel.show(featuresLab, deps);
    },
  },
};
