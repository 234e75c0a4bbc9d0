/* The `gradient-lab landscape` command: each subcommand's text and JSON, and its user errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../../engine/errors';
import { LANDSCAPE_HELP, landscapeCommand } from '../../../engine/node/landscape-command';

/** Runs the command with captured output streams. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const stream = (write: (s: string) => void) => ({ write: (s: string) => (write(s), true), isTTY: false }) as unknown as NodeJS.WriteStream;
  const code = await landscapeCommand(args, stream((s) => (out += s)), stream((s) => (err += s)));
  return { code, out, err };
}

test('help, and unknown subcommands', async () => {
  assert.equal((await run('--help')).out, LANDSCAPE_HELP + '\n');
  await assert.rejects(run('frob'), (e: unknown) => e instanceof UserError && /no "landscape frob"/.test(e.message));
});

test('surface: text says whether the grid shows convexity; --json is a surface event; negative ranges parse', async () => {
  assert.match((await run('surface', '--loss', 'mse-on-sigmoid')).out, /NOT convex: \d+ of \d+ segments/);
  assert.match((await run('surface', '--loss', 'binary-cross-entropy', '--resolution', '21')).out, /no negative curvature on the grid/);
  const json = JSON.parse((await run('surface', '--loss', 'mse', '--w', '-1,3', '--b', '-2,2', '--resolution', '11', '--noise', '0', '--json')).out);
  assert.equal(json.type, 'surface');
  assert.equal(json.grid.values.length, 121);
  assert.deepEqual([json.grid.xAxis[0], json.grid.yAxis[0]], [-1, -2]);
  assert.equal(json.convexity.violations, 0);
  await assert.rejects(run('surface', '--loss', 'softmax-cross-entropy'), /no two-parameter surface/);
  await assert.rejects(run('surface', '--w', '3,1'), /not a range/);
});

test('race: a table with one row per optimizer; --json has every point; bad optimizers are named', async () => {
  const { out } = await run('race', 'rosenbrock', '--optimizers', 'sgd:0.001,adam:0.05', '--steps', '2000');
  assert.match(out, /^Race on rosenbrock/);
  assert.match(out, /adam 0\.05 .* \(1, 1\) at .* \d+\n/);
  const json = JSON.parse((await run('race', 'saddle', '--optimizers', 'momentum:0.01', '--steps', '10', '--json')).out);
  assert.equal(json.racers[0].xs.length, 11);
  await assert.rejects(run('race', 'bowl', '--optimizers', 'lbfgs:1'), /names no optimizer/);
  await assert.rejects(run('race', 'ackley'), /one test function/);
});

test('convexity, slice and curvature run end to end on small settings', async () => {
  const c = (await run('convexity', '--resolution', '21')).out;
  assert.match(c, /mse-on-sigmoid[\s\S]*NOT convex[\s\S]*binary-cross-entropy[\s\S]*no negative curvature/);
  const slice = JSON.parse((await run('slice', 'circle', '--model', '4', '--epochs', '3', '--resolution', '7', '--directions', 'pca', '--json')).out);
  assert.equal(slice.type, 'landscape');
  assert.equal(slice.grid.values.length, 49);
  assert.equal(slice.trajectory.alpha.length, 4);
  assert.match((await run('curvature', 'circle', '--model', '4', '--epochs', '2')).out, /λ_max = .*λ_min = [\s\S]*(convex here|saddle|plateau)/);
  await assert.rejects(run('slice', 'circle', '--epochs', '0', '--directions', 'pca'), /at least 3 points/);
});
