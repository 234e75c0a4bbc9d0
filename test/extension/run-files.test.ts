/**
 * Locations as the run store names files: OS paths in the Node host, URI strings elsewhere.
 * A dataset path stored by either host is read back the same way by the other: inside the
 * workspace folder it is stored relative (decoded, `/`-separated), and a stored absolute path
 * (a URI, `/x`, `C:\x`) is never joined onto a folder.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAbsoluteStored, isUriLocation, uriWithin } from '../../extension/run-files';
import { nodeRunFiles } from '../../extension/run-files-node';
import { resolvedDatasetPath, storedDatasetPath } from '../../extension/run-store';

test('a URI string is a location with a scheme; a Windows drive or a POSIX path is not', () => {
  for (const l of ['vscode-vfs://github/owner/repo/data/iris.csv', 'file:///home/me/ws', 'vscode-remote://ssh-remote%2Bbox/home/me']) assert.ok(isUriLocation(l), l);
  for (const l of ['/home/me/ws', 'C:\\Users\\me\\ws', 'c:/ws', 'data/iris.csv', '.gradient-lab/runs']) assert.ok(!isUriLocation(l), l);
});

test('a URI inside the workspace folder is stored relative, decoded; outside it, or the folder itself, is not', () => {
  const ws = 'vscode-vfs://github/owner/repo';
  assert.equal(uriWithin(ws, `${ws}/data/my%20iris.csv`), 'data/my iris.csv');
  assert.equal(uriWithin(`${ws}/`, `${ws}/iris.csv`), 'iris.csv', 'a trailing slash on the folder');
  assert.equal(uriWithin(ws, 'vscode-vfs://github/owner/repo-other/iris.csv'), undefined, 'a sibling with the same prefix is outside');
  assert.equal(uriWithin(ws, 'vscode-vfs://github/other/repo/iris.csv'), undefined);
  assert.equal(uriWithin(ws, ws), undefined);
  assert.equal(uriWithin(ws, `${ws}/bad%E0%A4%A.csv`), undefined, 'a malformed escape is left absolute rather than guessed');
});

test('stored absolute paths of either host are kept as written; relative ones resolve against the workspace folder', () => {
  for (const p of ['vscode-vfs://github/o/r/x.csv', '/home/me/x.csv', '\\\\server\\share\\x.csv', 'C:\\data\\x.csv', 'd:/x.csv']) assert.ok(isAbsoluteStored(p), p);
  for (const p of ['data/x.csv', 'x.csv', './x.csv']) assert.ok(!isAbsoluteStored(p), p);
  // The Node host's files: a path a browser session stored (a URI) stays a URI.
  assert.equal(resolvedDatasetPath(nodeRunFiles, 'vscode-vfs://github/o/r/x.csv', '/ws'), 'vscode-vfs://github/o/r/x.csv');
  assert.equal(resolvedDatasetPath(nodeRunFiles, 'data/x.csv', '/ws'), join('/ws', 'data', 'x.csv'));
  assert.equal(storedDatasetPath(nodeRunFiles, 'vscode-vfs://github/o/r/x.csv', '/ws'), 'vscode-vfs://github/o/r/x.csv');
});
