/* Our engine, driven exactly as the CLI and the worker drive it: the Trainer's generator. */
import { Split } from '../../engine/data/split';
import { Trainer } from '../../engine/trainer';
import { Stepper } from './measure';
import { Workload } from './workloads';

/** `data` is `prepareData(w.config, w.dataset)`, made beforehand so its copy of the rows is not counted as training memory. */
export function ourStepper(w: Workload, data: Split, threads = 1): Stepper & { trainer: Trainer; dispose(): void } {
  const trainer = new Trainer({ ...w.config, training: { ...w.config.training, threads } }, data);
  if (trainer.threading.threads !== threads) throw new Error(`${w.id}: asked for ${threads} threads, got ${trainer.threading.note}`);
  const run = trainer.run();
  const batch = w.config.training.batchSize;
  return {
    trainer,
    // Ends the run's pool threads.
    dispose: () => trainer.close(),
    step() {
      const r = run.next();
      if (r.done) throw new Error(`${w.id}: the trainer finished while being timed`);
      if (r.value.type === 'diverged') throw new Error(`${w.id}: diverged: ${r.value.reason}`);
      if (r.value.type !== 'step') return 0;
      // The last batch of an epoch is shorter when the batch size does not divide the rows.
      const rows = trainer.data.train.rows, inEpoch = (trainer.step - 1) % trainer.stepsPerEpoch;
      return Math.min(batch, rows - inEpoch * batch);
    },
  };
}
