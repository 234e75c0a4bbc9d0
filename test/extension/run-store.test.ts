/**
 * The run store on real folders: each kind of damage the issue saw (config.json `{}`, `[]`,
 * `{"dataset": null}`, torn or missing; summary.json `42` or `"finished"`; orphan temp files of
 * a killed writer; a weights.bin without its weights.json) is listed as damaged with what is
 * wrong while the intact runs list as usual, and nothing throws.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { parseConfig } from '../../engine/config-parse';
import type { SummaryEvent } from '../../engine/protocol/training';
import { describeRun, runLabel, runTooltip } from '../../extension/run-text';
import { listRuns, readRun, readWeights, removeOrphanTempFiles, resolvedDatasetPath, RunWriter, storedDatasetPath } from '../../extension/run-store';
import { nodeRunFiles } from '../../extension/run-files-node';

let folder = '';
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gl-store-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const SUMMARY: SummaryEvent = { type: 'summary', status: 'finished', epochs: 3, steps: 30, trainLoss: 0.2, valLoss: 0.25, valAccuracy: 0.9, parameterCount: 33, distinctNeurons: [8], samplesPerSecond: 1000, elapsedSeconds: 0.5 };
const WEIGHTS = { type: 'weights' as const, params: [{ name: 'dense1/w', shape: [2, 3], values: new Float32Array([1, 2, 3, 4, 5, 6]) }, { name: 'dense1/b', shape: [3], values: new Float32Array([0.5, -0.5, 0]) }] };

/** A complete finished run, as the extension writes it; `minute` orders the folders. */
async function intactRun(name: string, minute: number): Promise<string> {
  const w = await RunWriter.create(nodeRunFiles, folder, parseConfig({ name, dataset: 'circle' }), new Date(Date.UTC(2026, 0, 1, 10, minute)));
  w.appendLines(`${JSON.stringify({ type: 'epoch', epoch: 1, step: 10, trainLoss: 0.5, layers: [] })}\n`);
  w.writeSummary(SUMMARY);
  w.writeWeights(WEIGHTS);
  await w.flush();
  return w.dir;
}

async function damagedFolder(id: string, files: Record<string, string>): Promise<void> {
  await mkdir(join(folder, id));
  for (const [f, text] of Object.entries(files)) await writeFile(join(folder, id, f), text);
}

test('a wrong-shaped, torn or missing config.json is listed as damaged; the intact runs still list', async () => {
  const a = await intactRun('first', 1);
  const b = await intactRun('second', 2);
  const cases: [string, string | undefined, RegExp][] = [
    ['empty-object', '{}', /config\.json has no dataset/],
    ['a-list', '[]', /config\.json holds a list/],
    ['null-dataset', '{"dataset": null}', /config\.json has no dataset/],
    ['torn', '{"name": "x", "dataset": {"synth', /config\.json is not valid JSON/],
    ['empty-file', '', /config\.json is empty/],
    ['missing', undefined, /config\.json is missing/],
    ['bad-field', '{"name": "x", "dataset": {"synthetic": "circle"}, "optimizer": {"kind": "adamax"}}', /optimizer\.kind/],
  ];
  for (const [i, [id, text]] of cases.entries()) await damagedFolder(`2026-01-01T09-0${i}-00-000Z-${id}`, text === undefined ? { 'metrics.jsonl': '' } : { 'config.json': text });
  const runs = await listRuns(nodeRunFiles, folder);
  assert.equal(runs.length, cases.length + 2);
  const intact = runs.filter((r) => !r.damage);
  assert.deepEqual(intact.map((r) => [r.dir, r.name, r.status]), [[b, 'second', 'finished'], [a, 'first', 'finished']]);
  for (const [id, , problem] of cases) {
    const r = runs.find((x) => x.id.endsWith(id))!;
    assert.match(r.damage ?? '', problem, `${id}: ${r.damage}`);
    assert.equal(r.name, r.id, 'a run without a readable config is named by its folder');
  }
});

