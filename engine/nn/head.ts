import { Dataset, classCount } from '../data/dataset';
import { ConfigError } from '../errors';
import { LossName } from './losses';

/** The output layer a dataset needs under a loss: how many logits, and which loss reads them. */
export interface Head {
  loss: LossName;
  outputs: number;
}

/**
 * Picks the loss and the number of outputs for `ds`. 'auto' is binary cross-entropy on one
 * logit for two classes, softmax cross-entropy for more, and MSE for regression.
 */
export function resolveHead(setting: LossName | 'auto', ds: Dataset): Head {
  const classes = classCount(ds);
  if (ds.task === 'regression') {
    if (setting !== 'auto' && setting !== 'mse') {
      throw new ConfigError([`loss: "${setting}" needs classes, but ${ds.source} is a regression task; use "mse" or "auto"`]);
    }
    return { loss: 'mse', outputs: ds.targets };
  }
  if (classes < 2) throw new ConfigError([`dataset: ${ds.source} has ${classes} class(es); classification needs at least 2`]);
  const loss: LossName = setting === 'auto' ? (classes === 2 ? 'binary-cross-entropy' : 'softmax-cross-entropy') : setting;
  switch (loss) {
    case 'mse':
      throw new ConfigError([`loss: "mse" is for regression, and ${ds.source} has classes; use "auto", "binary-cross-entropy", "softmax-cross-entropy", "hinge" or "mse-on-sigmoid"`]);
    case 'binary-cross-entropy':
    case 'mse-on-sigmoid':
      if (classes !== 2) throw new ConfigError([`loss: "${loss}" is for two classes and ${ds.source} has ${classes}; use "softmax-cross-entropy" or "hinge"`]);
      return { loss, outputs: 1 };
    case 'softmax-cross-entropy':
      return { loss, outputs: classes };
    case 'hinge':
      return { loss, outputs: classes === 2 ? 1 : classes };
  }
}
