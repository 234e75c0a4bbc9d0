/*
 * PyTorch export: for the same four models, train.py --predict writes the predictions
 * `gradient-lab predict` writes (within 1e-5); train.py trained from the config on Iris lands
 * within 3 points of the engine's validation accuracy; torchrun --nproc_per_node=2 train.py
 * finishes on Iris and on the digits CNN with an accuracy in the engine's range. Needs Python with
 * torch (Debian's python3-torch; CI requires it, see models.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { MODELS, TRANSFORM_MODELS, TestModel, cli, readPredictionCsv, requireTorch, root, runFolder, scratch } from './models';

const python = requireTorch();
const skip = python ? false : 'needs Python with torch (apt-get install python3-torch python3-onnx)';

before(() => {
  assert.ok(existsSync(join(root, 'dist', 'cli.js')), 'dist/cli.js is missing: run "npm run build" (npm test does)');
});

const exported = new Map<string, string>();
function exportPytorch(m: TestModel): string {
  let dir = exported.get(m.name);
  if (dir) return dir;
  dir = join(scratch(`pytorch-${m.name}`), 'project');
  const r = cli('export', runFolder(m), '--format', 'pytorch', '--out', dir);
  assert.equal(r.code, 0, r.err);
  for (const f of ['model.py', 'data.py', 'train.py', 'model.json', 'weights.bin', 'config.json', 'README.md', 'preprocessing.json']) assert.ok(existsSync(join(dir, f)), f);
  exported.set(m.name, dir);
  return dir;
}

function runPython(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(python!, args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, OMP_NUM_THREADS: '1', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The last JSON line a training prints: its summary. */
function summaryOf(out: string): { valAccuracy: number } & Record<string, unknown> {
  const line = out.trim().split('\n').reverse().find((l) => l.includes('"type": "summary"'));
  assert.ok(line, `no summary in:\n${out.slice(-2000)}`);
  return JSON.parse(line.replace(/^\[default0\]:/, ''));
}

const measured: string[] = [];

for (const m of [...MODELS, ...TRANSFORM_MODELS]) {
  test(`PyTorch: ${m.name} — train.py --predict matches gradient-lab predict within 1e-5`, { skip }, () => {
    const project = exportPytorch(m);
    const ours = join(project, 'engine.csv'), theirs = join(project, 'torch.csv');
    const a = cli('predict', runFolder(m), m.dataFile, '--out', ours);
    assert.equal(a.code, 0, a.err);
    const b = runPython(['train.py', '--predict', m.dataFile, '--out', theirs], project);
    assert.equal(b.code, 0, b.err);
    const e = readPredictionCsv(readFileSync(ours, 'utf8')), t = readPredictionCsv(readFileSync(theirs, 'utf8'));
    assert.deepEqual(t.header, e.header);
    assert.equal(t.rows.length, e.rows.length);
    assert.ok(e.rows.length >= 150, `${e.rows.length} rows`);
    const regression = e.header.length === 2;
    let max = 0, scale = 1, disagree = 0;
    e.rows.forEach((row, r) => {
      const other = t.rows[r]!;
      assert.equal(other[0], row[0]);
      if (other[1] !== row[1]) disagree++;
      for (let c = regression ? 1 : 2; c < row.length; c++) {
        max = Math.max(max, Math.abs(Number(other[c]) - Number(row[c])));
        scale = Math.max(scale, regression ? Math.abs(Number(row[c])) : 1);
      }
    });
    assert.ok(max / scale <= 1e-5, `largest |PyTorch − engine| ${max} (scale ${scale})`);
    if (!regression) assert.ok(disagree <= 1, `${disagree} rows predicted differently`); // a near-tie may round either way
    // Both report the same score line when the file has the label.
    assert.match(a.out, /(accuracy [\d.]+%|R² -?[\d.]+) on [\d,]+ labelled rows/);
    assert.equal(b.out.match(/(accuracy [\d.]+%|R² -?[\d.]+) on [\d,]+ labelled rows/)?.[0].split(' on')[0], a.out.match(/(accuracy [\d.]+%|R² -?[\d.]+) on/)?.[0].replace(' on', ''));
    measured.push(`${m.name}: largest |PyTorch − engine| = ${max.toExponential(2)} on ${e.rows.length} rows of ${m.dataFile.split('/').pop()}`);
  });
}

