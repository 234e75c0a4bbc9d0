/**
 * The manifest fields this extension owns (contributes, activation, capabilities), built from
 * the engine's own lists so pickers, settings and the engine cannot drift apart.
 * `scripts/update-manifest.ts` writes them into package.json; a test checks they are in sync.
 */
import { ACTIVATIONS } from '../engine/nn/activations';
import { INIT_HELP, INIT_KINDS } from '../engine/nn/init';
import { OPTIMIZERS, OPTIMIZER_HELP } from '../engine/nn/optimizers';
import { CMD, CTX, INSPECT_SCHEME, VIEW } from './command-ids';

const CATEGORY = 'Gradient Lab';

/** Explorer files that can be datasets (the list, plus MNIST's extensionless IDX names). */
const DATASET_FILE = "(resourceExtname =~ /^\\.(csv|tsv|json|jsonl|idx|gz)$/i || resourceFilename =~ /-idx[0-9]-ubyte$/) && !(resourceFilename =~ /\\.glab\\.json$/i)";
const DATASET_RESOURCE = `!explorerResourceIsFolder && ${DATASET_FILE} || explorerResourceIsFolder`;
/** In an editor title only plainly tabular files: a random .json open in an editor is rarely data. */
const EDITOR_DATASET = 'resourceExtname =~ /^\\.(csv|tsv|jsonl)$/i';
const EXPERIMENT_FILE = 'resourceFilename =~ /\\.glab\\.json$/i';

interface Command {
  command: string;
  title: string;
  category?: string;
  icon?: string;
  enablement?: string;
}

const commands: Command[] = [
  { command: CMD.train, title: 'Train a Model on a Dataset…', icon: '$(play)' },
  { command: CMD.trainThis, title: 'Train a Model on This Dataset', icon: '$(play)' },
  { command: CMD.openPanel, title: 'Open Training Panel', icon: '$(graph-line)' },
  { command: CMD.start, title: 'Start / Resume Training', icon: '$(debug-start)' },
  { command: CMD.pause, title: 'Pause Training', icon: '$(debug-pause)' },
  { command: CMD.step, title: 'Step Training (One Batch)', icon: '$(debug-step-over)' },
  { command: CMD.stop, title: 'Stop Training', icon: '$(debug-stop)' },
  { command: CMD.reset, title: 'Reset Training', icon: '$(debug-restart)' },
  { command: CMD.chooseInit, title: 'Choose Initialization…' },
  { command: CMD.chooseOptimizer, title: 'Choose Optimizer…' },
  { command: CMD.setLearningRate, title: 'Set Learning Rate…' },
  { command: CMD.restartLowerLr, title: 'Restart with Lower Learning Rate' },
  { command: CMD.newExperiment, title: 'New Experiment File' },
  { command: CMD.runExperiment, title: 'Run Experiment', icon: '$(play)' },
  { command: CMD.createSample, title: 'Create Sample Dataset…' },
  { command: CMD.inspect, title: 'Inspect Dataset', icon: '$(table)' },
  { command: CMD.changeLabel, title: 'Change Label…', icon: '$(symbol-field)' },
  { command: CMD.trainWithLabel, title: 'Train with Label…', icon: '$(play)' },
  { command: CMD.compareRuns, title: 'Compare Runs…' },
  { command: CMD.showLog, title: 'Show Log' },
  { command: CMD.refreshDatasets, title: 'Refresh Datasets', icon: '$(refresh)' },
  { command: CMD.refreshRuns, title: 'Refresh Runs', icon: '$(refresh)' },
  { command: CMD.openRun, title: 'Open Run', icon: '$(go-to-file)' },
  { command: CMD.stopRun, title: 'Stop Run', icon: '$(debug-stop)' },
  { command: CMD.deleteRun, title: 'Delete Run', icon: '$(trash)' },
  { command: CMD.compareModels, title: 'Compare Models…', icon: '$(table)' },
  { command: CMD.showSymmetry, title: 'Show Gradient Symmetry', icon: '$(symbol-array)' },
  { command: CMD.demonstrateSymmetry, title: 'Demonstrate Symmetry Breaking' },
  { command: CMD.breakSymmetry, title: 'Break Symmetry…' },
  { command: CMD.rerollInit, title: 'Reroll Initialization' },
  { command: CMD.searchWann, title: 'Search Weight-Agnostic Network…', icon: '$(type-hierarchy)' },
  { command: CMD.showLandscape, title: 'Show Loss Landscape', icon: '$(globe)' },
  { command: CMD.showFeatures, title: 'Show Layer Features', icon: '$(symbol-color)' },
  { command: CMD.raceOptimizers, title: 'Race Optimizers…', icon: '$(run-all)' },
  { command: CMD.compareConvexity, title: 'Compare Loss Convexity' },
  { command: CMD.predictWithRun, title: 'Predict with Run…', icon: '$(symbol-event)' },
  { command: CMD.predictRun, title: 'Predict…', icon: '$(symbol-event)' },
  { command: CMD.exportModel, title: 'Export Model…', icon: '$(export)' },
].map((c) => ({ ...c, category: CATEGORY }));

