/* The CNN preset on the shipped digits (4,000 28×28 images, 3,200 for training) beats the MLP. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import { cnnPreset } from '../../engine/nn/conv-stack';
import { loadDataset } from '../../engine/node/load-dataset';
import { SummaryEvent } from '../../engine/protocol/training';
import { Trainer, prepareData } from '../../engine/trainer';

const samples = join(__dirname, '..', '..', 'samples');

async function train(raw: Record<string, unknown>): Promise<SummaryEvent> {
  const config = parseConfig(raw);
  const data = await loadDataset(config.dataset, config.seeds.data, samples);
  const s = [...new Trainer(config, prepareData(config, data)).run()].at(-1)!;
  assert.equal(s.type, 'summary');
  return s as SummaryEvent;
}

test('samples/digits-cnn.glab.json is the CNN preset for 28×28×1 images', () => {
  const raw = JSON.parse(readFileSync(join(samples, 'digits-cnn.glab.json'), 'utf8'));
  const preset = cnnPreset([28, 28, 1]);
  assert.deepEqual(parseConfig(raw).model, parseConfig({ dataset: raw.dataset, model: { ...preset, hidden: preset.hidden.map((h) => h.units) } }).model);
});

test('digits: the CNN preset reaches at least 95% validation accuracy in 4 epochs, above the 64-unit MLP after 20', async () => {
  // Measured (seeds 1/1, 2 cores): CNN 96.1% in about 12 s; MLP 92–93% (it plateaus there by epoch 20).
  const raw = JSON.parse(readFileSync(join(samples, 'digits-cnn.glab.json'), 'utf8'));
  const t0 = performance.now();
  const cnn = await train({ ...raw, training: { ...raw.training, epochs: 4 } });
  const seconds = (performance.now() - t0) / 1000;
  const mlp = await train({ dataset: raw.dataset, model: { hidden: [64], activation: 'relu' }, training: { epochs: 20 } });
  assert.ok(cnn.valAccuracy! >= 0.95, `CNN validation accuracy ${cnn.valAccuracy}`);
  assert.ok(cnn.valAccuracy! >= mlp.valAccuracy! + 0.02, `CNN ${cnn.valAccuracy} vs MLP ${mlp.valAccuracy}`);
  console.log(`CNN preset: ${(cnn.valAccuracy! * 100).toFixed(1)}% in ${seconds.toFixed(1)} s; MLP: ${(mlp.valAccuracy! * 100).toFixed(1)}%`);
});
