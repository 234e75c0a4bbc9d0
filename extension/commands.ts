/**
 * Every command of the palette, the menus and the trees: each turns a gesture into a call on
 * the run controller or a file operation, and tells the user what happened.
 */
import * as vscode from 'vscode';
import { parseConfigText } from '../engine/config-parse';
import { isUserError } from '../engine/errors';
import type { FromWebview, RunAction } from '../webview/protocol';
import { CMD } from './command-ids';
import { datasetFromUri, basename, type DatasetChoice } from './dataset-source';
import type { DatasetsTree } from './datasets-tree';
import { experimentFrom } from './experiment';
import { askLearningRate, pickInit, pickOptimizer, pickSynthetic } from './pickers';
import { askConstant } from './labs/symmetry-prompts';
import type { ChangeOutcome, RunController } from './run-controller';
import { locationOf, runFilesAt, uriOf } from './run-locations';
import { deleteRun, resolvedDatasetPath, type RunRecord } from './run-store';
import type { RunsTree } from './runs-tree';
import { datasetExclude, datasetGlob, withLimitSettings, workspaceFolderLocation } from './settings';
import { decisionsLine } from '../shared/decisions-line';
import { formatSummary, type DatasetSummary } from '../engine/data/describe';
import { formatOf } from '../engine/data/load';
import { inspectWithProgress } from './dataset-inspector';
import { INSPECT_SCHEME, type InspectDocuments } from './inspect-document';
import { pickLabel, rememberedLabel, rememberLabel, type LabelChoice } from './label-choice';
import { showSavedRun, showTraining, type Deps } from './training-panel';
import { experimentText, freeName, syntheticCsv } from './workspace-files';
import { locationName } from '../engine/data/files';

export interface CommandDeps extends Deps {
  datasets: DatasetsTree;
  runs: RunsTree;
  /** Workspace state: the label chosen for each data file. */
  state: vscode.Memento;
  inspectDocs: InspectDocuments;
}

/** Shows a user error as is (it says what to do) and anything else as a bug, logging both. */
export function report(log: vscode.LogOutputChannel, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  log.error(message);
  if (isUserError(e)) void vscode.window.showErrorMessage(message, { modal: false });
  else void vscode.window.showErrorMessage(`Gradient Lab: ${message}`, 'Show Log').then((a) => a && log.show());
}

