/**
 * No spread (`f(...xs)`) or `apply` of arrays in engine/: each spread element becomes a call
 * argument on the stack, and past ~120k elements the call throws "Maximum call stack size
 * exceeded" (it did: split.ts push(...group), describe.ts Math.max(...names)). The engine's
 * arrays are data-sized, so the rule is absolute there; array and object literals ([...a], {...o})
 * copy without the stack and stay allowed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { Prng } from '../../engine/prng';
import { splitDataset } from '../../engine/data/split';
import { describe, formatSummary } from '../../engine/data/describe';
import { Dataset } from '../../engine/data/dataset';

const ROOT = join(import.meta.dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? tsFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** Spread arguments of calls and `new`, and `x.y.apply(…)` / `f.apply(null, …)`, with their positions. */
export function spreadCalls(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const where = (n: ts.Node): string => `${relative(ROOT, file)}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.getText().slice(0, 80)}`;
  const visit = (n: ts.Node): void => {
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && n.arguments?.some(ts.isSpreadElement)) found.push(where(n));
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'apply') {
      const target = n.expression.expression;
      const first = n.arguments[0];
      const fnApply = ts.isPropertyAccessExpression(target) || (first !== undefined && (first.kind === ts.SyntaxKind.NullKeyword || first.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(first) && first.text === 'undefined')));
      if (fnApply) found.push(where(n));
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return found;
}

test('engine/ has no spread arguments or Function.apply (they overflow the stack on data-sized arrays)', () => {
  const found = tsFiles(join(ROOT, 'engine')).flatMap(spreadCalls);
  assert.deepEqual(found, [], `spread or apply in engine/:\n${found.join('\n')}`);
});

test('the checker itself finds push(...xs), Math.max(...xs) and Math.max.apply', () => {
  const probe = join(import.meta.dirname, 'spread-probe.fixture.ts');
  assert.deepEqual(spreadCalls(probe).map((s) => s.replace(/^.*:(\d+):/, '$1:')), [
    '3: a.push(...b)',
    '4: Math.max(...b)',
    '5: Math.max.apply(null, b)',
  ]);
});

test('split and describe handle 300,000 rows of one class and 130,001 columns', () => {
  const rows = 300_000;
  const ds: Dataset = {
    source: 'big', task: 'classification', rows, features: 1, x: new Float32Array(rows), y: new Float32Array(rows),
    targets: 1, featureNames: ['x'], labelName: 'y', classNames: ['a', 'b'],
  };
  ds.y[0] = 1;
  const split = splitDataset(ds, 0.2, new Prng(1));
  assert.equal(split.train.rows + split.validation.rows, rows);
  assert.equal(split.validation.rows, 60_000);
  const wide: Dataset = {
    source: 'wide', task: 'regression', rows: 1, features: 130_001, x: new Float32Array(130_001), y: new Float32Array(1),
    targets: 1, featureNames: Array.from({ length: 130_001 }, (_, k) => `c${k}`), labelName: 'y',
  };
  const text = formatSummary(describe(wide));
  assert.match(text, /and 129961 more columns/);
});
