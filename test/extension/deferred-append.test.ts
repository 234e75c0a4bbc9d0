/**
 * The append the browser host's run files emulate (workspace.fs writes whole files only), on
 * real files replaced as the workspace backend replaces them (temp file, then rename): every
 * byte arrives in order, a long run costs rewrites bounded by its duration (not one per
 * batch), the file on disk is always a whole earlier version, appends continue an existing
 * file, and a failed rewrite reaches `settle`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { DeferredAppend } from '../../extension/deferred-append';
import { until } from './helpers';

let folder = '';
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gl-append-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const text = new TextEncoder();
const readText = (path: string) => readFile(path, 'utf8').catch(() => undefined);

/** A file replaced whole, as workspace.fs writes it; every version written is recorded. */
function realFile(path: string, versions: string[] = []) {
  return {
    read: async (): Promise<Uint8Array | undefined> => new Uint8Array(await readFile(path)),
    write: async (bytes: Uint8Array) => {
      versions.push(new TextDecoder().decode(bytes));
      await writeFile(`${path}.tmp`, bytes);
      await rename(`${path}.tmp`, path);
    },
  };
}
const missingOk = (f: ReturnType<typeof realFile>) => ({ ...f, read: () => f.read().catch(() => undefined) });

test('20,000 batches over about a second arrive whole and in order, in a number of rewrites bounded by the duration', async () => {
  const path = join(folder, 'metrics.jsonl');
  const versions: string[] = [];
  const a = await DeferredAppend.open({ ...missingOk(realFile(path, versions)), minIntervalMs: 100 });
  const lines: string[] = [];
  const start = Date.now();
  for (let i = 0; i < 20_000; i++) {
    const line = `${JSON.stringify({ type: 'epoch', epoch: i + 1, trainLoss: 1 / (i + 1) })}\n`;
    lines.push(line);
    a.add(text.encode(line));
    // The trainer's batches arrive over time: let the timers run now and then.
    if (i % 200 === 199) await new Promise((r) => setTimeout(r, 10));
  }
  await a.settle();
  const elapsed = Date.now() - start;
  if (process.env.GL_DEBUG) console.log(`${a.writes} rewrites of ${versions.at(-1)?.length} bytes in ${elapsed} ms`);
  assert.equal(await readText(path), lines.join(''), 'every line, in order');
  // One rewrite per 100 ms at most (plus the one settle forces), and at least the forced one.
  assert.ok(a.writes >= 1 && a.writes <= Math.ceil(elapsed / 100) + 2, `${a.writes} rewrites in ${elapsed} ms`);
  assert.ok(a.writes < 20_000 / 50, 'far fewer rewrites than batches');
  // Each version on disk was a whole prefix of the lines: never torn mid-line.
  for (const v of versions) assert.ok(lines.join('').startsWith(v) && v.endsWith('\n'), 'a whole earlier version');
});

test('a batch reaches the file on its own within the interval, without settle', async () => {
  const path = join(folder, 'metrics.jsonl');
  const a = await DeferredAppend.open({ ...missingOk(realFile(path)), minIntervalMs: 50 });
  a.add(text.encode('{"type":"started"}\n'));
  let seen: string | undefined;
  const poll = async () => (seen = await readText(path));
  // Waits for the state (the file written), polling; the helper's deadline only bounds a hang.
  for (const end = Date.now() + 120_000; (await poll()) !== '{"type":"started"}\n' && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
  assert.equal(seen, '{"type":"started"}\n');
  assert.equal(a.writes, 1);
});

test('appends continue a file that exists, and bytes added while a rewrite is in flight (the buffer grows) are kept', async () => {
  const path = join(folder, 'metrics.jsonl');
  await writeFile(path, 'line 1\n');
  const file = realFile(path);
  let release: () => void = () => undefined;
  let calls = 0;
  const a = await DeferredAppend.open({
    read: file.read,
    // The first rewrite waits until the buffer has grown past its first 64 KiB.
    write: async (bytes) => {
      if (calls++ === 0) await new Promise<void>((r) => (release = r));
      await file.write(bytes);
    },
    minIntervalMs: 0,
  });
  a.add(text.encode('line 2\n'));
  const settled = a.settle();
  const big = 'x'.repeat(200 * 1024) + '\n';
  await until(() => calls === 1, 20000, 'the first rewrite');
  a.add(text.encode(big));
  release();
  await settled;
  await a.settle();
  assert.equal(await readText(path), `line 1\nline 2\n${big}`);
});

test('a failed rewrite is reported by settle, and no later rewrite hides it', async () => {
  const path = join(folder, 'no-such-folder', 'metrics.jsonl');
  const a = await DeferredAppend.open({ ...missingOk(realFile(path)), minIntervalMs: 0 });
  a.add(text.encode('a\n'));
  await assert.rejects(a.settle(), /ENOENT/);
  a.add(text.encode('b\n'));
  await assert.rejects(a.settle(), /ENOENT/, 'the first error stays');
  assert.equal(a.writes, 0);
});