test('a summary.json of 42, "finished", a torn one or an unknown status is damage; a missing one means interrupted', async () => {
  const config = JSON.stringify(parseConfig({ name: 'x', dataset: 'circle' }));
  const cases: [string, string | undefined, RegExp | undefined][] = [
    ['number', '42', /summary\.json holds 42/],
    ['string', '"finished"', /summary\.json holds "finished"/],
    ['torn', '{"type": "summary", "status": "fini', /summary\.json is not valid JSON/],
    ['unknown-status', '{"status": "great"}', /unknown status "great"/],
    ['loss-text', '{"status": "finished", "epochs": 1, "steps": 1, "trainLoss": "low"}', /trainLoss is not a number/],
    ['absent', undefined, undefined],
  ];
  for (const [i, [id, text]] of cases.entries()) await damagedFolder(`2026-01-01T09-0${i}-00-000Z-${id}`, { 'config.json': config, ...(text === undefined ? {} : { 'summary.json': text }) });
  const runs = await listRuns(nodeRunFiles, folder);
  for (const [id, , problem] of cases) {
    const r = runs.find((x) => x.id.endsWith(id))!;
    assert.equal(r.name, 'x');
    assert.equal(r.status, 'interrupted', id);
    if (problem) assert.match(r.damage ?? '', problem, id);
    else assert.equal(r.damage, undefined, `${id}: no summary is an interrupted run, not damage`);
  }
});

test('orphan temp files of a dead writer are removed on start; a live writer\'s are kept', async () => {
  const dir = await intactRun('tmp', 1);
  // A process that has exited: its pid names the orphans.
  const child = spawn(process.execPath, ['-e', '0']);
  const deadPid = child.pid!;
  await new Promise((r) => child.on('exit', r));
  await writeFile(join(dir, `summary.json.${deadPid}.tmp`), 'x'.repeat(1000));
  await writeFile(join(dir, `weights.bin.${deadPid}.tmp`), new Uint8Array(3000));
  await writeFile(join(dir, `config.json.${process.pid}.tmp`), 'in flight');
  const removed = await removeOrphanTempFiles(nodeRunFiles, folder);
  assert.deepEqual(removed, { files: 2, bytes: 4000 });
  assert.deepEqual((await readdir(dir)).sort(), ['config.json', `config.json.${process.pid}.tmp`, 'metrics.jsonl', 'summary.json', 'weights.bin', 'weights.json']);
  assert.deepEqual(await removeOrphanTempFiles(nodeRunFiles, join(folder, 'nowhere')), { files: 0, bytes: 0 }, 'no runs folder: nothing to do, no throw');
});

test('the weights round-trip, and a torn pair is damage: bin without index, wrong size, wrong checksum', async () => {
  const dir = await intactRun('weights', 1);
  const ok = await readWeights(nodeRunFiles, dir);
  assert.ok('params' in ok, JSON.stringify(ok));
  assert.deepEqual(ok.params.map((p) => [p.name, p.shape, [...p.values]]), [['dense1/w', [2, 3], [1, 2, 3, 4, 5, 6]], ['dense1/b', [3], [0.5, -0.5, 0]]]);
  const index = await readFile(join(dir, 'weights.json'), 'utf8');
  const bin = await readFile(join(dir, 'weights.bin'));

  // A bin of another run's values, same size: only the checksum tells.
  const other = Buffer.from(bin);
  other[0] = other[0]! ^ 0xff;
  await writeFile(join(dir, 'weights.bin'), other);
  assert.match(JSON.stringify(await readWeights(nodeRunFiles, dir)), /checksum/);
  assert.equal((await readRun(nodeRunFiles, dir, 'x')).damage, undefined, 'the listing checks sizes only (cheap); the checksum is checked on load');

  await writeFile(join(dir, 'weights.bin'), bin.subarray(0, 20));
  assert.match((await readRun(nodeRunFiles, dir, 'x')).damage ?? '', /weights\.bin has 20 bytes; weights\.json says 36/);

  await writeFile(join(dir, 'weights.bin'), bin);
  await unlink(join(dir, 'weights.json'));
  const r = await readRun(nodeRunFiles, dir, 'x');
  assert.match(r.damage ?? '', /weights\.bin has no weights\.json/);
  assert.equal(r.status, 'finished', 'the run keeps its status; only its weights are unusable');
  assert.match(JSON.stringify(await readWeights(nodeRunFiles, dir)), /no weights\.json/);

  await writeFile(join(dir, 'weights.json'), index);
  await unlink(join(dir, 'weights.bin'));
  assert.match((await readRun(nodeRunFiles, dir, 'x')).damage ?? '', /weights\.json has no weights\.bin/);
});

