/*
 * What evaluation and symmetry probes cost beside the steps, on the bench workloads W1–W3, with
 * the symmetry probe on as the engine's own cadence runs it (`symmetryEvery: 'auto'`, the probe
 * bounded by the experiment file's `symmetry` defaults) and the default evaluation. Each
 * trainer call is timed and charged to what it yielded: steps, end-of-epoch evaluation, or a
 * symmetry event. Not a test (the shares depend on the machine); run with
 * `npx tsx test/bench/probe-share.ts [seconds per workload, default 8]`.
 */
import { loadavg } from 'node:os';
import { Trainer, prepareData } from '../../engine/trainer';
import { w1, w2, w3 } from './workloads';

const seconds = Number(process.argv[2] ?? 8);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const make of [w1, w2, w3]) {
  const w = make();
  // Epochs the bench's workloads leave unbounded: a few hundred (W1) or a few (W2, W3), so epoch ends come as in a real run.
  const epochs = { W1: 2_000, W2: 20, W3: 20 }[w.id];
  const config = { ...w.config, training: { ...w.config.training, epochs, threads: 1 } };
  const trainer = new Trainer(config, prepareData(config, w.dataset), { symmetryEvery: 'auto' });
  const spent = { step: 0, epoch: 0, symmetry: 0 };
  let probes = 0, steps = 0;
  const run = trainer.run();
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    const r = run.next();
    const dt = performance.now() - t0;
    if (r.done) break;
    const type = r.value.type;
    if (type === 'step' || type === 'epoch' || type === 'symmetry') spent[type] += dt;
    if (type === 'symmetry') probes++;
    if (type === 'step') steps++;
  }
  trainer.close();
  const total = spent.step + spent.epoch + spent.symmetry;
  const sampled = trainer.symmetryEvent().layers.map((l) => `${l.sampled?.length ?? l.units}/${l.units}`).join(', ') || 'no hidden dense layer: no probe';
  console.log(`${w.id}: ${steps} steps, ${probes} symmetry probes (neurons shown ${sampled}); evaluation ${pct(spent.epoch / total)}, probes ${pct(spent.symmetry / total)}, together ${pct((spent.epoch + spent.symmetry) / total)} of the time; per probe ${(spent.symmetry / Math.max(1, probes)).toFixed(3)} ms, per step ${(spent.step / steps).toFixed(3)} ms`);
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
