/**
 * The training panel, one panel spec among the labs (extension/lab-panel.ts). Opened without a
 * run it follows the current run (one such panel); opened on a saved run (one panel per run) it
 * stays on that run and says so: read-only curves and numbers, its config and data decisions,
 * and "Train Again with These Settings". The settings form both show is the next run's, shared
 * with every other view. Redrawn from a replay rather than kept alive while hidden (no
 * retainContextWhenHidden); revived after a reload on the run it showed.
 */
import { parseFromWebview, type FromWebview, type ToWebview } from '../webview/protocol';
import { isRunId } from '../webview/views/runs/protocol';
import { VIEW } from './command-ids';
import { datasetFromUri } from './dataset-source';
import { LabPanel, type LabAttachment, type LabDeps, type LabPanelApi, type LabViewSpec } from './lab-panel';
import { pastRunMessage } from './past-run';
import { runFilesAt, uriOf } from './run-locations';
import { readRun, resolvedDatasetPath, type RunRecord } from './run-store';
import { runsFolder, workspaceFolderLocation } from './settings';
import { liveLink } from './webview-bridge';

export type Deps = LabDeps;

/** A saved run a panel stays on: its folder and id. */
interface SavedRun {
  dir: string;
  id: string;
}

const savedRun = (args: unknown) => args as SavedRun | undefined;

export const trainingSpec: LabViewSpec<FromWebview> = {
  kind: 'panel',
  viewType: VIEW.panel,
  title: (args) => (savedRun(args) ? 'Saved Run' : 'Training'),
  beside: (args) => !savedRun(args),
  key: (args) => savedRun(args)?.dir,
  parse: parseFromWebview,
  restore: (state, deps) => {
    const id = runIdOfState(state);
    const folder = runsFolder();
    // The worker's runs end with the window: a run that is no longer current reopens as saved.
    return id && folder && id !== deps.controller.current?.runId && !id.startsWith('unsaved-') ? { dir: runFilesAt(folder).join(folder, id), id } : undefined;
  },
  attach(api) {
    const run = savedRun(api.args);
    if (run) return savedRunLink(api, run);
    const { panel, deps } = api;
    return liveLink((m) => api.post(m), () => panel.visible, (l) => panel.onDidChangeViewState(l), deps.controller, deps.onIntent);
  },
};

/** Shows the panel of the current run. */
export function showTraining(deps: Deps): void {
  LabPanel.show(trainingSpec, deps);
}

/** Shows the panel of a saved run (the one already open on it, if any). */
export function showSavedRun(deps: Deps, dir: string, id: string): void {
  LabPanel.show(trainingSpec, deps, { dir, id } satisfies SavedRun);
}

function savedRunLink(api: LabPanelApi, { dir, id }: SavedRun): LabAttachment<FromWebview> {
  const { deps, panel } = api;
  panel.title = id;
  // Another view changed the settings: this one shows them too.
  const unsubscribe = deps.controller.onViewMessage((m) => m.type === 'controls' && api.post(m));
  const message = async (): Promise<ToWebview> => {
    const r = await readRun(runFilesAt(dir), dir, id);
    panel.title = `${r.name} (saved run)`;
    if (r.damage && !r.config && r.status === 'interrupted' && /config\.json is missing/.test(r.damage)) {
      r.damage = `the run's folder or its config.json is gone (${dir})`;
    }
    return pastRunMessage(runFilesAt(dir), r, deps.controller.controls);
  };
  /** A new run (its own folder) with this run's config; the data file is found relative to the workspace. */
  const trainAgain = async (): Promise<void> => {
    const r: RunRecord = await readRun(runFilesAt(dir), dir, id);
    if (!r.config) throw new Error(`the run ${id} cannot be trained again: ${r.damage ?? 'its config is unreadable'}`);
    const config = structuredClone(r.config);
    if (config.dataset.file) {
      const choice = datasetFromUri(uriOf(resolvedDatasetPath(runFilesAt(dir), config.dataset.file, workspaceFolderLocation())));
      config.dataset = { ...config.dataset, file: choice.config.file! };
    }
    showTraining(deps);
    await deps.controller.start(config);
    deps.log.info(`training again with the settings of ${id}`);
  };
  return {
    async onMessage(m) {
      if (m.type === 'ready') api.post(await message());
      else if (m.type === 'trainAgain') await trainAgain();
      // The run buttons act on the live run and are not shown here; the settings are the next run's.
      else if (m.type !== 'control' && m.type !== 'ack') deps.onIntent(m);
    },
    dispose: unsubscribe,
  };
}

/** A run id as a webview's saved state holds it: a plain folder name, nothing that could walk out of the runs folder. */
export function runIdOfState(state: unknown): string | undefined {
  const id = typeof state === 'object' && state !== null ? (state as { runId?: unknown }).runId : undefined;
  return isRunId(id) ? id : undefined;
}
