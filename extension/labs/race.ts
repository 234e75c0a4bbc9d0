/**
 * "Gradient Lab: Race Optimizers…": several optimizers, each with its own learning rate, from
 * one start on a test function (in a worker of the panel's own, so a race never slows training)
 * or on the current model's random slice (in the run's worker, which holds the model).
 */
import { parseFromLandscapeView, type FromLandscapeView } from '../../webview/views/landscape/protocol';
import { CMD } from '../command-ids';
import { LabPanel, type LabPanelApi, type LabViewSpec } from '../lab-panel';
import { runTarget, workerTarget, type JobTarget } from '../job-client';
import { attachLandscapePanel, type LandscapePanel } from './landscape';

/** The random plane a race on the model's landscape uses: the slice the view draws and the race share it. */
export const RACE_SLICE_SEED = 1;

interface RaceState extends LandscapePanel {
  worker?: JobTarget;
  /** Set when the panel closed and its worker was ended. */
  closed?: boolean;
}

/** The panel's own worker, started on first use and ended with the panel. */
function ownWorker(api: LabPanelApi, state: RaceState): JobTarget {
  if (!state.worker) {
    const w = api.deps.newWorker();
    api.disposables.push({
      dispose: () => {
        state.closed = true;
        void w.kill();
      },
    });
    state.worker = workerTarget(w, () => state.closed === true);
  }
  return state.worker;
}

export const raceLab: LabViewSpec<FromLandscapeView> = {
  kind: 'race',
  title: 'Optimizer Race',
  parse: parseFromLandscapeView,
  attach(api) {
    const state: RaceState = attachLandscapePanel(api);
    const run = runTarget(api.deps.controller);
    return {
      onMessage(m) {
        switch (m.type) {
          case 'ready': return state.resend();
          case 'loadSlice':
            state.send(run, { type: 'landscape', directions: 'random', seed: RACE_SLICE_SEED, resolution: 41, trajectory: false });
            return;
          case 'race': {
            // A race replaces the one before it.
            state.jobs.cancelAll();
            const racers = m.racers.map((r) => ({ label: `${r.optimizer} ${r.learningRate}`, optimizer: { kind: r.optimizer, learningRate: r.learningRate } }));
            const common = { type: 'race', racers, steps: m.steps, start: m.start } as const;
            if (m.surface === 'slice') state.send(run, { ...common, surface: { slice: { seed: RACE_SLICE_SEED } } });
            else state.send(ownWorker(api, state), { ...common, surface: m.surface });
            return;
          }
          case 'cancel': return state.jobs.cancelAll();
          default: return;
        }
      },
    };
  },
  commands: {
    [CMD.raceOptimizers]: (deps) => LabPanel.show(raceLab, deps),
  },
};
