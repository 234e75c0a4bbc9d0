/**
 * Activation, the same in every extension host: builds the worker host, the run controller, the
 * views and the commands, and keeps the context keys, status bar and Runs tree in step with the
 * current run. What differs between hosts comes in as a `HostPlatform` (extension/extension.ts
 * for Node, extension/extension-web.ts for the browser).
 */
import * as vscode from 'vscode';
import type { RunSnapshot } from '../webview/protocol';
import { isActive } from '../shared/run-state';
import { CTX, VIEW } from './command-ids';
import { registerCommands, report, webviewIntentHandler } from './commands';
import { INSPECT_SCHEME, InspectDocuments } from './inspect-document';
import { DatasetsTree } from './datasets-tree';
import { RunController } from './run-controller';
import { RunsTree } from './runs-tree';
import { controlDefaults, logEveryStep, runsFolder, updatesPerSecond, workspaceFolderLocation } from './settings';
import { removeOrphanTempFiles } from './run-store';
import { registerModelCommands } from './model-commands';
import type { DataFiles } from '../engine/data/files';
import type { RunFiles } from './run-files';
import { runFilesAt, useLocalRunFiles } from './run-locations';
import { CONTROLS_KEY, restoreControls } from './control-memory';
import { createStatusBar } from './status-bar';
import type { Deps } from './training-panel';
import { TrainingViewProvider } from './training-view';
import { WorkerHost, type WorkerSpawner } from './worker-host';
import { serveFile } from './file-service';
import { registerLabCommands, registerLabSerializers } from './lab-panel';
import { LAB_SPECS } from './lab-specs';

/** What differs between the desktop's Node extension host and the browser's Web Worker one. */
export interface HostPlatform {
  /** Said in the log at activation: which extension host this is. */
  name: string;
  /** Starts an engine worker (worker_threads in Node, a nested Web Worker in a browser). */
  spawnWorker: WorkerSpawner;
  /** Local (`file:`) files through node:fs, where there are any: else everything goes through `workspace.fs`. */
  localFiles?: RunFiles;
  /** The same local files as dataset files, for Predict (the engine worker reads its own). */
  localData?: DataFiles;
}

let controller: RunController | undefined;

export function activateWith(context: vscode.ExtensionContext, platform: HostPlatform): void {
  const log = vscode.window.createOutputChannel('Gradient Lab', { log: true });
  useLocalRunFiles(platform.localFiles);
  // Every worker can ask for files it cannot read itself (a browser's, a virtual workspace's).
  const newWorker = () => new WorkerHost(platform.spawnWorker, serveFile);
  const host = newWorker();
  controller = new RunController(host, restoreControls(context.workspaceState.get(CONTROLS_KEY), controlDefaults()), { runsFolder, runFiles: runFilesAt, updatesPerSecond, logEveryStep, workspaceFolder: workspaceFolderLocation, log: (m, level = 'info') => log[level](m) });
  const c = controller;
  // The controls are the next run's settings: kept across reloads, per workspace.
  c.onViewMessage((m) => m.type === 'controls' && void context.workspaceState.update(CONTROLS_KEY, m.controls));
  host.onExit((e) => {
    if (e.unexpected) void vscode.window.showErrorMessage(`Gradient Lab: the training worker stopped (${e.reason}). The run was lost; the next run starts a new worker.`, 'Show Log').then((a) => a && log.show());
  });

  const deps: Deps = { extensionUri: context.extensionUri, controller: c, log, onIntent: () => undefined, newWorker };
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
    ...registerModelCommands(log, (e) => report(log, e), platform.localData),
  );
  // A writer killed mid-rename leaves `*.<pid>.tmp` files behind: gone on the next start.
  const folder = runsFolder();
  if (folder) {
    void removeOrphanTempFiles(runFilesAt(folder), folder).then((r) => {
      if (r.files) log.info(`removed ${r.files} temp file(s) (${r.bytes} bytes) that an interrupted run left in ${folder}`);
    });
  }
  const version = (context.extension.packageJSON as { version?: string }).version ?? '';
  log.info(`Gradient Lab ${version} running in the ${platform.name} (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`);
}

export async function deactivate(): Promise<void> {
  await controller?.dispose();
  controller = undefined;
}
