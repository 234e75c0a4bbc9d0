/* Our engine, driven exactly as the CLI and the worker drive it: the Trainer's generator. */
import { Split } from '../../engine/data/split';
import { Trainer } from '../../engine/trainer';
import { Stepper } from './measure';
import { Workload } from './workloads';

/**
 * `data` is `prepareData(w.config, w.dataset)`, made beforehand so its copy of the rows is not
 * counted as training memory. Steps alone (the default): a call that yields anything but a step
 * (the end-of-epoch evaluation) returns 0 and is not timed. `asConfigured`: each call runs until
 * the next step, so the evaluations between steps are timed with them, as a user's run pays them.
 */
export function ourStepper(w: Workload, data: Split, asConfigured = false): Stepper & { trainer: Trainer } {
  const trainer = new Trainer(w.config, data);
  const run = trainer.run();
  const batch = w.config.training.batchSize;
  return {
    trainer,
    step() {
      let r = run.next();
      while (asConfigured && !r.done && r.value.type !== 'step' && r.value.type !== 'diverged') r = run.next();
      if (r.done) throw new Error(`${w.id}: the trainer finished while being timed`);
      if (r.value.type === 'diverged') throw new Error(`${w.id}: diverged: ${r.value.reason}`);
      if (r.value.type !== 'step') return 0;
      // The last batch of an epoch is shorter when the batch size does not divide the rows.
      const rows = trainer.data.train.rows, inEpoch = (trainer.step - 1) % trainer.stepsPerEpoch;
      return Math.min(batch, rows - inEpoch * batch);
    },
  };
}
