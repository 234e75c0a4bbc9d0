/**
 * Taking a saved model further from VS Code: *Predict with Run…* on a dataset, *Predict…* and
 * *Export Model…* on a run. Each calls the same engine code as `gradient-lab predict` and
 * `gradient-lab export`, so the files are the same as the command line's. Runs are read through
 * their RunFiles and every file is written with `vscode.workspace.fs`, so this works in the
 * browser host too; data files are read by the engine's reader (engine/bundle/read-rows.ts),
 * through node:fs at a local path (handed in at activation) and `workspace.fs` elsewhere.
 */
import * as vscode from 'vscode';
import { modelFromBundle, predictEncoded, scorePredictions, type EncodedRows } from '../engine/bundle/predict';
import { predictionsCsv, scoreLine } from '../engine/bundle/predictions-text';
import { loadSavedModel, RUN_FILES, type RunFolderReader, type SavedModel } from '../engine/bundle/saved-model';
import type { ModelBundle } from '../engine/bundle/bundle';
import type { DatasetOptions } from '../engine/data/options';
import { routedFiles, type DataFiles } from '../engine/data/files';
import { readRowsForModel } from '../engine/bundle/read-rows';
import type { ExportFile } from '../engine/export/files';
import { onnxExport } from '../engine/export/onnx-export';
import { pytorchProject } from '../engine/export/pytorch';
import { CMD } from './command-ids';
import { isUriLocation, type RunFiles } from './run-files';
import { locationOf, runFilesAt, uriOf } from './run-locations';
import { listRuns, resolvedDatasetPath, type RunRecord } from './run-store';
import { readLimits, runsFolder, workspaceFolderLocation } from './settings';
import { workspaceDataFiles } from './file-service';
import { freeName } from './workspace-files';


const baseName = (uri: vscode.Uri): string => uri.path.split('/').pop() ?? uri.path;
const stemOf = (name: string): string => name.replace(/\.[^.]*$/, '') || name;
const parentOf = (uri: vscode.Uri): vscode.Uri => vscode.Uri.joinPath(uri, '..');

/** A run folder read through its files, for the engine's saved-model reader. */
function runFolderReader(files: RunFiles, dir: string): RunFolderReader {
  const decoder = new TextDecoder();
  return {
    path: (name) => files.join(dir, name),
    text: async (name) => decoder.decode(await files.read(files.join(dir, name))),
    bytes: (name) => files.read(files.join(dir, name)),
    names: async () => (await files.list(dir)).map((e) => e.name),
  };
}

const readSaved = (r: RunRecord): Promise<SavedModel> => loadSavedModel(r.dir, runFolderReader(runFilesAt(r.dir), r.dir));

/** Runs that saved a model (model.json), newest first. */
async function runsWithModels(): Promise<RunRecord[]> {
  const folder = runsFolder();
  if (!folder) return [];
  const files = runFilesAt(folder);
  const runs = await listRuns(files, folder);
  const has = await Promise.all(runs.map(async (r) => !!(await files.stat(files.join(r.dir, RUN_FILES.model)))));
  return runs.filter((_, i) => has[i]);
}

function runLabel(r: RunRecord): vscode.QuickPickItem & { r: RunRecord } {
  const s = r.summary && 'trainLoss' in r.summary ? r.summary : undefined;
  const metric = s?.valAccuracy !== undefined ? `val acc ${(100 * s.valAccuracy).toFixed(1)}%` : s?.valR2 !== undefined ? `val R² ${s.valR2.toFixed(3)}` : r.status;
  return { label: r.name, description: `${r.dataset} · ${metric}`, detail: r.id, r };
}

/** Writes an export's files into `folder` with workspace.fs (folders are created as needed); returns their URIs. */
async function writeExport(folder: vscode.Uri, files: readonly ExportFile[]): Promise<vscode.Uri[]> {
  const written: vscode.Uri[] = [];
  for (const f of files) {
    const uri = vscode.Uri.joinPath(folder, ...f.path.split('/'));
    await vscode.workspace.fs.writeFile(uri, f.bytes);
    written.push(uri);
  }
  return written;
}

/**
 * The training file as the PyTorch project's train.py should read it: a local path (the stored
 * relative path resolved against the workspace folder), or as stored when it is not on this disk.
 */
function datasetForPython(saved: SavedModel): string | undefined {
  const stored = saved.config?.dataset.file;
  if (!stored) return undefined;
  const location = resolvedDatasetPath(runFilesAt(saved.dir), stored, workspaceFolderLocation());
  if (!isUriLocation(location)) return location;
  const uri = uriOf(location);
  return uri.scheme === 'file' ? uri.fsPath : stored;
}

