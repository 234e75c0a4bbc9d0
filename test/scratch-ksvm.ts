import { parseConfig } from '../engine/config-parse';
import { applyPreset } from '../engine/presets';
import { Trainer, prepareData } from '../engine/trainer';
import { loadDataset } from '../engine/node/load-dataset';
async function main() {
const D = Number(process.argv[2] ?? 200), epochs = Number(process.argv[3] ?? 50);
const base = parseConfig({ dataset: { file: '/work/wt/issue15/samples/digits/train-images-idx3-ubyte.gz' }, training: { epochs } });
const data = await loadDataset(base.dataset, base.seeds.data, process.cwd());
for (const preset of (process.argv[4] ?? 'kernel-svm').split(',') as any[]) {
  const c = applyPreset(base, preset, {});
  if (preset === 'kernel-svm') { c.features.randomFourier!.features = D; if (process.env.RAW) c.features.standardize = false; if (process.env.L2) c.regularization.l2 = Number(process.env.L2); }
  const t0 = performance.now();
  const p = prepareData(c, data);
  const t1 = performance.now();
  const tr = new Trainer(c, p); let last: any; for (const e of tr.run()) last = e;
  console.log(preset, D, p.features.stages.join('; '), 'val', last.valAccuracy, 'train', last.trainAccuracy, 'prep', ((t1 - t0) / 1000).toFixed(2), 'total', ((performance.now() - t0) / 1000).toFixed(2));
}
}
main();
