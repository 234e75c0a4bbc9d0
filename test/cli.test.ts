/* The CLI as a user runs it: the built bundle in a child process. `npm test` builds first. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';

const bin = join(__dirname, '..', 'bin', 'gradient-lab.js');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(() => {
  assert.ok(existsSync(join(__dirname, '..', 'dist', 'cli.js')), 'dist/cli.js is missing: run "npm run build" (npm test does)');
});

test('train --json prints one JSON event per line and a summary with the promised fields', () => {
  const r = cli('train', 'spiral', '--epochs', '30', '--batch', '10', '--lr', '0.03', '--model', '8,8', '--json');
  assert.equal(r.code, 0, r.err);
  const events = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(events[0].type, 'started');
  assert.equal(events.filter((e) => e.type === 'epoch').length, 30);
  const s = events.at(-1);
  assert.equal(s.type, 'summary');
  for (const k of ['trainLoss', 'valLoss', 'trainAccuracy', 'valAccuracy', 'epochs', 'steps', 'samplesPerSecond']) {
    assert.equal(typeof s[k], 'number', `summary.${k}`);
  }
  assert.equal(s.epochs, 30);
  assert.equal(s.steps, 30 * 40);
  assert.ok(s.trainLoss < events[1].trainLoss, 'the loss went down');
});

test('train prints a line per epoch and a closing summary on a terminal-less stdout', () => {
  const r = cli('train', 'gauss', '--epochs', '3');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Training 2-8-8-1 tanh on gauss \(400 train \/ 100 validation rows/);
  assert.match(r.out, /epoch 3\/3 {2}loss [\d.]+ \/ [\d.]+ {2}acc [\d.]+% \/ [\d.]+%/);
  assert.match(r.out, /Finished after 3 epochs, 39 steps/);
});

test('the same seeds give the same summary losses; flags reach the config', () => {
  const a = cli('train', 'moons', '--epochs', '2', '--seed', '5', '--init-seed', '6', '--optimizer', 'momentum', '--init', 'he', '--activation', 'relu', '--json');
  const b = cli('train', 'moons', '--epochs', '2', '--seed', '5', '--init-seed', '6', '--optimizer', 'momentum', '--init', 'he', '--activation', 'relu', '--json');
  const started = JSON.parse(a.out.split('\n')[0]!);
  assert.equal(started.config.optimizer.kind, 'momentum');
  assert.deepEqual(started.config.init.weights, { kind: 'he-normal' });
  assert.equal(started.config.model.activation, 'relu');
  const loss = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!).trainLoss;
  assert.equal(loss(a.out), loss(b.out));
});

test('constant init: the summary reports 1 distinct neuron per hidden layer; He more', () => {
  const summary = (init: string) => {
    const r = cli('train', 'circle', '--init', init, '--epochs', '5', '--json');
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out.trim().split('\n').at(-1)!);
  };
  assert.deepEqual(summary('constant:0.5').distinctNeurons, [1, 1]);
  assert.ok(summary('he').distinctNeurons.every((n: number) => n > 1));
  assert.match(cli('train', 'circle', '--init', 'constant:0.5', '--epochs', '2').out, /Distinct neurons per hidden layer: 1, 1 — every layer is symmetric/);
});

test('an experiment file is read, and flags override it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glab-cli-'));
  const file = join(dir, 'exp.glab.json');
  writeFileSync(file, JSON.stringify({ dataset: { synthetic: 'xor', samples: 100 }, training: { epochs: 4 }, optimizer: { kind: 'sgd', learningRate: 0.1 } }));
  const r = cli('train', '--config', file, '--epochs', '2', '--json');
  assert.equal(r.code, 0, r.err);
  const events = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(events[0].config.dataset.synthetic, 'xor');
  assert.equal(events[0].config.optimizer.learningRate, 0.1);
  assert.equal(events.at(-1).epochs, 2);
});

for (const [args, message] of [
  [['train'], /needs a dataset/],
  [['train', 'spiral', '--lr', 'fast'], /--lr: "fast" is not a number/],
  [['train', 'spiral', '--optimizer', 'adamax'], /optimizer\.kind: found "adamax"; expected one of/],
  [['train', 'spiral', '--model', '8,x'], /--model: "8,x" is not a list of layer sizes/],
  [['train', 'spiral', '--frobnicate'], /Unknown option '--frobnicate'/],
  [['train', '--config', '/nonexistent/exp.glab.json'], /cannot read the experiment file \(ENOENT\)/],
  [['fly'], /there is no command "fly"/],
] as [string[], RegExp][]) {
  test(`user error "${args.join(' ')}": exit 2, one message, no stack trace`, () => {
    const r = cli(...args);
    assert.equal(r.code, 2);
    assert.match(r.err, message);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    assert.equal(r.out, '');
  });
}

test('train and inspect read data files; sample writes them and never overwrites', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glab-sample-'));
  const w = cli('sample', 'moons', dir);
  assert.equal(w.code, 0, w.err);
  assert.match(w.out, /Wrote .*moons\.csv/);
  const again = cli('sample', 'moons', dir);
  assert.equal(again.code, 2);
  assert.match(again.err, /already exists; Gradient Lab does not overwrite files/);
  const t = cli('train', join(dir, 'moons.csv'), '--epochs', '5', '--json');
  assert.equal(t.code, 0, t.err);
  assert.equal(JSON.parse(t.out.split('\n')[0]!).dataset.trainRows, 400);
  assert.equal(cli('sample', 'iris', dir).code, 0);
  const i = cli('inspect', join(dir, 'iris.csv'));
  assert.equal(i.code, 0, i.err);
  assert.match(i.out, /150 rows, 4 input features, task: classification, label: species/);
  assert.match(i.out, /setosa +50 +33\.3%/);
  const d = cli('sample', 'digits', dir);
  assert.equal(d.code, 0, d.err);
  assert.match(cli('inspect', join(dir, 'digits', 't10k-labels-idx1-ubyte.gz')).out, /1000 rows, 784 input features.*images 28×28×1/);
  const json = JSON.parse(cli('inspect', join(dir, 'iris.csv'), '--label', 'sepal_length', '--json').out);
  assert.equal(json.task, 'regression');
});

test('a malformed data file: exit 2 with the file, line and what to do', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glab-bad-'));
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'a,b,label\n1,2,x\n3,4\n5,6,y\n');
  const r = cli('train', file);
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.csv, line 3/);
  assert.doesNotMatch(r.err, /\n\s+at /);
});

test('compare trains experiments over seeds and prints a Markdown table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glab-compare-'));
  const exp = (name: string, init: string) => {
    const file = join(dir, `${name}.glab.json`);
    writeFileSync(file, JSON.stringify({ name, dataset: { synthetic: 'circle', samples: 100 }, init, training: { epochs: 3 } }));
    return file;
  };
  const r = cli('compare', exp('constant', 'constant:0.5'), exp('he', 'he'), '--seeds', '2');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.equal(lines[0], '| experiment | train loss | validation loss | train accuracy | validation accuracy |');
  assert.match(lines[2]!, /^\| constant \| \d\.\d{4} ± \d\.\d{4} \| .* \| \d+\.\d% ± \d+\.\d \|$/);
  assert.match(lines[3]!, /^\| he \|/);
});

test('terms counts polynomial terms and their memory; models compares model families in one table', () => {
  const t = cli('terms', '10000', '--degree', '2');
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /^10,000 features: 50,005,000 quadratic terms/);
  assert.match(t.out, /\| 2 \| 50,015,000 \| 190,792 MB \|/);
  const m = cli('models', 'circle', '--epochs', '40', '--lr', '0.05');
  assert.equal(m.code, 0, m.err);
  const row = (name: string) => Number(new RegExp(`\\| ${name} \\| ([\\d.]+)%`).exec(m.out)?.[1]);
  assert.ok(row('logistic-regression') < 75, m.out);
  assert.ok(row('polynomial-logistic') >= 95, m.out);
  assert.ok(row('mlp') >= 90, m.out);
  const p = cli('train', 'xor', '--preset', 'polynomial-logistic', '--json', '--epochs', '50');
  assert.equal(JSON.parse(p.out.split('\n')[0]!).model.parameterCount, 6);
  assert.match(cli('train', 'xor', '--preset', 'quadratic').err, /--preset: there is no preset "quadratic"/);
});

test('a diverging run exits 3 and says what to do', () => {
  const r = cli('train', 'plane', '--lr', '50', '--optimizer', 'sgd', '--model', '16,16', '--activation', 'relu', '--epochs', '20');
  assert.equal(r.code, 3);
  assert.match(r.err, /the run diverged at step \d+ .*To fix it, lower the learning rate from 50 to 5/);
});
