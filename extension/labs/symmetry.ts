/**
 * The symmetry lab panel: "Show Gradient Symmetry" (the current run) and "Demonstrate Symmetry
 * Breaking" (a symmetric start beside a random one, each run in a worker of its own), plus the
 * palette's "Break Symmetry…" and "Reroll Initialization" for the current run.
 */
import * as vscode from 'vscode';
import { parseFromSymmetryView, type FromSymmetryView } from '../../webview/views/symmetry/protocol';
import { CMD } from '../command-ids';
import { LabPanel, type LabDeps, type LabViewSpec } from '../lab-panel';
import { CurrentRunSymmetry } from './current-symmetry';
import { parseInitText, pickBreakScale, pickDemoData, pickRandomInit, pickSymmetricInit, DEMO_SETUPS } from './symmetry-prompts';
import { TwinRuns, type TwinSetup } from './twin-runs';
import { parseConfig } from '../../engine/config-parse';

/** What a panel was opened for: the current run, or a twin experiment. */
type Args = { twin: TwinSetup } | undefined;

/** Arguments a test or a keybinding may pass instead of answering the prompts. */
interface DemoArgs {
  dataset?: string;
  symmetric?: string;
  random?: string;
}

async function demoSetup(deps: LabDeps, args?: DemoArgs): Promise<TwinSetup | undefined> {
  if (args && typeof args === 'object' && args.symmetric && args.random) {
    const setup = DEMO_SETUPS[args.dataset ?? 'circles'];
    if (!setup) throw new Error(`no demonstration data set named ${JSON.stringify(args.dataset)}; use one of ${Object.keys(DEMO_SETUPS).join(', ')}`);
    return { config: parseConfig(setup.raw, 'the demonstration'), symmetric: parseInitText(args.symmetric), random: parseInitText(args.random) };
  }
  const data = await pickDemoData(deps.controller);
  if (!data) return undefined;
  const symmetric = await pickSymmetricInit();
  if (!symmetric) return undefined;
  const random = await pickRandomInit(data.config.model.activation);
  if (!random) return undefined;
  return { ...data, symmetric, random };
}

export const symmetrySpec: LabViewSpec<FromSymmetryView> = {
  kind: 'symmetry',
  title: 'Gradient Symmetry',
  parse: parseFromSymmetryView,
  attach(api) {
    const args = api.args as Args;
    // Run pictures are state: only the newest of each run matters (flow control in LabPanel).
    const postRun = (run: { id: string }) => api.postLatest(`run:${run.id}`, { type: 'symmetry-run', run });
    const source = args?.twin
      ? new TwinRuns(args.twin, api.deps.newWorker, postRun)
      : new CurrentRunSymmetry(api.deps.controller, (runs) => api.post({ type: 'symmetry-runs', mode: 'current', runs }), postRun);
    if (source instanceof TwinRuns) source.start();
    return {
      onMessage(m) {
        if (m.type !== 'ready') return source.handle(m);
        // The page (new, revealed or reloaded) draws from nothing: send everything.
        const twin = source instanceof TwinRuns;
        api.post({ type: 'symmetry-runs', mode: twin ? 'twin' : 'current', runs: source.runs, ...(twin ? { speed: source.speed } : {}) });
      },
      dispose: () => void source.dispose(),
    };
  },
  commands: {
    [CMD.showSymmetry]: (deps: LabDeps) => LabPanel.show(symmetrySpec, deps),
    [CMD.demonstrateSymmetry]: async (deps: LabDeps, args?: DemoArgs) => {
      const twin = await demoSetup(deps, args);
      if (twin) LabPanel.show(symmetrySpec, deps, { twin } satisfies Args);
    },
    [CMD.breakSymmetry]: async (deps: LabDeps) => {
      if (!deps.controller.active) {
        void vscode.window.showInformationMessage('Break Symmetry needs a run that is training or paused: start one first.');
        return;
      }
      const scale = await pickBreakScale();
      if (scale !== undefined && deps.controller.breakSymmetry(scale)) {
        vscode.window.setStatusBarMessage(`Gradient Lab: noise σ = ${scale} added to every weight`, 4000);
        if (!LabPanel.of(symmetrySpec.kind)) LabPanel.show(symmetrySpec, deps);
      }
    },
    [CMD.rerollInit]: (deps: LabDeps) => {
      if (deps.controller.reroll()) vscode.window.setStatusBarMessage('Gradient Lab: the run restarts from a new draw of its weights (same data)', 4000);
      else void vscode.window.showInformationMessage('Reroll Initialization needs a run: start one first.');
    },
  },
};
