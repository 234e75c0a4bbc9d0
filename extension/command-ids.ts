/** Command ids, shared by the code that registers them and the manifest that declares them. */
export const CMD = {
  train: 'gradientLab.train',
  trainThis: 'gradientLab.trainThisDataset',
  openPanel: 'gradientLab.openPanel',
  start: 'gradientLab.start',
  pause: 'gradientLab.pause',
  step: 'gradientLab.step',
  stop: 'gradientLab.stop',
  reset: 'gradientLab.reset',
  chooseInit: 'gradientLab.chooseInit',
  chooseOptimizer: 'gradientLab.chooseOptimizer',
  setLearningRate: 'gradientLab.setLearningRate',
  restartLowerLr: 'gradientLab.restartWithLowerLearningRate',
  newExperiment: 'gradientLab.newExperiment',
  runExperiment: 'gradientLab.runExperiment',
  createSample: 'gradientLab.createSampleDataset',
  inspect: 'gradientLab.inspectDataset',
  changeLabel: 'gradientLab.changeLabel',
  trainWithLabel: 'gradientLab.trainWithLabel',
  compareRuns: 'gradientLab.compareRuns',
  showLog: 'gradientLab.showLog',
  refreshDatasets: 'gradientLab.refreshDatasets',
  refreshRuns: 'gradientLab.refreshRuns',
  openRun: 'gradientLab.openRun',
  stopRun: 'gradientLab.stopRun',
  deleteRun: 'gradientLab.deleteRun',
  compareModels: 'gradientLab.compareModels',
  showSymmetry: 'gradientLab.showSymmetry',
  demonstrateSymmetry: 'gradientLab.demonstrateSymmetry',
  breakSymmetry: 'gradientLab.breakSymmetry',
  rerollInit: 'gradientLab.rerollInit',
  searchWann: 'gradientLab.searchWeightAgnosticNetwork',
  showLandscape: 'gradientLab.showLandscape',
  showFeatures: 'gradientLab.showLayerFeatures',
  raceOptimizers: 'gradientLab.raceOptimizers',
  compareConvexity: 'gradientLab.compareConvexity',
  predictWithRun: 'gradientLab.predictWithRun',
  predictRun: 'gradientLab.predictRun',
  exportModel: 'gradientLab.exportModel',
} as const;

/** Context keys the `when` clauses read. */
export const CTX = {
  hasRun: 'gradientLab.hasRun',
  runActive: 'gradientLab.runActive',
  runState: 'gradientLab.runState',
} as const;

export const VIEW = {
  container: 'gradientLab',
  datasets: 'gradientLab.datasets',
  runs: 'gradientLab.runs',
  training: 'gradientLab.trainingView',
  panel: 'gradientLab.trainingPanel',
} as const;

/** The URI scheme of Inspect Dataset's read-only summaries. */
export const INSPECT_SCHEME = 'gradient-lab-inspect';
