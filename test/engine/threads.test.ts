/*
 * Training on several threads (engine/parallel/): reproducible for a seed and a thread count,
 * the same as one thread up to float32 summation order, the same accuracy, and a pool thread
 * that dies stops the run with a clear error. The pool threads are real worker_threads.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExperimentConfig } from '../../engine/config';
import { parseConfig } from '../../engine/config-parse';
import { Dataset } from '../../engine/data/dataset';
import { syntheticDataset } from '../../engine/data/synthetic';
import { nodeThreads } from '../../engine/node/pool-threads';
import { PoolThreads, installThreadPlatform } from '../../engine/parallel/platform';
import { PoolThreadError } from '../../engine/parallel/pool';
import { PARALLEL_MIN_WORK, PARALLEL_MIN_WORK_PER_PARAMETER, chooseThreads } from '../../engine/parallel/threads';
import { useWasmKernels } from '../../engine/nn/kernels';
import { Prng } from '../../engine/prng';
import { TrainerEvent } from '../../engine/protocol/training';
import { TrainingSession, WorkerMessage } from '../../engine/session';
import { Trainer, prepareData } from '../../engine/trainer';

/** The Node platform, remembering the pools it started so a test can kill one of their threads. */
const started: PoolThreads[] = [];
const recording = { cores: nodeThreads.cores, start: (inits: Parameters<typeof nodeThreads.start>[0], memory: Parameters<typeof nodeThreads.start>[1]) => { const p = nodeThreads.start(inits, memory); started.push(p); return p; } };
installThreadPlatform(recording);
assert.equal(nodeThreads.unavailable, undefined);

/** Random 8×8×1 images of 4 classes whose mean brightness of one quadrant tells the class: learnable, small. */
function quadrants(rows: number, seed: number): Dataset {
  const rng = new Prng(seed), features = 64;
  const x = new Float32Array(rows * features), y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = rng.int(4);
    y[r] = c;
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) {
      const q = (i < 4 ? 0 : 2) + (j < 4 ? 0 : 1);
      x[r * features + i * 8 + j] = rng.next() * 0.6 + (q === c ? 0.4 : 0);
    }
  }
  return {
    source: 'quadrants', task: 'classification', rows, features, x, y, targets: 1, imageShape: [8, 8, 1],
    featureNames: Array.from({ length: features }, (_, i) => `p${i}`), labelName: 'quadrant', classNames: ['a', 'b', 'c', 'd'],
  };
}

const mlp = (threads: number, extra: Record<string, unknown> = {}): ExperimentConfig => parseConfig({
  dataset: { file: 'quadrants' }, features: { standardize: false }, model: { hidden: [32, 16], activation: 'relu' },
  optimizer: { kind: 'adam', learningRate: 0.01 }, training: { epochs: 2, batchSize: 25, validationSplit: 0.2, threads }, ...extra,
});

/** Every event of a run and its final weights. */
function train(config: ExperimentConfig, ds: Dataset): { events: TrainerEvent[]; weights: Float32Array[]; trainer: Trainer } {
  const trainer = new Trainer(config, prepareData(config, ds));
  const events = [...trainer.run()];
  return { events, weights: trainer.model.params.map((p) => p.value.slice()), trainer };
}

const steps = (events: TrainerEvent[]) => events.filter((e): e is Extract<TrainerEvent, { type: 'step' }> => e.type === 'step');

test('threads=2 reproduces bit for bit across two runs with the same seed (dropout and a short last batch included)', () => {
  const ds = quadrants(203, 5); // 162 training rows: batches of 25 and a last one of 12, split 13/12 and 6/6
  const config = mlp(2, { model: { hidden: [32, 16], activation: 'relu', dropout: 0.2 } });
  const a = train(config, ds), b = train(config, ds);
  assert.equal(a.trainer.threading.threads, 2);
  assert.deepEqual(a.events.find((e) => e.type === 'started')?.threads, { count: 2, note: 'training on 2 threads (training.threads: 2)' });
  assert.equal(steps(a.events).length, 14);
  assert.deepEqual(steps(a.events).map((e) => e.loss), steps(b.events).map((e) => e.loss));
  a.weights.forEach((w, i) => assert.deepEqual(Buffer.from(w.buffer), Buffer.from(b.weights[i]!.buffer), `param ${i}`));
  // A different seed is a different run: the comparison above could fail.
  const c = train(parseConfig({ ...config, seeds: { data: 2, init: 1 } }), ds);
  assert.notDeepEqual(steps(c.events).map((e) => e.loss), steps(a.events).map((e) => e.loss));
});

