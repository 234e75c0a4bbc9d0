/**
 * JSON with comments, as VS Code's own settings files: a UTF-8 BOM, `//` and `/* *\/` comments
 * and trailing commas are accepted; every syntax error names its line and column. A small
 * recursive-descent parser rather than JSON.parse, whose messages often give no position.
 */
export class JsoncSyntaxError extends Error {
  constructor(
    readonly what: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${what} at line ${line}, column ${column}`);
  }
}

/** Parses JSON with comments and trailing commas; throws a JsoncSyntaxError with line and column. */
export function parseJsonc(text: string): unknown {
  const p = new Parser(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  p.space();
  if (p.i >= p.s.length) p.fail('the file is empty; expected a JSON object such as {"dataset": "spiral"}');
  const v = p.value(0);
  p.space();
  if (p.i < p.s.length) p.fail(`unexpected ${p.show()} after the end of the top-level value`);
  return v;
}

const MAX_DEPTH = 200;

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string, at = this.i): never {
    let line = 1;
    let last = -1;
    for (let k = 0; k < at && k < this.s.length; k++) {
      if (this.s.charCodeAt(k) === 10) {
        line++;
        last = k;
      }
    }
    throw new JsoncSyntaxError(what, line, at - last);
  }

  show(): string {
    if (this.i >= this.s.length) return 'the end of the file';
    const c = this.s[this.i]!;
    return c === '\n' ? 'a line break' : `"${c}"`;
  }

  /** Skips whitespace and comments. */
  space(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else if (c === 47 && s.charCodeAt(this.i + 1) === 47) {
        const e = s.indexOf('\n', this.i);
        this.i = e < 0 ? s.length : e + 1;
      } else if (c === 47 && s.charCodeAt(this.i + 1) === 42) {
        const e = s.indexOf('*/', this.i + 2);
        if (e < 0) this.fail('a /* comment is never closed with */');
        this.i = e + 2;
      } else return;
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`more than ${MAX_DEPTH} nested objects or arrays`);
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    if (c === "'") this.fail('a single-quoted string; JSON strings use double quotes (")');
    return this.fail(`unexpected ${this.show()}; expected a value (an object, array, string, number, true, false or null)`);
  }

  object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    for (;;) {
      this.space();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      if (this.s[this.i] !== '"') this.fail(`unexpected ${this.show()}; expected a field name in double quotes or }`);
      const keyAt = this.i;
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`the field "${key}" appears twice in this object`, keyAt);
      this.space();
      if (this.s[this.i] !== ':') this.fail(`unexpected ${this.show()} after the field name "${key}"; expected :`);
      this.i++;
      this.space();
      out[key] = this.value(depth + 1);
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') this.fail(`unexpected ${this.show()} after the value of "${key}"; expected , or } (a comma may be missing)`);
    }
  }

  array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.i++;
    for (;;) {
      this.space();
      if (this.s[this.i] === ']') {
        this.i++;
        return out;
      }
      out.push(this.value(depth + 1));
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== ']') this.fail(`unexpected ${this.show()} in a list; expected , or ] (a comma may be missing)`);
    }
  }

  string(): string {
    const start = this.i;
    const s = this.s;
    let k = this.i + 1;
    for (;;) {
      if (k >= s.length) this.fail('a string is never closed with "', start);
      const c = s.charCodeAt(k);
      if (c === 34) break;
      if (c < 32) this.fail('a line break or control character inside a string; write it as \\n, or close the string', k);
      if (c === 92) {
        const e = s[k + 1];
        if (e === 'u' ? !/^[0-9a-fA-F]{4}$/.test(s.slice(k + 2, k + 6)) : !e || !'"\\/bfnrt'.includes(e)) this.fail(`an invalid escape \\${e ?? ''} in a string`, k);
        k += e === 'u' ? 6 : 2;
        continue;
      }
      k++;
    }
    this.i = k + 1;
    return JSON.parse(s.slice(start, k + 1)) as string;
  }

  number(): number {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail(`an invalid number starting ${this.show()}`);
    const next = this.s[this.i + m[0].length];
    if (next !== undefined && /[\d.eE]/.test(next)) this.fail(`an invalid number "${m[0]}${next}…" (no leading zeros, a digit after the point)`);
    this.i += m[0].length;
    return Number(m[0]);
  }
}
