/*
 * Inspect Dataset parses in a worker in every workspace: a local file by path, and a virtual
 * workspace's file (read by the extension through workspace.fs) as bytes. Both give the same
 * summary; a bad file's error comes back as a user error, not a dead worker.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../engine/errors';
import { inspectInWorker } from '../../extension/inspect-worker';
import { WorkerHost } from '../../extension/worker-host';
import { ROOT, workerBundle } from './helpers';

const iris = join(ROOT, 'samples', 'iris.csv');
const newWorker = () => new WorkerHost(workerBundle());

test('a file read by path and the same bytes sent to the worker give the same summary', async () => {
  const byPath = await inspectInWorker(newWorker, iris, {});
  const byBytes = await inspectInWorker(newWorker, { name: 'iris.csv', bytes: new Uint8Array(readFileSync(iris)) }, {});
  assert.ok(byPath && byBytes);
  assert.equal(byPath.rows, 150);
  assert.equal(byBytes.rows, byPath.rows);
  assert.equal(byBytes.label, byPath.label);
  assert.deepEqual(byBytes.decisions.features, byPath.decisions.features);
});

test('bytes that are not a dataset come back as a user error with the file name', async () => {
  await assert.rejects(inspectInWorker(newWorker, { name: 'broken.csv', bytes: new TextEncoder().encode('a,b\n1\n') }, {}), (e: Error) => {
    assert.ok(e instanceof UserError, `${e.name}: ${e.message}`);
    assert.match(e.message, /broken\.csv/);
    return true;
  });
});
