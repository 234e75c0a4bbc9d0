/**
 * Activation: builds the worker host, the run controller, the views and the commands, and
 * keeps the context keys, status bar and Runs tree in step with the current run.
 */
import * as vscode from 'vscode';
import type { RunSnapshot } from '../webview/protocol';
import { isActive } from '../shared/run-state';
import { CTX, VIEW } from './command-ids';
import { registerCommands, report, webviewIntentHandler } from './commands';
import { INSPECT_SCHEME, InspectDocuments } from './inspect-document';
import { registerModelCommands } from './model-commands';
import { readRowsForModel } from '../engine/node/read-rows';
import { DatasetsTree } from './datasets-tree';
import { RunController } from './run-controller';
import { RunsTree } from './runs-tree';
import { controlDefaults, logEveryStep, runsFolder, updatesPerSecond, workspaceFolderLocation } from './settings';
import { removeOrphanTempFiles } from './run-store';
import { nodeRunFiles } from './run-files-node';
import { runFilesAt, useLocalRunFiles } from './run-locations';
import { CONTROLS_KEY, restoreControls } from './control-memory';
import { createStatusBar } from './status-bar';
import type { Deps } from './training-panel';
import { TrainingViewProvider } from './training-view';
import { WorkerHost } from './worker-host';
import { registerLabCommands, registerLabSerializers } from './lab-panel';
import { LAB_SPECS } from './lab-specs';

let controller: RunController | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Gradient Lab', { log: true });
  // Local runs folders through node:fs (real appends); the browser entry hands in none.
  useLocalRunFiles(nodeRunFiles);
  const host = new WorkerHost(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath);
  controller = new RunController(host, restoreControls(context.workspaceState.get(CONTROLS_KEY), controlDefaults()), { runsFolder, runFiles: runFilesAt, updatesPerSecond, logEveryStep, workspaceFolder: workspaceFolderLocation, log: (m) => log.info(m) });
  const c = controller;
  // The controls are the next run's settings: kept across reloads, per workspace.
  c.onViewMessage((m) => m.type === 'controls' && void context.workspaceState.update(CONTROLS_KEY, m.controls));
  host.onExit((e) => {
    if (e.unexpected) void vscode.window.showErrorMessage(`Gradient Lab: the training worker stopped (${e.reason}). The run was lost; the next run starts a new worker.`, 'Show Log').then((a) => a && log.show());
  });

  const workerScript = vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath;
  const deps: Deps = { extensionUri: context.extensionUri, controller: c, log, onIntent: () => undefined, newWorker: () => new WorkerHost(workerScript) };
  deps.onIntent = webviewIntentHandler(c, () => deps);
  const datasets = new DatasetsTree();
  const inspectDocs = new InspectDocuments();
  const runs = new RunsTree(c);
  const status = createStatusBar();

  let lastKeys = '';
  const syncContext = (s: RunSnapshot | undefined) => {
    status.update(s);
    const keys = `${!!s}|${s ? isActive(s.status) : false}|${s?.status ?? 'none'}`;
    if (keys === lastKeys) return;
    lastKeys = keys;
    void vscode.commands.executeCommand('setContext', CTX.hasRun, !!s);
    void vscode.commands.executeCommand('setContext', CTX.runActive, !!s && isActive(s.status));
    void vscode.commands.executeCommand('setContext', CTX.runState, s?.status ?? 'none');
    if (s?.status === 'diverged') {
      // The action offered is the restart the divergence advice names.
      const init = s.divergedCause === 'initialization';
      void vscode.window.showWarningMessage(s.message ?? 'Training diverged.', init ? 'Restart with Smaller Initial Weights' : 'Restart with Lower Learning Rate')
        .then((a) => a && (init ? c.restartWithSmallerInit() : c.restartWithLowerLearningRate()));
    }
  };
  c.onChange(syncContext);
  syncContext(undefined);

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{csv,tsv,json,jsonl,idx,gz}', false, true, false);
  context.subscriptions.push(
    log,
    status.item,
    watcher,
    watcher.onDidCreate(() => datasets.refresh()),
    watcher.onDidDelete(() => datasets.refresh()),
    vscode.window.registerTreeDataProvider(VIEW.datasets, datasets),
    vscode.window.createTreeView(VIEW.runs, { treeDataProvider: runs, canSelectMany: true }),
    vscode.window.registerWebviewViewProvider(VIEW.training, new TrainingViewProvider(deps)),
    ...registerLabSerializers(LAB_SPECS, deps),
    ...registerLabCommands(LAB_SPECS, deps),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gradientLab.data.glob')) datasets.refresh();
      if (e.affectsConfiguration('gradientLab.runs.folder')) runs.refresh();
    }),
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspectDocs),
    ...registerCommands({ ...deps, datasets, runs, state: context.workspaceState, inspectDocs }),
    ...registerModelCommands(log, (e) => report(log, e), readRowsForModel),
  );
  // A writer killed mid-rename leaves `*.<pid>.tmp` files behind: gone on the next start.
  const folder = runsFolder();
  if (folder) {
    void removeOrphanTempFiles(runFilesAt(folder), folder).then((r) => {
      if (r.files) log.info(`removed ${r.files} temp file(s) (${r.bytes} bytes) that an interrupted run left in ${folder}`);
    });
  }
  log.info(`Gradient Lab activated (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`);
}

export async function deactivate(): Promise<void> {
  await controller?.dispose();
  controller = undefined;
}
