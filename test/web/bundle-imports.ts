/**
 * What a shipped JavaScript bundle needs from its host at run time, read from the bundle itself:
 * every module it loads (each require("…"), import … from "…" and import("…"), as esbuild parses
 * them, not a text search), every Node built-in the bundle carries a stand-in for (esbuild's empty
 * "(disabled):fs" when a package's `browser` field disabled it, or a build plugin's stub such as
 * "node-builtin:node:fs": the code still calls into them), and every free reference to a global
 * that only Node defines. An esbuild metafile, when the build wrote one, is read as a second
 * witness. For the test that the browser bundles run in a web worker.
 */
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import ts from 'typescript';

export interface BundleNeeds {
  /** Module specifiers the bundle loads at run time, sorted, once each. */
  modules: string[];
  /** Stand-ins for Node built-ins and the modules using them: "(disabled):fs in node_modules/x/y.js", "node-builtin:node:path in extension/a.ts". */
  stubbed: string[];
  /** Free references to Node-only globals (Buffer, __dirname, …) outside `typeof` guards: "Buffer @ line 12 in node_modules/x/y.js". */
  nodeGlobals: string[];
  /** Loads esbuild could not read a name from (require(variable)): they could load anything. */
  indirect: string[];
}

/**
 * Globals a Node process defines and a browser worker does not. Not `global` and `process`:
 * libraries feature-detect them through flags (`util.isNode && global`) no syntax check can follow.
 */
const NODE_GLOBALS = new Set(['Buffer', '__dirname', '__filename', 'setImmediate', 'clearImmediate']);

/** Whether `name` (as a bundle loads it) is a Node built-in: "fs", "node:fs", "fs/promises", "node:test"… */
export function isNodeBuiltin(name: string): boolean {
  if (name.startsWith('node:')) return true;
  return builtinModules.includes(name) || builtinModules.includes(name.split('/')[0]!);
}

export async function bundleNeeds(file: string): Promise<BundleNeeds> {
  const modules = new Set<string>();
  const indirect: string[] = [];
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    write: false,
    logLevel: 'silent',
    platform: 'neutral',
    plugins: [{
      name: 'record-imports',
      setup(build) {
        build.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind === 'entry-point') return undefined;
          modules.add(args.path);
          return { path: args.path, external: true };
        });
      },
    }],
  });
  for (const w of result.warnings) if (/require|import/i.test(w.text)) indirect.push(`${w.text} @ line ${w.location?.line}`);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const moduleAt = moduleOfLine(lines);
  // esbuild heads each module it inlines with a comment naming it: "// namespace:path" for modules not
  // read from a file. A stub is `var require_x = __commonJS(…)`; whoever calls require_x() uses it.
  const stubbed: string[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*\/\/ ((\S+?):(\S+))\s*$/.exec(line);
    if (!m || !isNodeBuiltin(m[3]!)) return;
    const name = /var (require_\w+) = __commonJS/.exec(lines[i + 1] ?? '')?.[1];
    const users = name ? lines.flatMap((l, j) => (new RegExp(`\\b${name}\\(\\)`).test(l) ? [moduleAt(j + 1)] : [])) : [];
    for (const user of users.length ? users : ['?']) stubbed.push(`${m[1]} in ${user}`);
  });
  return { modules: [...modules].sort(), stubbed: [...new Set(stubbed)].sort(), nodeGlobals: freeNodeGlobals(file, text, moduleAt), indirect };
}

/** A bundle's source path, short: from its last node_modules/, or without leading ../ */
const shortPath = (p: string): string => (p.includes('node_modules/') ? p.slice(p.lastIndexOf('node_modules/')) : p.replace(/^(\.\.\/)+/, ''));

/** Which module a line (1-based) of an unminified esbuild bundle is in: the nearest module header comment above it. */
function moduleOfLine(lines: string[]): (line: number) => string {
  const headers: { line: number; name: string }[] = [];
  lines.forEach((l, i) => {
    const m = /^\s*\/\/ (\S+)\s*$/.exec(l);
    if (m && (/\.[cm]?[jt]sx?$|\.json$|^<stdin>$/.test(m[1]!) || /^[^/]+?:/.test(m[1]!))) headers.push({ line: i + 1, name: shortPath(m[1]!) });
  });
  return (line) => headers.filter((h) => h.line <= line).at(-1)?.name ?? '?';
}

/** What an esbuild metafile says of its bundle: the modules left to load at run time, and inputs standing in for Node built-ins. */
export function metafileNeeds(metafile: string): Pick<BundleNeeds, 'modules' | 'stubbed'> {
  const meta = JSON.parse(readFileSync(metafile, 'utf8')) as { inputs: Record<string, { imports: { path: string }[] }>; outputs: Record<string, { imports: { path: string; external?: boolean }[] }> };
  const modules = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  // Inputs not read from a file are named "namespace:path"; the inputs importing one are its users.
  const inputs = meta.inputs;
  const stubbed = Object.keys(inputs).filter((k) => /^[^/]+?:/.test(k) && isNodeBuiltin(k.slice(k.indexOf(':') + 1)))
    .flatMap((k) => Object.entries(inputs).filter(([, v]) => v.imports.some((i) => i.path === k)).map(([user]) => `${k} in ${shortPath(user)}`));
  return { modules: [...new Set(modules)].sort(), stubbed: stubbed.sort() };
}

/** Whether `typeof <name>` appears in `node`. */
function testsTypeof(node: ts.Node, name: string): boolean {
  if (ts.isTypeOfExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) return true;
  return ts.forEachChild(node, (c) => testsTypeof(c, name) || undefined) ?? false;
}

/**
 * Whether the use `id` only runs once a `typeof <name>` test passed: it is right of an `&&`, the
 * true branch of a `?:`, or the then-branch of an `if`, whose test names `typeof <name>` (feature
 * detection such as `typeof global !== "undefined" && global.process`).
 */
function guardedByTypeof(id: ts.Identifier): boolean {
  for (let child: ts.Node = id, up = id.parent; up; child = up, up = up.parent) {
    if (ts.isBinaryExpression(up) && up.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && up.right === child && testsTypeof(up.left, id.text)) return true;
    if (ts.isConditionalExpression(up) && up.whenTrue === child && testsTypeof(up.condition, id.text)) return true;
    if (ts.isIfStatement(up) && up.thenStatement === child && testsTypeof(up.expression, id.text)) return true;
    if (ts.isFunctionLike(up)) return false; // a test outside a function does not guard its later calls
  }
  return false;
}

/** Free identifiers in NODE_GLOBALS: declared nowhere in the file (no lib is loaded, so nothing global resolves). */
function freeNodeGlobals(file: string, text: string, moduleAt: (line: number) => string): string[] {
  const host = ts.createCompilerHost({});
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  host.getSourceFile = (name) => (name === file ? source : undefined);
  const program = ts.createProgram({ rootNames: [file], options: { allowJs: true, noLib: true, noResolve: true, types: [] }, host });
  const checker = program.getTypeChecker();
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text)) {
      const parent = node.parent;
      const isName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent);
      const guarded = ts.isTypeOfExpression(parent) || guardedByTypeof(node);
      if (!isName && !guarded && !checker.getSymbolAtLocation(node)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push(`${node.text} @ line ${line} in ${moduleAt(line)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
