/**
 * "Gradient Lab: Show Layer Features": what each neuron of the current run responds to. The
 * view asks for probes (validated here field by field) under ids of its own; the job client runs
 * each on the run's worker with an id unique in the extension host and relays its replies back
 * under the view's id, so a reloaded view (whose ids start over) is never answered with an old
 * probe's result. What still runs is cancelled when the view asks or the panel closes.
 */
import type { RunSnapshot } from '../../webview/protocol';
import { parseFeaturesFromView, type FeaturesFromView, type FeaturesRun, type FeaturesToView } from '../../webview/views/features/protocol';
import { CMD } from '../command-ids';
import { JobClient, runTarget, type RunningJob } from '../job-client';
import { LabPanel, type LabViewSpec } from '../lab-panel';

/** The run as the view needs it. */
function runOf(s: RunSnapshot | undefined): FeaturesRun | null {
  return s ? { runId: s.runId, title: s.title, status: s.status, step: s.summary?.steps ?? s.lastStep?.step ?? 0 } : null;
}

/** Least time between two run updates that differ only in their step (the view re-probes at its own pace). */
const STEP_UPDATE_MS = 250;

export const featuresLab: LabViewSpec<FeaturesFromView> = {
  kind: 'features',
  title: 'Layer Features',
  parse: parseFeaturesFromView,
  attach(api) {
    const post = (m: FeaturesToView) => api.post(m);
    const controller = api.deps.controller;
    const jobs = new JobClient();
    const target = runTarget(controller);
    /** The view's probes still running, by the view's id. */
    const running = new Map<number, RunningJob<unknown>>();
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
    api.disposables.push({ dispose: controller.onChange(() => sendRun(false)) });
    return {
      onMessage(m) {
        if (m.type === 'ready') return sendRun(true);
        if (m.type === 'cancel') return running.get(m.id)?.cancel();
        const { id, ...payload } = m.request;
        const job = jobs.relay(target, payload, id, (r) => post(r as FeaturesToView));
        running.set(id, job);
        void job.catch(() => undefined).finally(() => running.get(id) === job && running.delete(id));
      },
      dispose: () => jobs.dispose(),
    };
  },
  commands: {
    [CMD.showFeatures]: (deps) => {
      if (!deps.controller.current) throw new Error('there is no run to look into yet: train a model first (Gradient Lab: Train a Model on a Dataset…)');
      LabPanel.show(featuresLab, deps);
    },
  },
};