test('PyTorch: train.py trains Iris from the config to within 3 points of the engine\'s validation accuracy, on the same validation rows', { skip }, () => {
  const m = MODELS.find((x) => x.name === 'iris-mlp')!;
  const project = exportPytorch(m);
  const engine = JSON.parse(readFileSync(join(runFolder(m), 'summary.json'), 'utf8'));
  const r = runPython(['train.py', '--save', join(project, 'single.pt')], project);
  assert.equal(r.code, 0, r.err);
  const s = summaryOf(r.out);
  assert.equal(s.validationRows, 75);
  assert.equal(s.epochs, 60);
  const points = 100 * Math.abs(s.valAccuracy - engine.valAccuracy);
  assert.ok(points <= 3, `PyTorch ${s.valAccuracy} vs engine ${engine.valAccuracy}: ${points.toFixed(2)} points`);
  assert.match(r.out, /^epoch 60\/60 /m);
  // The trained weights predict through the same path.
  const p = runPython(['train.py', '--predict', m.dataFile, '--weights', join(project, 'single.pt')], project);
  assert.equal(p.code, 0, p.err);
  assert.match(p.err, /accuracy (9\d|100)\.\d% on 150 labelled rows/);
  measured.push(`iris: validation accuracy engine ${(100 * engine.valAccuracy).toFixed(1)}%, PyTorch train.py ${(100 * s.valAccuracy).toFixed(1)}%`);
});

for (const name of ['iris-mlp', 'digits-cnn']) {
  test(`PyTorch: torchrun --nproc_per_node=2 train.py finishes on ${name} with an accuracy in the engine's range`, { skip }, () => {
    const m = MODELS.find((x) => x.name === name)!;
    const project = exportPytorch(m);
    const engine = JSON.parse(readFileSync(join(runFolder(m), 'summary.json'), 'utf8'));
    // Debian's torch 1.13 on Python 3.11 cannot parse torchrun's default --tee/--redirects of 0
    // (Python 3.11's enum flags), so the test names them; newer torch needs neither.
    const torchrun = join(python!, '..', 'torchrun');
    // --standalone: a rendezvous on a free local port (the default 29500 may be taken by another job).
    const r = spawnSync(torchrun, ['--standalone', '--nproc_per_node=2', '--tee', '2', '--redirects', '2', 'train.py', '--save', join(project, 'ddp.pt')], {
      cwd: project, encoding: 'utf8', timeout: 300_000, env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    assert.equal(r.status, 0, `${r.stdout.slice(-1500)}\n${r.stderr.slice(-3000)}`);
    const s = summaryOf(r.stdout);
    assert.equal(s.processes, 2);
    // Rank 0 alone logs: one line per epoch, not two.
    const epochs = r.stdout.split('\n').filter((l) => /^(\[default\d\]:)?epoch \d+\//.test(l));
    assert.equal(epochs.length, s.epochs, epochs.join('\n'));
    const points = 100 * Math.abs(s.valAccuracy - engine.valAccuracy);
    assert.ok(points <= 6, `torchrun ${s.valAccuracy} vs engine ${engine.valAccuracy}: ${points.toFixed(2)} points apart`);
    measured.push(`${name}: validation accuracy engine ${(100 * engine.valAccuracy).toFixed(1)}%, torchrun ×2 ${(100 * s.valAccuracy).toFixed(1)}%`);
  });
}

test('PyTorch: measured differences', { skip }, () => {
  console.log(measured.join('\n'));
  assert.ok(measured.length >= MODELS.length);
});