test('config.json stores a dataset path inside the workspace relative to it, and one outside as is', async () => {
  const ws = join(folder, 'ws');
  const inside = join(ws, 'data', 'iris.csv');
  assert.equal(storedDatasetPath(nodeRunFiles, inside, ws), 'data/iris.csv');
  assert.equal(storedDatasetPath(nodeRunFiles, '/elsewhere/iris.csv', ws), '/elsewhere/iris.csv');
  assert.equal(storedDatasetPath(nodeRunFiles, join(folder, 'ws-other', 'x.csv'), ws), join(folder, 'ws-other', 'x.csv'), 'a sibling folder with the same prefix is outside');
  assert.equal(storedDatasetPath(nodeRunFiles, inside, undefined), inside);
  assert.equal(resolvedDatasetPath(nodeRunFiles, 'data/iris.csv', '/moved/ws'), '/moved/ws/data/iris.csv');
  assert.equal(resolvedDatasetPath(nodeRunFiles, '/elsewhere/iris.csv', '/moved/ws'), '/elsewhere/iris.csv');

  const w = await RunWriter.create(nodeRunFiles, join(ws, '.gradient-lab', 'runs'), parseConfig({ name: 'iris', dataset: { file: inside, label: 'species' } }), new Date(), ws);
  const stored = JSON.parse(await readFile(join(w.dir, 'config.json'), 'utf8'));
  assert.equal(stored.dataset.file, 'data/iris.csv');
  assert.equal(stored.dataset.label, 'species');
  const [run] = await listRuns(nodeRunFiles, join(ws, '.gradient-lab', 'runs'));
  assert.equal(run!.dataset, 'iris.csv');
  assert.equal(run!.damage, undefined);
  assert.ok(!existsSync(join(w.dir, `config.json.${process.pid}.tmp`)));
});

test('the Runs tree\'s row tells runs apart and its tooltip is plain text with the whole config', async () => {
  const config = parseConfig({ name: 'seattle-weather', dataset: { file: 'data/seattle-weather.csv' }, model: { hidden: [8, 8], activation: 'tanh' }, optimizer: { kind: 'adam', learningRate: 0.01 }, init: { weights: 'he-normal' } });
  const base = { id: '2026-01-01T10-00-00-000Z-seattle-weather', dir: '/runs/x', name: config.name, dataset: 'seattle-weather.csv', config, created: 0 };
  const finished = { ...base, status: 'finished' as const, summary: { ...SUMMARY, valAccuracy: 0.8181 } };
  assert.equal(describeRun(finished), 'val acc 81.8% · 8,8 tanh · adam 0.01 · he-normal');
  assert.equal(runLabel(finished), 'seattle-weather', 'the dataset is not repeated when the name says it');
  assert.equal(runLabel({ ...finished, name: 'try 2' }), 'try 2 — seattle-weather.csv');
  assert.equal(describeRun({ ...base, status: 'stopped', summary: { ...SUMMARY, status: 'stopped', valAccuracy: 0.5 } }), 'stopped · val acc 50.0% · 8,8 tanh · adam 0.01 · he-normal');
  assert.equal(describeRun({ ...base, status: 'interrupted' }), 'interrupted · 8,8 tanh · adam 0.01 · he-normal');
  assert.equal(describeRun({ id: 'x', dir: '/runs/x', name: 'x', dataset: '', status: 'interrupted', damage: 'config.json is empty', created: 0 }), 'damaged: config.json is empty');
  // Markdown in a run name stays text: the tooltip is a plain string.
  const tip = runTooltip({ ...finished, name: '**bold** [link](command:evil)' }, undefined, undefined);
  assert.match(tip, /^\*\*bold\*\* \[link\]\(command:evil\) \(finished\)\n\/runs\/x/);
  for (const line of ['  optimizer.kind: adam', '  optimizer.learningRate: 0.01', '  model.activation: tanh', '  dataset.file: data/seattle-weather.csv', '  init.weights.kind: he-normal']) assert.ok(tip.split('\n').includes(line), `${line} in\n${tip}`);
});
