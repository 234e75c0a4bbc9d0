/*
 * Where a second training thread starts to pay: times training steps of MLPs of growing width
 * (and the bench's W1–W3) at 1 and 2 threads, interleaved, and prints multiply-adds per step
 * (engine/parallel/threads.ts stepWork) beside the speed-up. PARALLEL_MIN_WORK is set from it.
 * Usage: npx tsx scripts/threads-threshold.ts [seconds per cell, default 1]
 */
import { loadavg } from 'node:os';
import { ExperimentConfig } from '../engine/config';
import { nodeThreads } from '../engine/parallel/node-threads';
import { installThreadPlatform } from '../engine/parallel/platform';
import { stepWork } from '../engine/parallel/threads';
import { Trainer, prepareData } from '../engine/trainer';
import { Workload, w1, w2, w3 } from '../test/bench/workloads';

installThreadPlatform(nodeThreads);
const seconds = Number(process.argv[2] ?? 1);

/** W2's data and optimizer with other hidden layers and batch size. */
function mlp(hidden: number[], batch: number): Workload {
  const w = w2();
  return { ...w, id: 'W2', title: `784-${hidden.join('-')}-10, batch ${batch}`, config: { ...w.config, model: { ...w.config.model, hidden: hidden.map((units) => ({ units })) }, training: { ...w.config.training, batchSize: batch } } };
}

/** Samples/s of `config` over about `seconds` of steps (after a short warm-up). */
function rate(config: ExperimentConfig, w: Workload, threads: number): { sps: number; work: number } {
  const t = new Trainer({ ...config, training: { ...config.training, threads } }, prepareData(config, w.dataset));
  const run = t.run();
  // Only the calls that take a step are timed: end-of-epoch evaluation runs on one thread either way.
  let n = 0, time = 0, warm = 0;
  while (time < seconds * 1000) {
    const t0 = performance.now();
    const r = run.next();
    const dt = performance.now() - t0;
    if (r.done) throw new Error('the run ended while being timed');
    if (r.value.type !== 'step') continue;
    if (warm++ < 5) continue;
    time += dt;
    n++;
  }
  t.close();
  return { sps: (n * config.training.batchSize) / (time / 1000), work: stepWork(t.model, config.training.batchSize) };
}

console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
console.log('network | multiply-adds/step | samples/s 1 thread | 2 threads | speed-up');
const cells: Workload[] = [w1(), mlp([4], 32), mlp([8], 32), mlp([16], 32), mlp([32], 32), mlp([64], 32), mlp([16], 64), mlp([64], 64), w2(), w3()];
for (const w of cells) {
  // Two interleaved rounds; the better of each (the machine is shared: the worse is its load).
  const one: number[] = [], two: number[] = [];
  let work = 0;
  for (let round = 0; round < 2; round++) {
    const a = rate(w.config, w, 1), b = rate(w.config, w, 2);
    one.push(a.sps); two.push(b.sps); work = a.work;
  }
  const s1 = Math.max(...one), s2 = Math.max(...two);
  console.log(`${w.id === 'W2' && w.title.includes('batch') ? w.title : `${w.id} ${w.title}`} | ${(work / 1e6).toFixed(3)}M | ${Math.round(s1)} | ${Math.round(s2)} | ${(s2 / s1).toFixed(2)}×`);
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
