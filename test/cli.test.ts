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
  assert.match(r.out, /^Predicting label \(classification, 2 classes\) from 2 features · 500 rows\nTraining 2-8-8-1 tanh on gauss \(400 train \/ 100 validation rows/);
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
  [['train', 'spiral', '--frobnicate'], /there is no option --frobnicate\. Run "gradient-lab train --help"/],
  // Issue 13: a typo gets the nearest flag; a negative number after a flag reaches the config's own check.
  [['train', 'spiral', '--epoch', '3'], /there is no option --epoch; did you mean --epochs\?/],
  [['train', 'spiral', '--lr', '-1'], /optimizer\.learningRate: found -1; expected a number greater than 0/],
  [['train', 'spiral', '--batch', '-8'], /training\.batchSize: found -8; expected a whole number greater than 0/],
  [['train', 'spiral', '--model', '1000000000'], /the model 2-1,000,000,000-1 has 4,000,000,001 parameters.*--max-model-megabytes/],
  [['train', join(__dirname, 'data', 'real', 'cars.json'), '--label', 'Name'], /"Name" has 311 distinct values.*--max-categories/],
  [['train', '--config', __dirname], /--config .*: cannot read the experiment file \(EISDIR\)/],
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
  // The baseline row comes first; γ is chosen from the data and said.
  assert.match(m.out, /\| model \| validation accuracy \| training time \| parameters \|\n\| --- \| --- \| --- \| --- \|\n\| majority class \(baseline\) \| (4[5-9]|5[0-5])\.\d% \| – \| 0 \|\n/);
  assert.match(m.out, /^Baseline: always "\d", the most frequent class/m);
  assert.match(m.out, /^kernel-svm: standardized .*random Fourier features: 1000, γ = 0\.\d+ \('scale'/m);
  const j = JSON.parse(cli('models', 'circle', '--epochs', '5', '--json').out);
  assert.equal(j.baseline.kind, 'majority');
  assert.equal(j.rows.length, 6);
  const p = cli('train', 'xor', '--preset', 'polynomial-logistic', '--json', '--epochs', '50');
  assert.equal(JSON.parse(p.out.split('\n')[0]!).model.parameterCount, 6);
  assert.match(cli('train', 'xor', '--preset', 'quadratic').err, /--preset: there is no preset "quadratic"/);
});

test('a diverging run exits 3 and says what to do', () => {
  const r = cli('train', 'plane', '--lr', '50', '--optimizer', 'sgd', '--model', '16,16', '--activation', 'relu', '--epochs', '20');
  assert.equal(r.code, 3);
  assert.match(r.err, /the run diverged at step \d+ .*To fix it, lower the learning rate from 50 to 0\.01/);
});

// Issue 13: the data decisions before the first epoch, in text and in --json's started event.
test('train prints what is predicted from what, rows dropped and columns ignored, before the first epoch', () => {
  const file = join(__dirname, 'data', 'corpus', 'names-and-gaps.csv');
  const r = cli('train', file, '--epochs', '1');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.equal(lines[0], 'Predicting Species (classification, 3 classes) from 3 features (4 inputs after encoding) · 28 of 30 rows (2 with missing values dropped) · ignored: Name (identifier)');
  assert.equal(lines[1], '  ignored Name: a different value on every row (an identifier)');
  assert.match(lines[2]!, /^Training 4-8-8-3/);
  const j = cli('train', file, '--epochs', '1', '--json');
  const d = JSON.parse(j.out.split('\n')[0]!).dataset;
  assert.equal(d.label, 'Species');
  assert.equal(d.task, 'classification');
  assert.deepEqual(d.classes, ['Adelie', 'Chinstrap', 'Gentoo']);
  assert.deepEqual(d.features, ['Island=Biscoe', 'Island=Dream', 'Bill', 'Flipper']);
  assert.deepEqual([d.rowsInFile, d.rowsUsed], [30, 28]);
  assert.deepEqual(d.rowsDropped, [{ reason: 'missing values', count: 2 }]);
  assert.deepEqual(d.ignoredColumns.map((c: { name: string; reason: string }) => [c.name, c.reason]), [['Name', 'identifier']]);
  assert.equal(d.trainRows + d.validationRows, 28);
});

test('limits are flags: --max-categories keeps a 250-class label, --max-megabytes refuses, naming the flag', () => {
  const file = join(__dirname, 'data', 'corpus', 'many-classes.csv');
  const ok = cli('inspect', file, '--max-categories', '250', '--json');
  assert.equal(ok.code, 0, ok.err);
  assert.equal(JSON.parse(ok.out).decisions.classes.length, 250);
  const small = cli('inspect', file, '--max-megabytes', '0.001');
  assert.equal(small.code, 2);
  assert.match(small.err, /dataset\.maxMegabytes: found 0\.001; expected a number from 1/);
  const big = cli('inspect', file, '--max-megabytes', '1', '--max-categories', '250');
  assert.equal(big.code, 0, big.err);
});

test('a loss far above chance that never becomes NaN is diverged: exit 3 with the learning rate named', () => {
  const r = cli('train', 'spiral', '--lr', '100', '--optimizer', 'sgd', '--epochs', '20');
  assert.equal(r.code, 3, r.out);
  assert.match(r.err, /after epoch 1 the training loss is [\d.]+, over 10× the 0\.693 of predicting the class priors\. To fix it, lower the learning rate from 100 to 0\.01/);
});

test('--model 1000000000 is refused within a second, before any allocation', () => {
  const t0 = Date.now();
  const r = cli('train', 'spiral', '--model', '1000000000');
  assert.equal(r.code, 2);
  // Node's own start-up is included; the refusal itself is microseconds.
  assert.ok(Date.now() - t0 < 3000, `${Date.now() - t0} ms`);
});

test('a closed stdout (| head) ends quietly with exit 0, for train, train --json and wann', () => {
  for (const args of [['train', 'spiral', '--epochs', '300'], ['train', 'spiral', '--epochs', '300', '--json'], ['wann', 'xor']]) {
    const r = spawnSync('bash', ['-c', `set -o pipefail; node ${JSON.stringify(bin)} ${args.join(' ')} | head -1 >/dev/null`], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /EPIPE|at /, args.join(' '));
  }
});

test('experiment files: a BOM, // and /* */ comments and trailing commas are accepted; errors name line and column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glab-jsonc-'));
  const file = join(dir, 'c.glab.json');
  writeFileSync(file, '\uFEFF{\n  // the data\n  "dataset": "xor", /* built in */\n  "training": { "epochs": 2, },\n}\n');
  const ok = cli('train', '--config', file, '--json');
  assert.equal(ok.code, 0, ok.err);
  writeFileSync(file, '{\n  "dataset": "xor"\n  "training": {}\n}\n');
  const bad = cli('train', '--config', file);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /not valid JSON at line 3, column 3: unexpected """ after the value of "dataset"; expected , or \} \(a comma may be missing\)/);
});