/**
 * Tolerance: the threads add their shares' gradients in another order than one thread's matmul
 * sums over the batch (and scale each share's dLoss/dLogits by its part of the batch), so values
 * differ in the last float32 bits per step. Measured over these 14 Adam steps: losses within
 * 7e-8 relative, weights within 6e-7 of the largest weight in their tensor. The bounds allow
 * ~15× that: losses 1e-6 relative at every step, weights 1e-5 of the largest weight.
 */
const TOLERANCE = { loss: 1e-6, weight: 1e-5 };

for (const [name, extra] of [
  ['an MLP', {}],
  ['a conv net', { model: { conv: [{ type: 'conv2d', filters: 4, kernel: 3, padding: 'same', activation: 'relu' }, { type: 'maxpool2d', size: 2 }], hidden: [16], activation: 'relu' } }],
] as const) for (const wasm of [true, false]) {
  test(`threads=2 matches threads=1 within float32 summation-order rounding: ${name}, ${wasm ? 'wasm' : 'TypeScript'} kernels`, () => {
    const ds = quadrants(203, 9);
    useWasmKernels(wasm);
    let one, two;
    try {
      one = train(mlp(1, extra), ds);
      two = train(mlp(2, extra), ds);
    } finally {
      useWasmKernels(true);
    }
    assert.equal(one.trainer.threading.threads, 1);
    assert.equal(two.trainer.threading.threads, 2);
    const l1 = steps(one.events), l2 = steps(two.events);
    assert.equal(l1.length, l2.length);
    let differs = false;
    l1.forEach((e, i) => {
      const other = l2[i]!;
      assert.ok(Math.abs(e.loss - other.loss) <= TOLERANCE.loss * Math.abs(e.loss), `step ${i + 1}: loss ${e.loss} vs ${other.loss}`);
      assert.equal(e.accuracy, other.accuracy, `step ${i + 1}: batch accuracy`);
      if (e.loss !== other.loss) differs = true;
    });
    one.weights.forEach((w, i) => {
      const scale = w.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const diff = w.reduce((m, v, j) => Math.max(m, Math.abs(v - two.weights[i]![j]!)), 0);
      assert.ok(diff <= TOLERANCE.weight * scale, `param ${i}: differs by ${diff} (largest weight ${scale})`);
    });
    // It is a real second computation, not the first thread's result passed through.
    assert.ok(differs || one.weights.some((w, i) => w.some((v, j) => v !== two.weights[i]![j])));
  });
}

test('a last batch of one row: the pool thread gets none, and 2 threads still match 1', () => {
  const ds = quadrants(203, 9);
  const rows = prepareData(mlp(1), ds).train.rows;
  const one = train(mlp(1, { training: { epochs: 2, batchSize: rows - 1, validationSplit: 0.2, threads: 1 } }), ds);
  const two = train(mlp(2, { training: { epochs: 2, batchSize: rows - 1, validationSplit: 0.2, threads: 2 } }), ds);
  assert.equal(two.trainer.threading.threads, 2);
  const l1 = steps(one.events), l2 = steps(two.events);
  assert.equal(l2.length, 4);
  l1.forEach((e, i) => assert.ok(Math.abs(e.loss - l2[i]!.loss) <= TOLERANCE.loss * Math.abs(e.loss), `step ${i + 1}: ${e.loss} vs ${l2[i]!.loss}`));
});