/** What a change did, in the words the user sees: restarted (a new run), continued, or kept for the next run. */
export function outcomeMessage(what: string, outcome: ChangeOutcome, paused = false): string {
  switch (outcome) {
    case 'restarted': return `${what}: a new run starts from new initial weights (the previous one is kept, stopped)${paused ? '; it is paused before its first step: press Resume' : ''}.`;
    case 'continued': return `${what}: the run continues from its current weights.`;
    default: return `${what}: used by the next run.`;
  }
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { controller, log } = deps;
  const safe = <A extends unknown[]>(fn: (...a: A) => unknown) => async (...a: A) => {
    try {
      await fn(...a);
    } catch (e) {
      report(log, e);
    }
  };

  /** The label and task for a data file: remembered, or picked (asked again when `ask`). */
  async function labelFor(path: string, ask: boolean, summary?: DatasetSummary): Promise<LabelChoice | undefined> {
    const known = ask ? undefined : rememberedLabel(deps.state, path);
    if (known) return known;
    summary ??= await inspectWithProgress(deps.newWorker, uriOf(path));
    if (!summary) return undefined;
    const choice = await pickLabel(summary, locationName(path));
    if (choice) await rememberLabel(deps.state, path, choice);
    return choice;
  }

  /** Whether a dataset has a label to choose: tables do; IDX pairs and image folders bring theirs. */
  async function hasLabelChoice(choice: DatasetChoice): Promise<boolean> {
    const file = choice.config.file;
    if (!file || formatOf(file) === 'idx') return false;
    const stat = await vscode.workspace.fs.stat(uriOf(file)).then((s) => s, () => undefined);
    return stat?.type === vscode.FileType.File;
  }

  async function train(choice: DatasetChoice, askLabel = false, summary?: DatasetSummary): Promise<void> {
    let dataset = choice.config;
    if (await hasLabelChoice(choice)) {
      const picked = await labelFor(dataset.file!, askLabel, summary);
      if (!picked) return;
      dataset = { ...dataset, label: picked.label, task: picked.task };
    }
    const config = withLimitSettings(experimentFrom(controller.controls, dataset, choice.label.replace(/\.[^.]*$/, '') || 'run'));
    showTraining(deps);
    await controller.start(config);
    log.info(`training on ${choice.label}`);
  }

  async function chooseDataset(): Promise<DatasetChoice | undefined> {
    const files = vscode.workspace.workspaceFolders ? await vscode.workspace.findFiles(datasetGlob(), datasetExclude(), 200) : [];
    const items: (vscode.QuickPickItem & { uri?: vscode.Uri; builtIn?: boolean })[] = [
      ...files.map((uri) => ({ label: basename(uri), description: vscode.workspace.asRelativePath(uri), uri })),
      { label: 'Built-in synthetic set…', detail: 'spiral, circle, xor, moons… — no file needed', builtIn: true },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'Train a Model on a Dataset', placeHolder: 'Pick a dataset file of the workspace, or a built-in set' });
    if (!pick) return undefined;
    if (pick.uri) return datasetFromUri(pick.uri);
    const name = await pickSynthetic('Built-in dataset');
    return name ? { config: { synthetic: name, samples: 500 }, label: name } : undefined;
  }

  const runAction = (action: RunAction) => () => {
    if (action === 'start' && controller.current?.status === 'paused') controller.control('resume');
    else controller.control(action);
  };

  const chooseInit = async () => {
    const init = await pickInit(controller.controls.init, controller.active);
    if (!init) return;
    // A constant needs its value; the other kinds take their documented defaults.
    const value = init === 'constant' ? await askConstant() : undefined;
    if (init === 'constant' && value === undefined) return;
    const spec = value === undefined ? undefined : { kind: 'constant' as const, value };
    void vscode.window.showInformationMessage(outcomeMessage(`Initialization ${spec ? `constant ${value}` : init}`, controller.setInit(init, spec), controller.current?.status === 'paused'));
  };
  const chooseOptimizer = async () => {
    const opt = await pickOptimizer(controller.controls.optimizer, controller.active);
    if (opt) void vscode.window.showInformationMessage(outcomeMessage(`Optimizer ${opt}`, controller.setOptimizer(opt)));
  };
  const setLearningRate = async () => {
    const lr = await askLearningRate(controller.controls.learningRate);
    if (lr !== undefined) vscode.window.setStatusBarMessage(outcomeMessage(`Learning rate ${lr}`, controller.setLearningRate(lr)), 4000);
  };

  const runExperiment = async (uri?: vscode.Uri) => {
    uri ??= vscode.window.activeTextEditor?.document.uri;
    if (!uri || !/\.glab\.json$/i.test(uri.path)) {
      const found = await vscode.workspace.findFiles('**/*.glab.json', '**/node_modules/**', 100);
      const pick = await vscode.window.showQuickPick(found.map((u) => ({ label: basename(u), description: vscode.workspace.asRelativePath(u), u })), { title: 'Run Experiment', placeHolder: found.length ? 'Pick an experiment file' : 'No *.glab.json files: use "New Experiment File" first' });
      if (!pick) return;
      uri = pick.u;
    }
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const config = parseConfigText(text, vscode.workspace.asRelativePath(uri));
    if (config.dataset.file) {
      const dataUri = vscode.Uri.joinPath(uri, '..', config.dataset.file);
      const choice = datasetFromUri(dataUri);
      config.dataset = { ...config.dataset, file: choice.config.file! };
    }
    // The experiment's values are its run's only: the controls (the next run's settings) stay as the user set them.
    showTraining(deps);
    await controller.start(withLimitSettings(config));
    vscode.window.setStatusBarMessage(`Gradient Lab: running ${basename(uri)} with its own settings; the panel's controls are unchanged (they are the next run's).`, 6000);
  };

  const newExperiment = async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const content = experimentText(controller.controls, 'spiral');
    if (!folder) {
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content });
      await vscode.window.showTextDocument(doc);
      return;
    }
    const uri = await freeName(folder, 'experiment', '.glab.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
    await vscode.window.showTextDocument(uri);
  };

  const createSample = async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = await pickSynthetic('Create Sample Dataset');
    if (!name) return;
    const text = syntheticCsv(name);
    if (!folder) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: text }));
      return;
    }
    const uri = await freeName(vscode.Uri.joinPath(folder, 'data'), name, '.csv');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    deps.datasets.refresh();
    const open = await vscode.window.showInformationMessage(`Created ${vscode.workspace.asRelativePath(uri)} (400 rows, 2 features, a label).`, 'Train on It', 'Open');
    if (open === 'Train on It') await train(datasetFromUri(uri));
    else if (open === 'Open') await vscode.window.showTextDocument(uri);
  };

  const inspect = async (uri?: vscode.Uri) => {
    uri ??= vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme === INSPECT_SCHEME) {
      const choice = await chooseDataset();
      if (!choice?.config.file) return;
      uri = uriOf(choice.config.file);
    }
    // Parsed in a worker in every workspace (a virtual one's files are read through workspace.fs for it).
    const summary = await inspectWithProgress(deps.newWorker, uri);
    if (!summary) return;
    deps.datasets.setShape(uri, `${summary.rows} × ${summary.features} · ${summary.task}`);
    log.info(`inspected ${uri.toString()}:\n${formatSummary(summary)}`);
    const path = locationOf(uri);
    await deps.inspectDocs.show(path, summary);
    const action = await vscode.window.showInformationMessage(decisionsLine(summary.decisions), `Train with label ${summary.label}`, 'Train with Another Label…');
    if (action) await trainFromSummary(path, summary, action !== `Train with label ${summary.label}`);
  };

  /** Trains on an inspected file: with the detected label, or after the label pick. */
  async function trainFromSummary(path: string, summary: DatasetSummary, ask: boolean): Promise<void> {
    const choice = { config: { file: path }, label: locationName(path) };
    if (!ask && !summary.imageShape) await rememberLabel(deps.state, path, { label: summary.label, task: summary.task });
    await train(choice, ask, summary);
  }

  const trainWithLabel = async (uri?: vscode.Uri) => {
    uri = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    const source = uri && deps.inspectDocs.sourceOf(uri);
    if (!source) {
      void vscode.window.showInformationMessage('Open a dataset summary first: "Gradient Lab: Inspect Dataset".');
      return;
    }
    await trainFromSummary(source.path, source.summary, true);
  };

  /** Asks the label again for the file of a run (from the Runs view) or of the current run, and trains. */
  const changeLabel = async (r?: RunRecord) => {
    let file: string | undefined;
    if (r?.dir) {
      // The stored path is the workspace folder's when the file was inside it.
      const stored = r.config?.dataset.file;
      file = stored && resolvedDatasetPath(runFilesAt(r.dir), stored, workspaceFolderLocation());
    } else file = controller.current?.started?.config.dataset.file;
    if (!file) {
      void vscode.window.showInformationMessage('Change Label applies to runs on a data file; this run uses a built-in set.');
      return;
    }
    await train({ config: { file }, label: locationName(file) }, true);
  };

  const openRun = async (r?: RunRecord) => {
    if (r && controller.current?.runId === r.id) {
      showTraining(deps);
      return;
    }
    if (!r?.dir) return;
    if (r.damage && !r.config) {
      // Nothing to draw without a config: say what is wrong and offer what can be done.
      const pick = await vscode.window.showWarningMessage(`The run folder ${r.id} is damaged: ${r.damage}.`, 'Reveal in Explorer', 'Delete Run');
      if (pick === 'Reveal in Explorer') await vscode.commands.executeCommand('revealInExplorer', uriOf(r.dir));
      else if (pick === 'Delete Run') await removeRun(r);
      return;
    }
    showSavedRun(deps, r.dir, r.id);
  };

  const removeRun = async (r?: RunRecord) => {
    if (!r?.dir) return;
    const ok = await vscode.window.showWarningMessage(`Delete the run "${r.name}" (${r.id}) and its files?`, { modal: true }, 'Delete');
    if (ok !== 'Delete') return;
    await deleteRun(runFilesAt(r.dir), r.dir);
    deps.runs.refresh();
  };

  const table: [string, (...a: never[]) => unknown][] = [
    [CMD.train, async (uri?: vscode.Uri) => {
      const choice = uri instanceof vscode.Uri ? datasetFromUri(uri) : await chooseDataset();
      if (choice) await train(choice);
    }],
    [CMD.trainThis, async (uri?: vscode.Uri) => {
      uri = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (uri) await train(datasetFromUri(uri));
    }],
    [CMD.openPanel, () => showTraining(deps)],
    [CMD.start, runAction('start')],
    [CMD.pause, runAction('pause')],
    [CMD.step, runAction('step')],
    [CMD.stop, runAction('stop')],
    [CMD.reset, runAction('reset')],
    [CMD.chooseInit, chooseInit],
    [CMD.chooseOptimizer, chooseOptimizer],
    [CMD.setLearningRate, setLearningRate],
    [CMD.restartLowerLr, () => controller.restartWithLowerLearningRate()],
    [CMD.newExperiment, newExperiment],
    [CMD.runExperiment, runExperiment],
    [CMD.createSample, createSample],
    [CMD.inspect, inspect],
    [CMD.changeLabel, changeLabel],
    [CMD.trainWithLabel, trainWithLabel],
    [CMD.showLog, () => log.show()],
    [CMD.refreshDatasets, () => deps.datasets.refresh()],
    [CMD.refreshRuns, () => deps.runs.refresh()],
    [CMD.openRun, openRun],
    [CMD.stopRun, () => controller.control('stop')],
    [CMD.deleteRun, removeRun],
  ];
  return table.map(([id, fn]) => vscode.commands.registerCommand(id, safe(fn as (...a: unknown[]) => unknown)));
}