/** Palette visibility: run commands only when they can act; tree-only commands never. */
const palette: { command: string; when: string }[] = [
  { command: CMD.trainThis, when: 'false' },
  { command: CMD.start, when: `${CTX.hasRun} && ${CTX.runState} != running` },
  { command: CMD.pause, when: `${CTX.runState} == running` },
  { command: CMD.step, when: `${CTX.runState} == paused` },
  { command: CMD.stop, when: CTX.runActive },
  { command: CMD.reset, when: CTX.hasRun },
  { command: CMD.showLandscape, when: CTX.hasRun },
  { command: CMD.showFeatures, when: CTX.hasRun },
  { command: CMD.restartLowerLr, when: `${CTX.runState} == diverged` },
  { command: CMD.runExperiment, when: `${EXPERIMENT_FILE} || ${CTX.hasRun} || workspaceFolderCount > 0` },
  { command: CMD.refreshDatasets, when: 'false' },
  { command: CMD.refreshRuns, when: 'false' },
  { command: CMD.openRun, when: 'false' },
  { command: CMD.stopRun, when: 'false' },
  { command: CMD.deleteRun, when: 'false' },
  { command: CMD.predictRun, when: 'false' },
  { command: CMD.exportModel, when: 'false' },
  { command: CMD.breakSymmetry, when: CTX.runActive },
  { command: CMD.rerollInit, when: CTX.hasRun },
  { command: CMD.changeLabel, when: CTX.hasRun },
  { command: CMD.trainWithLabel, when: `resourceScheme == ${INSPECT_SCHEME}` },
];