export function registerModelCommands(log: vscode.LogOutputChannel, report: (e: unknown) => void, localData?: DataFiles): vscode.Disposable[] {
  const dataFiles = routedFiles(localData ?? workspaceDataFiles, workspaceDataFiles);
  const safe = <A extends unknown[]>(fn: (...a: A) => Promise<void>) => async (...a: A) => {
    try {
      await fn(...a);
    } catch (e) {
      report(e);
    }
  };

  /** A data file's rows: at a local path through node:fs, else through workspace.fs. */
  const readRows = (data: vscode.Uri, bundle: ModelBundle, options: DatasetOptions): Promise<EncodedRows> =>
    readRowsForModel(dataFiles, locationOf(data), bundle, { ...options, maxBytes: readLimits().maxBytes });

  /**
   * Predicts every row of `data` with the run's model, writes `<data>.<run>.predictions.csv`
   * beside the data, opens it, and reports the counted messages and the score.
   */
  const predictFile = async (run: RunRecord, data: vscode.Uri): Promise<void> => {
    const name = baseName(data);
    const out = await freeName(parentOf(data), `${stemOf(name)}.${run.name}.predictions`, '.csv');
    const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Predicting ${name} with ${run.name}…` }, async () => {
      const saved = await readSaved(run);
      const delimiter = saved.config?.dataset?.delimiter;
      const rows = await readRows(data, saved.bundle, delimiter ? { delimiter } : {});
      const p = predictEncoded(saved.bundle, modelFromBundle(saved.bundle, saved.weights), rows.x, rows.rows);
      await vscode.workspace.fs.writeFile(out, new TextEncoder().encode(predictionsCsv(saved.bundle, p)));
      const score = rows.labels ? scoreLine(scorePredictions(saved.bundle, p, rows.labels)) : undefined;
      for (const m of rows.messages) log.info(`predict ${name}: ${m}`);
      return { rows: rows.rows, score, messages: rows.messages };
    });
    log.info(`predict: ${summary.rows} rows of ${locationOf(data)} with run ${run.id} → ${locationOf(out)}${summary.score ? ` (${summary.score})` : ''}`);
    await vscode.window.showTextDocument(out, { preview: false });
    const notes = summary.messages.filter((m) => !m.startsWith('no label column'));
    const text = `${summary.rows.toLocaleString('en-US')} predictions with ${run.name}${summary.score ? `: ${summary.score}` : ''}.` +
      (notes.length ? ` ${notes.length} note${notes.length === 1 ? '' : 's'} about the data: ${notes.join('; ')}.` : '');
    void vscode.window.showInformationMessage(text);
  };

  const predictWithRun = async (uri?: vscode.Uri) => {
    uri = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    // Data files are workspace files (any scheme the workspace's file system serves), not editors' untitled or output documents.
    if (!uri || (!vscode.workspace.getWorkspaceFolder(uri) && uri.scheme !== 'file')) {
      void vscode.window.showInformationMessage('Predict with Run: right-click a data file in the Explorer or the Datasets view.');
      return;
    }
    const runs = await runsWithModels();
    if (!runs.length) {
      void vscode.window.showInformationMessage('No saved run has a model yet: train one (runs keep their model when they finish), then predict with it.');
      return;
    }
    const pick = await vscode.window.showQuickPick(runs.map(runLabel), { title: `Predict ${baseName(uri)} with which run?`, matchOnDescription: true, matchOnDetail: true });
    if (pick) await predictFile(pick.r, uri);
  };

  const predictRun = async (r?: RunRecord) => {
    if (!r?.dir) return;
    const files = await vscode.window.showOpenDialog({
      title: `Predict with ${r.name}: choose a data file`, canSelectMany: false, openLabel: 'Predict',
      ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
      filters: { 'Data files': ['csv', 'tsv', 'txt', 'json', 'jsonl', 'gz', 'idx'], 'All files': ['*'] },
    });
    if (files?.[0]) await predictFile(r, files[0]);
  };

  const exportModel = async (r?: RunRecord) => {
    if (!r?.dir) return;
    const saved = await readSaved(r);
    const format = await vscode.window.showQuickPick([
      { label: 'ONNX', description: 'model.onnx + preprocessing.json: for onnxruntime and other ONNX tools', format: 'onnx' as const },
      { label: 'PyTorch', description: 'a folder with model.py, data.py, train.py (predict, train, torchrun) and the weights', format: 'pytorch' as const },
    ], { title: `Export ${r.name} as…` });
    if (!format) return;
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? parentOf(uriOf(r.dir));
    let written: vscode.Uri[];
    let shown: vscode.Uri;
    if (format.format === 'onnx') {
      const target = await vscode.window.showSaveDialog({ title: `Export ${r.name} to ONNX`, defaultUri: vscode.Uri.joinPath(base, `${r.name}.onnx`), filters: { ONNX: ['onnx'] } });
      if (!target) return;
      written = await writeExport(parentOf(target), onnxExport(saved, baseName(target)));
      shown = written[0]!;
    } else {
      const parent = await vscode.window.showOpenDialog({ title: `Export ${r.name} to PyTorch: choose where to create its folder`, canSelectFolders: true, canSelectFiles: false, defaultUri: base, openLabel: 'Export Here' });
      if (!parent?.[0]) return;
      // A new folder (name-2, name-3… when taken), so nothing is written over.
      const folder = await freeName(parent[0], `${r.name}-pytorch`, '');
      written = await writeExport(folder, pytorchProject(saved, datasetForPython(saved)));
      shown = vscode.Uri.joinPath(folder, 'README.md');
    }
    log.info(`export ${r.id} (${format.format}): ${written.map(locationOf).join(', ')}`);
    const where = format.format === 'onnx' ? baseName(shown) : locationOf(parentOf(shown));
    const action = await vscode.window.showInformationMessage(`Exported ${r.name} to ${format.label}: ${where}.`, format.format === 'onnx' ? 'Reveal' : 'Open README');
    // The Explorer shows workspace files (in every host); the OS file manager, others on a desktop.
    if (action === 'Reveal') await vscode.commands.executeCommand(vscode.workspace.getWorkspaceFolder(shown) ? 'revealInExplorer' : 'revealFileInOS', shown);
    if (action === 'Open README') await vscode.commands.executeCommand('markdown.showPreview', shown);
  };

  return [
    vscode.commands.registerCommand(CMD.predictWithRun, safe(predictWithRun)),
    vscode.commands.registerCommand(CMD.predictRun, safe(predictRun)),
    vscode.commands.registerCommand(CMD.exportModel, safe(exportModel)),
  ];
}
