/*
 * Where a second training thread starts to pay: times training steps of MLPs of growing width
 * (and the bench's W1–W3) on 1 and on 2 threads, in alternating windows so a changing machine
 * load hits both alike, and prints multiply-adds per step (engine/parallel/threads.ts stepWork)
 * beside the median speed-up of the window pairs. PARALLEL_MIN_WORK is set from it.
 * Usage: npx tsx scripts/threads-threshold.ts [windows per cell, default 8] [seconds per window, default 0.25] [only cells whose title has this]
 */
import { loadavg } from 'node:os';
import { nodeThreads } from '../engine/node/pool-threads';
import { installThreadPlatform } from '../engine/parallel/platform';
import { stepWork } from '../engine/parallel/threads';
import { Trainer, prepareData } from '../engine/trainer';
import { median } from '../test/bench/measure';
import { Workload, w1, w2, w3 } from '../test/bench/workloads';

installThreadPlatform(nodeThreads);
const windows = Number(process.argv[2] ?? 8);
const seconds = Number(process.argv[3] ?? 0.25);

/** W2's data and optimizer with other hidden layers and batch size. */
function mlp(hidden: number[], batch: number): Workload {
  const w = w2();
  return { ...w, title: `784-${hidden.join('-')}-10 ReLU, Adam, batch ${batch}`, config: { ...w.config, model: { ...w.config.model, hidden: hidden.map((units) => ({ units })) }, training: { ...w.config.training, batchSize: batch } } };
}

/** A run of `w` on `threads` threads whose `time()` trains for about `seconds` and returns its samples/s. */
function stepper(w: Workload, threads: number) {
  const config = { ...w.config, training: { ...w.config.training, threads } };
  const trainer = new Trainer(config, prepareData(config, w.dataset));
  const run = trainer.run();
  return {
    trainer,
    time(s: number): number {
      // Only the calls that take a step are timed: end-of-epoch evaluation runs on one thread either way.
      let n = 0, ms = 0;
      while (ms < s * 1000) {
        const t0 = performance.now();
        const r = run.next();
        const dt = performance.now() - t0;
        if (r.done) throw new Error('the run ended while being timed');
        if (r.value.type !== 'step') continue;
        ms += dt;
        n++;
      }
      return (n * config.training.batchSize) / (ms / 1000);
    },
  };
}

console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
console.log('| network | multiply-adds per step | per parameter | samples/s, 1 thread | 2 threads | speed-up (median of window pairs) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
/** W3's data and optimizer with another conv stack and batch size. */
function cnn(filters: number[], kernel: number, batch: number): Workload {
  const w = w3();
  const conv = filters.flatMap((f) => [{ type: 'conv2d' as const, filters: f, kernel, padding: 'same' as const, activation: 'relu' as const }, { type: 'maxpool2d' as const, size: 2 }]);
  return { ...w, title: `conv ${filters.map((f) => `${kernel}×${kernel}×${f}`).join('-')} CNN, batch ${batch}`, config: { ...w.config, model: { ...w.config.model, conv }, training: { ...w.config.training, batchSize: batch } } };
}

const only = process.argv[4];
const cells: Workload[] = [
  w1(), mlp([8], 32), mlp([32], 32), mlp([128], 64), w2(), mlp([128, 64], 128), mlp([128, 64], 256), mlp([128, 64], 1024),
  cnn([2], 3, 8), cnn([2], 3, 32), cnn([4], 3, 32), cnn([8], 5, 8), cnn([8, 16], 5, 8), w3(),
].filter((w) => !only || w.title.includes(only));
for (const w of cells) {
  const one = stepper(w, 1), two = stepper(w, 2);
  one.time(0.2); two.time(0.2); // warm-up: JIT, buffers, the pool threads' start
  const a: number[] = [], b: number[] = [], ratio: number[] = [];
  for (let i = 0; i < windows; i++) {
    const x = one.time(seconds), y = two.time(seconds);
    a.push(x); b.push(y); ratio.push(y / x);
  }
  one.trainer.close(); two.trainer.close();
  const name = /^(784-|conv )/.test(w.title) ? w.title : `${w.id}: ${w.title}`;
  const work = stepWork(one.trainer.model, w.config.training.batchSize);
  console.log(`| ${name} | ${(work / 1e6).toFixed(3)} M | ${Math.round(work / one.trainer.model.parameterCount)} | ${Math.round(median(a)).toLocaleString('en-US')} | ${Math.round(median(b)).toLocaleString('en-US')} | ${median(ratio).toFixed(2)}× |`);
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