test('training on 2 threads reaches the same accuracy band as on 1', () => {
  const ds = quadrants(1000, 3);
  const acc = [1, 2].map((threads) => {
    const run = train(mlp(threads, { training: { epochs: 15, batchSize: 32, validationSplit: 0.2, threads } }), ds);
    const summary = run.events.at(-1);
    assert.equal(summary?.type, 'summary');
    return (summary as Extract<TrainerEvent, { type: 'summary' }>).valAccuracy!;
  });
  for (const a of acc) assert.ok(a >= 0.9 && a <= 1, `validation accuracy ${a}`);
  assert.ok(Math.abs(acc[0]! - acc[1]!) <= 0.03, `1 thread ${acc[0]}, 2 threads ${acc[1]}`);
});

test('a killed pool thread stops the run with a clear error, and its pool is closed', () => {
  const ds = quadrants(400, 4);
  const trainer = new Trainer(mlp(2, { training: { epochs: 50, batchSize: 25, validationSplit: 0, threads: 2 } }), prepareData(mlp(2), ds));
  const run = trainer.run();
  const before = started.length;
  let stepsTaken = 0;
  assert.throws(() => {
    for (;;) {
      const r = run.next();
      assert.ok(!r.done && r.value.type !== 'summary', 'the run ended before the thread was killed');
      if (r.value.type === 'step' && ++stepsTaken === 3) started[before]!.terminate(1);
    }
  }, (e: Error) => {
    assert.ok(e instanceof PoolThreadError, 'shown plainly, as something the user can act on');
    assert.match(e.message, /^training thread 1 of 2 ended during the run \(pool thread 1 stopped \(exit code 1\)\); the run stops at this step\. Train again, or set training\.threads to 1/);
    return true;
  });
  assert.ok(stepsTaken >= 3);
  assert.equal(run.next().done, true, 'the run is over');
});

test('in the worker session a killed pool thread ends the run with an error event and the done state', async () => {
  const messages: WorkerMessage[] = [];
  let stepsSeen = 0;
  const failed = new Promise<TrainerEvent>((resolve) => {
    const before = started.length;
    const session = new TrainingSession((m) => {
      messages.push(m);
      if (m.type !== 'events') return;
      for (const e of m.events) {
        if (e.type === 'step' && ++stepsSeen === 2) started[before]!.terminate(1);
        if (e.type === 'error') resolve(e);
      }
    });
    void session.handle({
      type: 'start', config: parseConfig({
        dataset: 'spiral', model: { hidden: [64, 64] }, training: { epochs: 100000, batchSize: 64, threads: 2 },
      }),
    });
  });
  const error = await failed as Extract<TrainerEvent, { type: 'error' }>;
  assert.match(error.message, /^training thread 1 of 2 ended during the run/);
  assert.equal(error.userError, true);
  await new Promise((r) => setTimeout(r, 50));
  const states = messages.filter((m): m is Extract<WorkerMessage, { type: 'state' }> => m.type === 'state').map((m) => m.state);
  assert.equal(states.at(-1), 'done');
});

