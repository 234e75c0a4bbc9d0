import { parseConfig } from '../../engine/config-parse';
import { Dataset } from '../../engine/data/dataset';
import { syntheticDataset } from '../../engine/data/synthetic';
import { SummaryEvent, TrainerEvent } from '../../engine/protocol/training';
import { Trainer, prepareData } from '../../engine/trainer';

/** A trainer for a raw (unvalidated) config on its synthetic dataset. */
export function trainerFor(raw: Record<string, unknown>, data?: Dataset): Trainer {
  const config = parseConfig(raw);
  const ds = data ?? syntheticDataset(config.dataset.synthetic!, { samples: config.dataset.samples ?? 500, noise: config.dataset.noise ?? 0, seed: config.seeds.data });
  return new Trainer(config, prepareData(config, ds));
}

/** Runs a trainer to the end and returns every event it emitted. */
export function runAll(trainer: Trainer): TrainerEvent[] {
  return [...trainer.run()];
}

/** The summary of a finished run. */
export function summaryOf(events: TrainerEvent[]): SummaryEvent {
  const s = events.at(-1);
  if (s?.type !== 'summary') throw new Error(`the run ended with ${s?.type}, not a summary`);
  return s;
}
