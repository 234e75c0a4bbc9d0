/**
 * Builds the experiment a run uses from the controls (settings, or what a view changed) and a
 * dataset, through `parseConfig` so the result is validated and complete like a file's.
 */
import type { DatasetConfig, ExperimentConfig } from '../engine/config';
import { parseConfig } from '../engine/config-parse';
import type { ControlValues } from '../webview/protocol';

export function experimentFrom(controls: ControlValues, dataset: DatasetConfig, name: string): ExperimentConfig {
  return parseConfig(
    {
      name,
      dataset,
      model: { hidden: controls.hidden, activation: controls.activation },
      init: { weights: controls.init },
      optimizer: { kind: controls.optimizer, learningRate: controls.learningRate },
      training: { epochs: controls.epochs, batchSize: controls.batchSize },
    },
    'the Gradient Lab settings',
  );
}