test('auto: one thread below the measured thresholds, more above them up to the cores; one thread with a note where threads are unavailable', () => {
  const platform = { cores: 2, start: nodeThreads.start };
  const params = 10_000, enough = Math.max(PARALLEL_MIN_WORK, PARALLEL_MIN_WORK_PER_PARAMETER * params);
  assert.equal(chooseThreads('auto', enough, params, 64, platform).threads, 2);
  assert.equal(chooseThreads('auto', enough - 1, params, 64, platform).threads, 1, 'too little work per parameter');
  assert.equal(chooseThreads('auto', PARALLEL_MIN_WORK - 1, 100, 64, platform).threads, 1, 'too little work in all');
  assert.equal(chooseThreads('auto', 150 * params, params, 64, platform).note, 'training on 1 thread (training.threads: auto; 1.50M multiply-adds per step, 150 per parameter: a second thread pays from 0.500M and 192 per parameter)');
  assert.equal(chooseThreads('auto', 100 * enough, params, 64, platform).threads, 2, 'never more than the cores');
  assert.equal(chooseThreads('auto', 100 * enough, params, 64, { ...platform, cores: 16 }).threads, 16);
  assert.equal(chooseThreads('auto', 3 * enough, params, 64, { ...platform, cores: 16 }).threads, 4);
  assert.equal(chooseThreads(4, enough, params, 3, platform).threads, 3, 'never more than a batch has rows');
  const none = chooseThreads(2, 1e9, params, 64, 'this environment cannot start worker threads');
  assert.deepEqual(none, { threads: 1, note: 'training on 1 thread instead of 2: this environment cannot start worker threads' });
  // A platform that cannot start its threads after all (a missing dist/pool-thread.js): one thread and why, no error.
  installThreadPlatform({ ...recording, unavailable: 'the pool thread\'s script /x/dist/pool-thread.js is missing (run "npm run build")' });
  try {
    const run = train(mlp(2), quadrants(100, 2));
    assert.equal(run.trainer.threading.threads, 1);
    assert.equal(run.events.find((e) => e.type === 'started')?.threads?.note, 'training on 1 thread instead of 2: the pool thread\'s script /x/dist/pool-thread.js is missing (run "npm run build")');
    assert.equal(run.events.at(-1)?.type, 'summary');
  } finally {
    installThreadPlatform(recording);
  }
  // As measured: W1 and W2-shaped MLPs stay on one thread, a W3-shaped CNN takes two.
  const spiral = parseConfig({ dataset: 'spiral', training: { batchSize: 10 } });
  assert.equal(new Trainer(spiral, prepareData(spiral, syntheticDataset('spiral', { samples: 100, seed: 1 }))).threading.threads, 1);
  const ds = quadrants(100, 1);
  const w2Like = parseConfig({ dataset: { file: 'q' }, model: { hidden: [128, 64] }, training: { batchSize: 64 } });
  assert.equal(new Trainer(w2Like, prepareData(w2Like, ds)).threading.threads, 1);
  const cnn = parseConfig({ dataset: { file: 'q' }, model: { conv: [{ type: 'conv2d', filters: 8, kernel: 5, padding: 'same' }, { type: 'maxpool2d', size: 2 }], hidden: [] }, training: { batchSize: 64 } });
  assert.equal(new Trainer(cnn, prepareData(cnn, ds)).threading.threads, 2);
});

test('training.threads is checked: "auto" or a whole number from 1 to 64', () => {
  assert.equal(parseConfig({ training: { threads: 'auto' } }).training.threads, 'auto');
  assert.equal(parseConfig({ training: { threads: 3 } }).training.threads, 3);
  assert.equal(parseConfig({}).training.threads, undefined);
  for (const bad of [0, 1.5, 65, 'max', '2']) {
    assert.throws(() => parseConfig({ training: { threads: bad } }), /training\.threads: found .*; expected "auto" or a whole number from 1 to 64/);
  }
});

test('gradient-lab train --threads 2 trains on 2 threads and says so; --threads 0 is refused with the field and what it takes', () => {
  const bin = join(__dirname, '..', '..', 'bin', 'gradient-lab.js');
  assert.ok(existsSync(join(__dirname, '..', '..', 'dist', 'pool-thread.js')), 'dist/pool-thread.js is missing: run "npm run build"');
  const ok = spawnSync(process.execPath, [bin, 'train', 'spiral', '--model', '64,64', '--epochs', '2', '--threads', '2'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^training on 2 threads \(training\.threads: 2\)$/m);
  assert.match(ok.stdout, /epoch 2\/2/);
  const auto = spawnSync(process.execPath, [bin, 'train', 'spiral', '--epochs', '1', '--json'], { encoding: 'utf8', timeout: 120_000 });
  const started = JSON.parse(auto.stdout.split('\n')[0]!);
  assert.equal(started.threads.count, 1);
  assert.match(started.threads.note, /^training on 1 thread \(training\.threads: auto; 0\.\d+M multiply-adds per step, \d+ per parameter: a second thread pays from/);
  const bad = spawnSync(process.execPath, [bin, 'train', 'spiral', '--threads', '0'], { encoding: 'utf8', timeout: 120_000 });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /training\.threads: found 0; expected "auto" or a whole number from 1 to 64/);
});
