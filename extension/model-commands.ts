/**
 * Taking a saved model further from VS Code: *Predict with Run…* on a dataset, *Predict…* and
 * *Export Model…* on a run. Each calls the same engine code as `gradient-lab predict` and
 * `gradient-lab export`, so the files are the same as the command line's.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import * as vscode from 'vscode';
import { modelFromBundle, predictEncoded, scorePredictions } from '../engine/bundle/predict';
import { writePytorchProject } from '../engine/export/pytorch';
import { exportOnnx } from '../engine/node/export-command';
import { predictionsCsv, scoreLine } from '../engine/node/predict-command';
import { readRowsForModel } from '../engine/node/read-rows';
import { RUN_FILES, readSavedModel } from '../engine/node/run-folder';
import { CMD } from './command-ids';
import { listRuns, type RunRecord } from './run-store';
import { runsFolder } from './settings';

/** `base-N.ext` for the first N that is free, so nothing is written over. */
function freePath(dir: string, stem: string, ext: string): string {
  for (let n = 1; ; n++) {
    const p = join(dir, `${stem}${n === 1 ? '' : `-${n}`}${ext}`);
    if (!existsSync(p)) return p;
  }
}

/** Runs that saved a model (model.json), newest first. */
async function runsWithModels(): Promise<RunRecord[]> {
  const folder = runsFolder();
  if (!folder) return [];
  return (await listRuns(folder)).filter((r) => existsSync(join(r.dir, RUN_FILES.model)));
}

function runLabel(r: RunRecord): vscode.QuickPickItem & { r: RunRecord } {
  const s = r.summary && 'trainLoss' in r.summary ? r.summary : undefined;
  const metric = s?.valAccuracy !== undefined ? `val acc ${(100 * s.valAccuracy).toFixed(1)}%` : s?.valR2 !== undefined ? `val R² ${s.valR2.toFixed(3)}` : r.status;
  return { label: r.name, description: `${r.dataset} · ${metric}`, detail: r.id, r };
}

/**
 * Predicts every row of `data` with the run's model, writes `<data>.<run>.predictions.csv`
 * beside the data, opens it, and reports the counted messages and the score.
 */
async function predictFile(run: RunRecord, data: vscode.Uri, log: vscode.LogOutputChannel): Promise<void> {
  const out = freePath(dirname(data.fsPath), `${basename(data.fsPath, extname(data.fsPath))}.${run.name}.predictions`, '.csv');
  const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Predicting ${basename(data.fsPath)} with ${run.name}…` }, async () => {
    const saved = readSavedModel(run.dir);
    const delimiter = saved.config?.dataset?.delimiter;
    const rows = await readRowsForModel(data.fsPath, saved.bundle, delimiter ? { delimiter } : {});
    const p = predictEncoded(saved.bundle, modelFromBundle(saved.bundle, saved.weights), rows.x, rows.rows);
    await writeFile(out, predictionsCsv(saved.bundle, p));
    const score = rows.labels ? scoreLine(scorePredictions(saved.bundle, p, rows.labels)) : undefined;
    for (const m of rows.messages) log.info(`predict ${basename(data.fsPath)}: ${m}`);
    return { rows: rows.rows, score, messages: rows.messages };
  });
  log.info(`predict: ${summary.rows} rows of ${data.fsPath} with run ${run.id} → ${out}${summary.score ? ` (${summary.score})` : ''}`);
  await vscode.window.showTextDocument(vscode.Uri.file(out), { preview: false });
  const notes = summary.messages.filter((m) => !m.startsWith('no label column'));
  const text = `${summary.rows.toLocaleString('en-US')} predictions with ${run.name}${summary.score ? `: ${summary.score}` : ''}.` +
    (notes.length ? ` ${notes.length} note${notes.length === 1 ? '' : 's'} about the data: ${notes.join('; ')}.` : '');
  void vscode.window.showInformationMessage(text);
}

export function registerModelCommands(log: vscode.LogOutputChannel, report: (e: unknown) => void): vscode.Disposable[] {
  const safe = <A extends unknown[]>(fn: (...a: A) => Promise<void>) => async (...a: A) => {
    try {
      await fn(...a);
    } catch (e) {
      report(e);
    }
  };

  const predictWithRun = async (uri?: vscode.Uri) => {
    uri = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showInformationMessage('Predict with Run: right-click a data file in the Explorer or the Datasets view.');
      return;
    }
    const runs = await runsWithModels();
    if (!runs.length) {
      void vscode.window.showInformationMessage('No saved run has a model yet: train one (runs keep their model when they finish), then predict with it.');
      return;
    }
    const pick = await vscode.window.showQuickPick(runs.map(runLabel), { title: `Predict ${basename(uri.fsPath)} with which run?`, matchOnDescription: true, matchOnDetail: true });
    if (pick) await predictFile(pick.r, uri, log);
  };

  const predictRun = async (r?: RunRecord) => {
    if (!r?.dir) return;
    const files = await vscode.window.showOpenDialog({
      title: `Predict with ${r.name}: choose a data file`, canSelectMany: false, openLabel: 'Predict',
      ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
      filters: { 'Data files': ['csv', 'tsv', 'txt', 'json', 'jsonl', 'gz', 'idx'], 'All files': ['*'] },
    });
    if (files?.[0]) await predictFile(r, files[0], log);
  };

  const exportModel = async (r?: RunRecord) => {
    if (!r?.dir) return;
    const saved = readSavedModel(r.dir);
    const format = await vscode.window.showQuickPick([
      { label: 'ONNX', description: 'model.onnx + preprocessing.json: for onnxruntime and other ONNX tools', format: 'onnx' as const },
      { label: 'PyTorch', description: 'a folder with model.py, data.py, train.py (predict, train, torchrun) and the weights', format: 'pytorch' as const },
    ], { title: `Export ${r.name} as…` });
    if (!format) return;
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(dirname(r.dir));
    let written: string[];
    if (format.format === 'onnx') {
      const target = await vscode.window.showSaveDialog({ title: `Export ${r.name} to ONNX`, defaultUri: vscode.Uri.joinPath(base, `${r.name}.onnx`), filters: { ONNX: ['onnx'] } });
      if (!target) return;
      written = exportOnnx(saved, target.fsPath);
    } else {
      const parent = await vscode.window.showOpenDialog({ title: `Export ${r.name} to PyTorch: choose where to create its folder`, canSelectFolders: true, canSelectFiles: false, defaultUri: base, openLabel: 'Export Here' });
      if (!parent?.[0]) return;
      written = writePytorchProject(saved, freePath(parent[0].fsPath, `${r.name}-pytorch`, ''));
    }
    log.info(`export ${r.id} (${format.format}): ${written.join(', ')}`);
    const first = vscode.Uri.file(format.format === 'onnx' ? written[0]! : join(dirname(written[0]!), 'README.md'));
    const action = await vscode.window.showInformationMessage(`Exported ${r.name} to ${format.label}: ${format.format === 'onnx' ? basename(written[0]!) : dirname(written[0]!)}.`, format.format === 'onnx' ? 'Reveal' : 'Open README');
    if (action === 'Reveal') await vscode.commands.executeCommand('revealFileInOS', first);
    if (action === 'Open README') await vscode.commands.executeCommand('markdown.showPreview', first);
  };

  return [
    vscode.commands.registerCommand(CMD.predictWithRun, safe(predictWithRun)),
    vscode.commands.registerCommand(CMD.predictRun, safe(predictRun)),
    vscode.commands.registerCommand(CMD.exportModel, safe(exportModel)),
  ];
}
