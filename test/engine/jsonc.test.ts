/* Experiment files are JSON with comments (issue 13): and every syntax error names line and column. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsoncSyntaxError, parseJsonc } from '../../engine/jsonc';

test('a BOM, // and /* */ comments and trailing commas are accepted; values match JSON.parse', () => {
  assert.deepEqual(parseJsonc('\uFEFF{ // c\n "a": [1, 2.5e-3, -0, true, null, "x\\"y\\u00e9",], /* b */ "b": {},\n}'), { a: [1, 2.5e-3, -0, true, null, 'x"yé'], b: {} });
  assert.deepEqual(parseJsonc('"// not a comment"'), '// not a comment');
});

test('every malformed input is refused with a line and a column, none with a bare JSON.parse message', () => {
  const cases: [string, number, number, RegExp][] = [
    ['', 1, 1, /empty/],
    ['{"a":', 1, 6, /expected a value/],
    ['{"a": 1\n "b": 2}', 2, 2, /after the value of "a"; expected , or \}/],
    ['{"a": "x\ny"}', 1, 9, /line break .* inside a string/],
    ['{"a" 1}', 1, 6, /after the field name "a"; expected :/],
    ['[1, 2', 1, 6, /expected , or \]/],
    ['{"a": tru}', 1, 7, /expected a value/],
    ['{"a": 1}}', 1, 9, /after the end of the top-level value/],
    ['{"a": -}', 1, 7, /invalid number/],
    ['{"a": 01}', 1, 7, /invalid number "01…"/],
    ["{'a': 1}", 1, 2, /expected a field name in double quotes/],
    ['{"a": 1, "a": 2}', 1, 10, /"a" appears twice/],
    ['/* open', 1, 1, /never closed/],
    ['{"a": "\\q"}', 1, 8, /invalid escape/],
  ];
  for (const [text, line, column, what] of cases) {
    assert.throws(() => parseJsonc(text), (e: unknown) => {
      assert.ok(e instanceof JsoncSyntaxError, `${JSON.stringify(text)}: ${String(e)}`);
      assert.match(e.message, what, JSON.stringify(text));
      assert.deepEqual([e.line, e.column], [line, column], `${JSON.stringify(text)}: ${e.message}`);
      return true;
    });
  }
});

test('random corruptions of a real experiment all name a line and column', () => {
  const good = '{\n  "name": "spiral",\n  "dataset": { "synthetic": "spiral", "samples": 500 },\n  "model": { "hidden": [8, 8] }\n}\n';
  let refused = 0;
  for (let i = 0; i < good.length; i++) {
    for (const edit of [(s: string) => s.slice(0, i) + s.slice(i + 1), (s: string) => s.slice(0, i) + '}' + s.slice(i), (s: string) => s.slice(0, i) + '"' + s.slice(i)]) {
      const text = edit(good);
      try {
        parseJsonc(text);
      } catch (e) {
        assert.ok(e instanceof JsoncSyntaxError && e.line >= 1 && e.column >= 1, `${JSON.stringify(text)}: ${String(e)}`);
        refused++;
      }
    }
  }
  assert.ok(refused > 100, `${refused} corruptions refused`);
});
