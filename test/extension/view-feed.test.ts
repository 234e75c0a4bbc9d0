/**
 * Flow control to a webview (extension/view-feed.ts): one update out at a time; what comes
 * meanwhile is merged (the latest unkept step only), a snapshot replaces what it covers, and a
 * view far behind gets one snapshot instead of a backlog.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StepEvent } from '../../engine/protocol/training';
import { ViewFeed } from '../../extension/view-feed';
import type { ToWebview } from '../../webview/protocol';

const step = (n: number): StepEvent => ({ type: 'step', step: n, epoch: 1, loss: 1, gradNorm: 1, learningRate: 0.1 });
const events = (...steps: number[]): ToWebview => ({ type: 'events', runId: 'r', events: steps.map(step) });
const snapshot: ToWebview = { type: 'snapshot', snapshot: null, controls: {} as never };

test('a view gets no second update of events before it acknowledges the first, then one merged update', () => {
  const sent: ToWebview[] = [];
  const feed = new ViewFeed((m) => sent.push(m), () => snapshot);
  feed.push(events(1, 2));
  assert.equal(sent.length, 1);
  feed.push(events(3));
  feed.push(events(257, 300, 301));
  assert.equal(sent.length, 1, 'no events until the ack');
  feed.push({ type: 'status', runId: 'r', status: 'paused' });
  assert.equal(sent.length, 2, 'a status change is not held back');
  assert.deepEqual(sent[1], { type: 'update', seq: 0, messages: [{ type: 'status', runId: 'r', status: 'paused' }] });
  sent.pop();
  feed.ack(99);
  assert.equal(sent.length, 1, 'an ack of another update does not count');
  const first = sent[0]!;
  assert.ok(first.type === 'update');
  feed.ack(first.seq);
  assert.equal(sent.length, 2);
  const second = sent[1]!;
  assert.ok(second.type === 'update');
  const merged = second.messages[0]!;
  // 257 and 301 are steps the rule leaves out; 301 is the latest, so it stays.
  assert.ok(merged.type === 'events');
  assert.deepEqual(merged.events.map((e) => (e as StepEvent).step), [3, 300, 301]);
  assert.equal(second.messages.length, 1);
});

test('a view far behind gets one snapshot, never a backlog; a reloaded view starts over', () => {
  const sent: ToWebview[] = [];
  const feed = new ViewFeed((m) => sent.push(m), () => snapshot, { maxEvents: 100 });
  feed.push(events(1));
  for (let i = 2; i <= 250; i++) feed.push(events(i));
  assert.equal(sent.length, 1);
  // Past 100 held events the backlog became the snapshot; what came after it follows it.
  assert.equal(feed.held[0], snapshot, 'the backlog became the snapshot');
  assert.equal(feed.held.length, 2);
  const after = feed.held[1]!;
  assert.ok(after.type === 'events' && after.events.length < 100, 'and no backlog after it');
  feed.restart(snapshot);
  assert.equal(sent.length, 2, 'a view that said ready is sent its replay at once');
  assert.ok(sent[1]!.type === 'update' && sent[1]!.messages[0]!.type === 'snapshot');
});
