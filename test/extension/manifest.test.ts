import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CMD } from '../../extension/command-ids';
import { activationEvents, capabilities, contributes } from '../../extension/manifest';
import { parseFromWebview } from '../../webview/protocol';
import { ROOT } from './helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

test('package.json carries the manifest extension/manifest.ts builds (run scripts/update-manifest.ts if not)', () => {
  assert.deepEqual(pkg.contributes, JSON.parse(JSON.stringify(contributes())));
  assert.deepEqual(pkg.activationEvents, activationEvents);
  assert.deepEqual(pkg.capabilities, capabilities);
  assert.equal(pkg.main, './dist/extension.js');
});

test('every command is declared, in the Gradient Lab category, and activation is never "*"', () => {
  const declared = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  for (const id of Object.values(CMD)) assert.ok(declared.has(id), id);
  assert.ok(pkg.contributes.commands.every((c: { category: string }) => c.category === 'Gradient Lab'));
  assert.ok(!pkg.activationEvents.includes('*'));
  for (const s of Object.keys(pkg.contributes.configuration.properties)) {
    assert.match(s, /^gradientLab\./);
    assert.ok(pkg.contributes.configuration.properties[s].description, `${s} has a description`);
  }
});

test('run commands are hidden from the palette when there is no run', () => {
  const when = Object.fromEntries(pkg.contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
  for (const id of [CMD.pause, CMD.step, CMD.stop, CMD.reset, CMD.start]) assert.match(when[id], /gradientLab\.(hasRun|runActive|runState)/, id);
});

test('webview messages are validated: only exact, in-range intents pass', () => {
  assert.deepEqual(parseFromWebview({ type: 'control', action: 'pause' }), { type: 'control', action: 'pause' });
  assert.deepEqual(parseFromWebview({ type: 'setControls', controls: { hidden: [4, 4], epochs: 3 } }), { type: 'setControls', controls: { hidden: [4, 4], epochs: 3 } });
  for (const bad of [
    null, 'ready', [], {}, { type: 'control', action: 'rm -rf' }, { type: 'setInit', init: 'he' }, { type: 'setLearningRate', learningRate: -1 },
    { type: 'setLearningRate', learningRate: Infinity }, { type: 'setLearningRate', learningRate: '0.1' }, { type: 'setControls', controls: { epochs: 1.5 } },
    { type: 'setControls', controls: { hidden: new Array(100).fill(1) } }, { type: 'setControls', controls: { batchSize: 8, evil: true } }, { type: 'setOptimizer', optimizer: '__proto__' },
  ]) {
    assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
  }
});
