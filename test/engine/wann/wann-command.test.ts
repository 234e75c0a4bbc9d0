import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../../engine/errors';
import { WANN_HELP, wannCommand } from '../../../engine/node/wann-command';

/** A stand-in for stdout that keeps what was written. */
function sink(): NodeJS.WriteStream & { text: string } {
  const s = { text: '', isTTY: false, write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

test('gradient-lab wann circle --json: started, one generation event each, champions, then sweep and table', async () => {
  const out = sink(), err = sink();
  assert.equal(await wannCommand(['circle', '--generations', '4', '--population', '12', '--seed', '2', '--json'], out, err), 0);
  const events = out.text.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(events[0].type, 'wann-started');
  assert.equal(events.filter((e) => e.type === 'wann-generation').length, 4);
  const champion = events.find((e) => e.type === 'wann-champion');
  assert.ok(champion.nodes.some((n: { kind: string }) => n.kind === 'output'));
  assert.equal(champion.connections.length, champion.genome.connections.length);
  assert.deepEqual(events.slice(-2).map((e) => e.type), ['wann-sweep', 'wann-table']);
  assert.equal(events.at(-1).rows.length, 5);
  assert.equal(events.at(-1).status, 'finished');
});

test('gradient-lab wann prints a line per generation and the table; same seed, same output', async () => {
  const a = sink(), b = sink();
  await wannCommand(['xor', '--generations', '3', '--population', '10'], a, sink());
  await wannCommand(['xor', '--generations', '3', '--population', '10'], b, sink());
  assert.equal(a.text.match(/^gen /gm)?.length, 3);
  assert.match(a.text, /\| random shared weight: mean ± sd over 100 draws of w from −2…2 \|/);
  assert.match(a.text, /\| tuned weights: one per connection, from w = /);
  const strip = (t: string): string => t.replace(/\d+\.\d s/g, '').replace(/[\d,]+ networks\/s/g, '');
  assert.equal(strip(a.text), strip(b.text));
});

test('gradient-lab wann: help, and user errors for bad flags and regression data', async () => {
  const out = sink();
  assert.equal(await wannCommand(['--help'], out, sink()), 0);
  assert.equal(out.text.trim(), WANN_HELP);
  await assert.rejects(wannCommand([], sink(), sink()), UserError);
  await assert.rejects(wannCommand(['circle', '--population', 'many'], sink(), sink()), /--population: "many" is not a whole number/);
  await assert.rejects(wannCommand(['plane'], sink(), sink()), /needs a classification dataset/);
});
