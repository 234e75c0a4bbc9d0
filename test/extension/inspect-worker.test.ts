/*
 * Inspect Dataset parses in a worker in every workspace: a local file the worker reads by path,
 * and a file it asks the extension host for by URI (a browser host, a virtual workspace: there
 * the host reads it through workspace.fs; here a host serving a folder of this disk stands in
 * for it, with the same protocol). Both give the same summary, IDX pairs and image-free folders
 * included; a bad file's error comes back as a user error naming the file, not a dead worker.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { UserError } from '../../engine/errors';
import { inspectInWorker } from '../../extension/inspect-worker';
import { WorkerHost } from '../../extension/worker-host';
import { nodeWorker } from '../../extension/worker-node';
import { diskFileServer, ROOT, workerBundle } from './helpers';

const served = diskFileServer();
const byPathWorker = () => new WorkerHost(nodeWorker(workerBundle()));
const byUriWorker = () => new WorkerHost(nodeWorker(workerBundle()), served.serve);
const scratch = mkdtempSync(join(tmpdir(), 'gl-inspect-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('a file read by path and the same file asked of the host by URI give the same summary', async () => {
  const iris = join(ROOT, 'samples', 'iris.csv');
  const byPath = await inspectInWorker(byPathWorker, iris, {});
  const byUri = await inspectInWorker(byUriWorker, served.uri(iris), {});
  assert.ok(byPath && byUri);
  assert.equal(byPath.rows, 150);
  assert.equal(byUri.rows, byPath.rows);
  assert.equal(byUri.label, byPath.label);
  assert.deepEqual(byUri.decisions.features, byPath.decisions.features);
  assert.ok(served.asked.some((r) => r.op === 'read' && r.location.endsWith('/iris.csv')), 'the worker asked the host for the file');
});

test('an IDX .gz pair asked of the host: the partner is found beside it by URI', async () => {
  const images = join(ROOT, 'samples', 'digits', 't10k-images-idx3-ubyte.gz');
  const byPath = await inspectInWorker(byPathWorker, images, {});
  const byUri = await inspectInWorker(byUriWorker, served.uri(images), {});
  assert.ok(byPath && byUri);
  assert.equal(byUri.rows, byPath.rows);
  assert.deepEqual(byUri.imageShape, byPath.imageShape);
  assert.ok(served.asked.some((r) => r.location.endsWith('/t10k-labels-idx1-ubyte.gz')), 'the labels file was asked for');
});

test('a file that is not a dataset comes back as a user error with the file name', async () => {
  const broken = join(scratch, 'broken file.csv');
  writeFileSync(broken, 'a,b\n1\n');
  await assert.rejects(inspectInWorker(byUriWorker, served.uri(broken), {}), (e: Error) => {
    assert.ok(e instanceof UserError, `${e.name}: ${e.message}`);
    assert.match(e.message, /broken%20file\.csv/);
    return true;
  });
});

test('a missing file asked of the host is a user error, and so is a worker with no host to ask', async () => {
  await assert.rejects(inspectInWorker(byUriWorker, served.uri(join(scratch, 'nope.csv')), {}), /does not exist/);
  await assert.rejects(inspectInWorker(byPathWorker, served.uri(join(ROOT, 'samples', 'iris.csv')), {}), /cannot read files for the worker|does not exist/);
});
