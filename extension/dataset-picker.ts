/**
 * One quick pick of the workspace's dataset files and the built-in sets, for the commands that
 * take either (Compare Models, Search Weight-Agnostic Network). Run folders are never offered.
 */
import * as vscode from 'vscode';
import { SYNTHETIC_HELP, SyntheticName } from '../engine/data/synthetic';
import { datasetExclude, datasetGlob } from './settings';

export interface PickDatasetOptions {
  title: string;
  placeHolder: string;
  /** The built-in sets offered, with the number of points they will have. */
  sets: readonly SyntheticName[];
  samples: number;
  /** Built-in sets above the files (for commands whose sets are the usual choice). */
  setsFirst?: boolean;
}

/** The user's choice: a workspace file or a built-in set; undefined when dismissed. */
export type PickedDataset = { uri: vscode.Uri } | { set: SyntheticName };

export async function pickDatasetOrSet(o: PickDatasetOptions): Promise<PickedDataset | undefined> {
  const files = vscode.workspace.workspaceFolders ? await vscode.workspace.findFiles(datasetGlob(), datasetExclude(), 200) : [];
  type Item = vscode.QuickPickItem & { set?: SyntheticName; uri?: vscode.Uri };
  const fileItems: Item[] = [
    ...(files.length ? [{ label: 'Workspace files', kind: vscode.QuickPickItemKind.Separator } as Item] : []),
    ...files.map((uri) => ({ label: uri.path.split('/').pop() ?? uri.path, description: vscode.workspace.asRelativePath(uri), uri })),
  ];
  const setItems: Item[] = [
    { label: 'Built-in sets', kind: vscode.QuickPickItemKind.Separator },
    ...o.sets.map((set) => ({ label: set, detail: `${SYNTHETIC_HELP[set]} — ${o.samples} points`, set })),
  ];
  const pick = await vscode.window.showQuickPick(o.setsFirst ? [...setItems, ...fileItems] : [...fileItems, ...setItems], {
    title: o.title,
    placeHolder: o.placeHolder,
    matchOnDetail: true,
  });
  if (!pick) return undefined;
  return pick.uri ? { uri: pick.uri } : { set: pick.set! };
}
