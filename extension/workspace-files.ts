/** Files the commands create in the workspace: sample datasets and experiment files. */
import * as vscode from 'vscode';
import { defaultConfig } from '../engine/config';
import { syntheticDataset, type SyntheticName } from '../engine/data/synthetic';
import type { ControlValues } from '../webview/protocol';

/** A synthetic set as CSV text (features x1…xn, then the label), so it can be opened and edited. */
export function syntheticCsv(name: SyntheticName, samples = 400, seed = 1): string {
  const ds = syntheticDataset(name, { samples, seed });
  const lines = [[...ds.featureNames, 'label'].join(',')];
  for (let r = 0; r < ds.rows; r++) {
    const x = Array.from(ds.x.subarray(r * ds.features, (r + 1) * ds.features), (v) => Number(v.toFixed(5)));
    const y = ds.task === 'classification' ? (ds.classNames?.[ds.y[r]!] ?? String(ds.y[r])) : Number(ds.y[r]!.toFixed(5));
    lines.push([...x, y].join(','));
  }
  return lines.join('\n') + '\n';
}

/** A new experiment file's text: the current controls, a dataset, and the schema reference. */
export function experimentText(controls: ControlValues, dataset: string): string {
  const d = defaultConfig();
  return JSON.stringify(
    {
      name: 'my-experiment',
      dataset,
      model: { hidden: controls.hidden, activation: controls.activation },
      init: controls.init,
      optimizer: { kind: controls.optimizer, learningRate: controls.learningRate },
      loss: 'auto',
      training: { ...d.training, epochs: controls.epochs, batchSize: controls.batchSize },
      seeds: d.seeds,
    },
    null,
    2,
  ) + '\n';
}

/** A file name in `folder` that does not exist yet: name.ext, name-2.ext, … */
export async function freeName(folder: vscode.Uri, stem: string, ext: string): Promise<vscode.Uri> {
  for (let i = 1; ; i++) {
    const uri = vscode.Uri.joinPath(folder, `${stem}${i === 1 ? '' : `-${i}`}${ext}`);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return uri;
    }
  }
}
