/**
 * The Compare Models panel (issue 8): "Gradient Lab: Compare Models…" from the palette (pick a
 * dataset file or a built-in set) or from a dataset file's Explorer context menu. The panel's
 * computations run in a worker of its own (killed when the panel closes), relayed by
 * ModelsRelay to webview/views/models/.
 */
import * as vscode from 'vscode';
import { SYNTHETIC_SETS } from '../../engine/data/synthetic';
import { parseFromModelsView, type FromModelsView } from '../../webview/views/models/protocol';
import { CMD } from '../command-ids';
import { basename, datasetFromUri } from '../dataset-source';
import { LabPanel, type LabViewSpec } from '../lab-panel';
import { pickDatasetOrSet } from '../dataset-picker';
import { ModelsRelay, type ModelsDataset } from './models-relay';

/** Points of a built-in set: the README's tables use 500. */
const BUILT_IN_SAMPLES = 500;

function fromUri(uri: vscode.Uri): ModelsDataset {
  return { label: basename(uri), spec: { dataset: datasetFromUri(uri).config } };
}

/** A quick pick of the workspace's dataset files and the built-in sets. */
async function pickDataset(): Promise<ModelsDataset | undefined> {
  const pick = await pickDatasetOrSet({
    title: 'Compare Models: dataset',
    placeHolder: 'A dataset file of the workspace, or a built-in set (circle: a degree-2 model draws a closed curve; xor: a hyperbola)',
    sets: SYNTHETIC_SETS,
    samples: BUILT_IN_SAMPLES,
  });
  if (!pick) return undefined;
  if ('uri' in pick) return fromUri(pick.uri);
  return { label: pick.set, spec: { dataset: { synthetic: pick.set, samples: BUILT_IN_SAMPLES } } };
}

export const modelsLab: LabViewSpec<FromModelsView> = {
  kind: 'models',
  title: 'Compare Models',
  parse: parseFromModelsView,
  attach(api) {
    const dataset = api.args as ModelsDataset | undefined;
    const relay = new ModelsRelay(api.deps.newWorker(), dataset, (m) => api.post(m), async () => {
      const d = await pickDataset();
      if (d) api.panel.title = `Gradient Lab: Compare Models (${d.label})`;
      return d;
    });
    if (dataset) {
      api.panel.title = `Gradient Lab: Compare Models (${dataset.label})`;
      api.deps.log.info(`comparing models on ${dataset.label}`);
    }
    return { onMessage: (m) => relay.handle(m), dispose: () => relay.dispose() };
  },
  commands: {
    [CMD.compareModels]: async (deps, uri?: unknown) => {
      const dataset = uri instanceof vscode.Uri ? fromUri(uri) : await pickDataset();
      if (dataset) LabPanel.show(modelsLab, deps, dataset);
    },
  },
};