const settings = {
  'gradientLab.training.init': {
    type: 'string', enum: [...INIT_KINDS], enumDescriptions: INIT_KINDS.map((k) => INIT_HELP[k]), default: 'glorot-uniform',
    description: 'How the weights of a new run start. Changing it during a run restarts the run from the new weights.',
  },
  'gradientLab.training.optimizer': {
    type: 'string', enum: [...OPTIMIZERS], enumDescriptions: OPTIMIZERS.map((k) => OPTIMIZER_HELP[k]), default: 'adam',
    description: 'The update rule. Changing it during a run continues from the current weights with the new optimizer.',
  },
  'gradientLab.training.learningRate': {
    type: 'number', default: 0.01, exclusiveMinimum: 0, maximum: 100,
    description: 'Step size of the optimizer. Too high diverges (the loss becomes NaN); too low learns slowly.',
  },
  'gradientLab.training.batchSize': { type: 'integer', default: 32, minimum: 1, maximum: 65536, description: 'Examples per optimizer step.' },
  'gradientLab.training.epochs': { type: 'integer', default: 50, minimum: 1, maximum: 100000, description: 'Passes over the training set.' },
  'gradientLab.training.threads': {
    type: 'string', enum: ['auto', '1', '2', '3', '4', '6', '8', '12', '16'], default: 'auto',
    enumDescriptions: [
      'One thread for small networks; more where a second thread pays (the run\'s log says how many and why).',
      'Always one thread.',
      ...[2, 3, 4, 6, 8, 12, 16].map((n) => `${n} threads whatever the network (never more than a batch has rows).`),
    ],
    description: 'Threads that compute each step\'s gradient, each on its share of the batch, for runs whose experiment file does not set training.threads. Results are reproducible for a given seed and thread count.',
  },
  'gradientLab.training.evaluationRows': {
    type: 'string', default: 'auto', pattern: '^(auto|all|[1-9][0-9]*)$',
    description: 'Training rows measured at the end of each epoch: "auto" (a fixed sample of about a quarter of the training rows, 100 to 2,000, keeping evaluation near a tenth of the training time), "all", or a number. Validation rows are all measured (up to 10,000), and the last epoch measures every row. An experiment file\'s evaluation.trainRows takes precedence.',
  },
  'gradientLab.model.hiddenLayers': {
    type: 'array', items: { type: 'integer', minimum: 1, maximum: 4096 }, default: [8, 8], maxItems: 16,
    description: 'Neurons of each hidden layer, in order; [] trains a linear (or logistic) model.',
  },
  'gradientLab.model.activation': { type: 'string', enum: [...ACTIVATIONS], default: 'tanh', description: 'Activation of the hidden layers.' },
  'gradientLab.runs.folder': {
    type: 'string', default: '.gradient-lab/runs', scope: 'resource',
    description: 'Where runs are saved, relative to the first workspace folder (config.json, metrics.jsonl, summary.json, weights).',
  },
  'gradientLab.runs.logEveryStep': {
    type: 'boolean', default: false, scope: 'resource',
    description: 'Write every step to a run\'s metrics.jsonl. Off: every epoch and a thinned record of steps (all of the first 256, then 128 per doubling; about 1,000 for 20,000 steps), which keeps a long run\'s file to a few MB.',
  },
  'gradientLab.data.glob': {
    type: 'string', default: '**/*.{csv,tsv,jsonl,idx,gz}', scope: 'resource',
    description: 'Which workspace files the Datasets view lists (a glob; node_modules and .git are always left out).',
  },
  'gradientLab.data.maxMegabytes': {
    type: 'number', default: 512, minimum: 1,
    description: 'Largest dataset (as 32-bit floats in memory, in MB) that Gradient Lab will load; bigger ones are refused with a message. A .gz file may decompress to 4× this. Same as --max-megabytes and the experiment field dataset.maxMegabytes.',
  },
  'gradientLab.data.maxCategories': {
    type: 'integer', default: 50, minimum: 1, maximum: 100000,
    description: 'Text columns with more distinct values are not one-hot encoded (they are ignored, with a note); a label may have this many classes, and at least 200. Same as --max-categories and the experiment field dataset.maxCategories.',
  },
  'gradientLab.data.maxFieldMegabytes': {
    type: 'number', default: 1, exclusiveMinimum: 0,
    description: 'Longest single field of a delimited file, in MB; longer ones (usually an unclosed quote) are refused. Same as --max-field-megabytes and dataset.maxFieldMegabytes.',
  },
  'gradientLab.model.maxMegabytes': {
    type: 'number', default: 1024, minimum: 1,
    description: 'Largest model, in MB of memory for its weights, gradients, optimizer state and one batch of activations; bigger ones are refused before they are built. Same as --max-model-megabytes and model.maxMegabytes.',
  },
  'gradientLab.ui.updatesPerSecond': {
    type: 'integer', default: 30, minimum: 1, maximum: 60,
    description: 'How often the training views are updated, at most, whatever the step rate (lower saves CPU). A view still drawing the last update gets the newest state when it is done, never a backlog.',
  },
};

