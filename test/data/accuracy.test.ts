/* Training on the shipped samples through the same reader the CLI uses reaches stated accuracy. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { loadDataset } from '../../engine/node/load-dataset';
import { SummaryEvent } from '../../engine/protocol/training';
import { Trainer, prepareData } from '../../engine/trainer';

const samples = join(__dirname, '..', '..', 'samples');

async function train(raw: Record<string, unknown>): Promise<SummaryEvent> {
  const config = parseConfig(raw);
  const data = await loadDataset(config.dataset, config.seeds.data, samples);
  const events = [...new Trainer(config, prepareData(config, data)).run()];
  const s = events.at(-1)!;
  assert.equal(s.type, 'summary');
  return s as SummaryEvent;
}

test('Iris: at least 93% validation accuracy on average over ten splits (default settings, a 16-unit hidden layer)', async () => {
  // 30 validation flowers make one flower 3.3%, and which of the few overlapping
  // versicolor/virginica flowers land in validation decides most of it: average over splits.
  const accuracies: number[] = [];
  for (let seed = 1; seed <= 10; seed++) {
    const s = await train({ dataset: { file: 'iris.csv' }, model: { hidden: [16] }, seeds: { data: seed, init: 1 } });
    accuracies.push(s.valAccuracy!);
    assert.ok(s.valAccuracy! >= 0.86, `split ${seed}: ${s.valAccuracy}`);
  }
  const mean = accuracies.reduce((a, b) => a + b) / accuracies.length;
  assert.ok(mean >= 0.93, `mean validation accuracy ${mean} (${accuracies.join(', ')})`);
});

test('digits (IDX): an MLP with one 64-unit layer reaches at least 90% validation accuracy in the default 50 epochs', async () => {
  const s = await train({ dataset: { file: 'digits/train-images-idx3-ubyte.gz' }, model: { hidden: [64], activation: 'relu' } });
  assert.equal(s.epochs, 50);
  assert.ok(s.valAccuracy! >= 0.9, `validation accuracy ${s.valAccuracy}`);
});

test('every shipped 2-D CSV sample trains to a sensible score with the defaults', async () => {
  for (const name of ['circle', 'xor', 'gauss', 'moons']) {
    const s = await train({ dataset: { file: `${name}.csv` } });
    assert.ok(s.valAccuracy! >= 0.9, `${name}: ${s.valAccuracy}`);
  }
  const plane = await train({ dataset: { file: 'plane.csv' } });
  assert.ok(plane.valR2! >= 0.9, `plane: R² ${plane.valR2}`);
});
