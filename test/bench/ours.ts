/* Our engine, driven exactly as the CLI and the worker drive it: the Trainer's generator. */
import { Split } from '../../engine/data/split';
import { Trainer } from '../../engine/trainer';
import { Stepper } from './timing';
import { Workload } from './workloads';

/**
 * `data` is `prepareData(w.config, w.dataset)`, made beforehand so its copy of the rows is not
 * counted as training memory. A call that yields anything but a step (the start, the
 * end-of-epoch evaluation) returns 0 and is not timed by `measure`; the stepper times those
 * calls itself, beside the steps, so `evalShare()` says what share of the run as configured the
 * evaluation took, measured in the same window as the steps (a loaded machine's ups and downs
 * fall on both alike).
 */
export function ourStepper(w: Workload, data: Split, threads = 1): Stepper & { trainer: Trainer; evalShare(): number; dispose(): void } {
  const trainer = new Trainer({ ...w.config, training: { ...w.config.training, threads } }, data);
  if (trainer.threading.threads !== threads) throw new Error(`${w.id}: asked for ${threads} threads, got ${trainer.threading.note}`);
  // As the worker session runs it: one step event object, rewritten per step.
  const run = trainer.run({ reuseStepEvents: true });
  const batch = w.config.training.batchSize;
  let stepSeconds = 0, otherSeconds = 0;
  return {
    trainer,
    evalShare: () => otherSeconds / Math.max(1e-12, stepSeconds + otherSeconds),
    // Ends the run's pool threads.
    dispose: () => trainer.close(),
    step() {
      const t0 = performance.now();
      const r = run.next();
      const seconds = (performance.now() - t0) / 1000;
      if (r.done) throw new Error(`${w.id}: the trainer finished while being timed`);
      if (r.value.type === 'diverged') throw new Error(`${w.id}: diverged: ${r.value.reason}`);
      if (r.value.type !== 'step') {
        if (r.value.type !== 'started') otherSeconds += seconds;
        return 0;
      }
      stepSeconds += seconds;
      // The last batch of an epoch is shorter when the batch size does not divide the rows.
      const rows = trainer.data.train.rows, inEpoch = (trainer.step - 1) % trainer.stepsPerEpoch;
      return Math.min(batch, rows - inEpoch * batch);
    },
  };
}