export function contributes() {
  return {
    commands,
    menus: {
      commandPalette: palette,
      'explorer/context': [
        { command: CMD.trainThis, when: DATASET_RESOURCE, group: 'gradientLab@1' },
        { command: CMD.inspect, when: DATASET_RESOURCE, group: 'gradientLab@2' },
        // Files only: a `when` clause cannot tell an image folder from any other folder.
        { command: CMD.compareModels, when: `!explorerResourceIsFolder && ${DATASET_FILE}`, group: 'gradientLab@4' },
        // Files only: a weight-agnostic search reads one classification file (folders of images are too big for it).
        { command: CMD.searchWann, when: `!explorerResourceIsFolder && ${DATASET_FILE}`, group: 'gradientLab@3' },
        { command: CMD.runExperiment, when: `!explorerResourceIsFolder && ${EXPERIMENT_FILE}`, group: 'gradientLab@1' },
        { command: CMD.predictWithRun, when: `!explorerResourceIsFolder && ${DATASET_FILE}`, group: 'gradientLab@5' },
      ],
      'editor/title': [
        { command: CMD.trainThis, when: EDITOR_DATASET, group: 'navigation@90' },
        { command: CMD.trainWithLabel, when: `resourceScheme == ${INSPECT_SCHEME}`, group: 'navigation@90' },
        { command: CMD.changeLabel, when: `activeWebviewPanelId == ${VIEW.panel} && ${CTX.hasRun}`, group: 'navigation@80' },
        { command: CMD.runExperiment, when: EXPERIMENT_FILE, group: 'navigation@90' },
      ],
      'editor/title/context': [
        { command: CMD.inspect, when: EDITOR_DATASET, group: 'gradientLab@1' },
      ],
      'view/title': [
        { command: CMD.refreshDatasets, when: `view == ${VIEW.datasets}`, group: 'navigation' },
        { command: CMD.createSample, when: `view == ${VIEW.datasets}`, group: 'overflow' },
        { command: CMD.refreshRuns, when: `view == ${VIEW.runs}`, group: 'navigation' },
        { command: CMD.compareRuns, when: `view == ${VIEW.runs}`, group: 'overflow' },
        { command: CMD.openPanel, when: `view == ${VIEW.training}`, group: 'navigation' },
      ],
      'view/item/context': [
        { command: CMD.trainThis, when: `view == ${VIEW.datasets} && viewItem == dataset`, group: 'inline@1' },
        { command: CMD.inspect, when: `view == ${VIEW.datasets} && viewItem == dataset`, group: 'inline@2' },
        { command: CMD.openRun, when: `view == ${VIEW.runs} && viewItem =~ /^run/`, group: 'inline@1' },
        { command: CMD.stopRun, when: `view == ${VIEW.runs} && viewItem == run.active`, group: 'inline@2' },
        { command: CMD.deleteRun, when: `view == ${VIEW.runs} && viewItem =~ /^run\\.(saved|damaged)$/`, group: 'inline@3' },
        { command: CMD.changeLabel, when: `view == ${VIEW.runs} && viewItem =~ /^run/`, group: 'label@1' },
        { command: CMD.compareRuns, when: `view == ${VIEW.runs} && listMultiSelection && viewItem =~ /^run/`, group: 'compare@1' },
        { command: CMD.predictWithRun, when: `view == ${VIEW.datasets} && viewItem == dataset`, group: 'model@1' },
        { command: CMD.predictRun, when: `view == ${VIEW.runs} && viewItem == run.saved`, group: 'model@1' },
        { command: CMD.exportModel, when: `view == ${VIEW.runs} && viewItem == run.saved`, group: 'model@2' },
      ],
    },
    viewsContainers: {
      activitybar: [{ id: VIEW.container, title: 'Gradient Lab', icon: 'media/gradient-lab.svg' }],
    },
    views: {
      [VIEW.container]: [
        { id: VIEW.datasets, name: 'Datasets', contextualTitle: 'Gradient Lab' },
        { id: VIEW.runs, name: 'Runs', contextualTitle: 'Gradient Lab' },
        { id: VIEW.training, name: 'Training', type: 'webview', contextualTitle: 'Gradient Lab' },
      ],
    },
    viewsWelcome: [
      {
        view: VIEW.datasets,
        contents: `No dataset files found in this workspace (the gradientLab.data.glob setting says which files count).\n[Create Sample Dataset](command:${CMD.createSample})\nOr train on a built-in synthetic set:\n[Train a Model…](command:${CMD.train})`,
        when: 'workbenchState != empty',
      },
      {
        view: VIEW.datasets,
        contents: `Open a folder to list its datasets.\n[Train on a Built-in Dataset…](command:${CMD.train})`,
        when: 'workbenchState == empty',
      },
      { view: VIEW.runs, contents: `No runs yet. Runs are saved under the gradientLab.runs.folder setting.\n[Train a Model…](command:${CMD.train})` },
    ],
    configuration: { title: 'Gradient Lab', properties: settings },
    // The editor completes and validates experiment files with the engine's own schema (shipped
    // in the VSIX, see .vscodeignore); a file's own "$schema" still wins where it has one.
    jsonValidation: [{ fileMatch: '*.glab.json', url: './engine/schema/experiment.schema.json' }],
  };
}

/** Activation: what the user can do first (commands and views activate on their own since 1.74). */
export const activationEvents = [
  'workspaceContains:**/*.glab.json', `onWebviewPanel:${VIEW.panel}`,
  // Lab panels revive after a window reload (their serializers are registered on activation).
  ...['landscape', 'race', 'convexity', 'wann', 'features', 'models', 'symmetry', 'runs'].map((kind) => `onWebviewPanel:gradientLab.lab.${kind}`),
];

export const capabilities = {
  untrustedWorkspaces: {
    supported: 'limited',
    description: 'Gradient Lab only reads datasets and experiment files and never runs workspace code. In Restricted Mode it ignores workspace values of the settings that choose where runs are written and how much memory a dataset may take.',
    restrictedConfigurations: ['gradientLab.runs.folder', 'gradientLab.data.maxMegabytes', 'gradientLab.data.maxFieldMegabytes', 'gradientLab.model.maxMegabytes'],
  },
  virtualWorkspaces: {
    supported: 'limited',
    description: 'Everything works through the workspace file system: datasets (image folders and IDX pairs included), experiment files and the runs folder. Files there are read whole rather than streamed, and runs are written into the workspace (.gradient-lab/runs), so in a repository opened remotely they show up as changes: point gradientLab.runs.folder elsewhere or ignore the folder.',
  },
};