/** What a webview asks for, after validation: the same actions as the commands. */
export function webviewIntentHandler(controller: RunController, deps: () => Deps): (m: FromWebview) => void {
  return (m) => {
    switch (m.type) {
      case 'control':
        if (m.action === 'start' && controller.current?.status === 'paused') controller.control('resume');
        else controller.control(m.action);
        return;
      // A change from a view says what it did, as the palette's commands do.
      case 'setInit': vscode.window.setStatusBarMessage(`Gradient Lab: ${outcomeMessage(`Initialization ${m.init}`, controller.setInit(m.init), controller.current?.status === 'paused')}`, 6000); return;
      case 'setOptimizer': vscode.window.setStatusBarMessage(`Gradient Lab: ${outcomeMessage(`Optimizer ${m.optimizer}`, controller.setOptimizer(m.optimizer))}`, 6000); return;
      case 'setLearningRate': vscode.window.setStatusBarMessage(`Gradient Lab: ${outcomeMessage(`Learning rate ${m.learningRate}`, controller.setLearningRate(m.learningRate))}`, 6000); return;
      case 'setControls': controller.setControls(m.controls); return;
      case 'restartWithLowerLearningRate': controller.restartWithLowerLearningRate(); return;
      case 'restartWithSmallerInit': controller.restartWithSmallerInit(); return;
      case 'openPanel': showTraining(deps()); return;
      case 'trainAgain': return; // only a saved run's panel offers it, and handles it itself
      case 'ready': return;
    }
  };
}
