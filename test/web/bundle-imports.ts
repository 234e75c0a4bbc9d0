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
  /** Node built-ins the bundle carries a stand-in for, "namespace:name" ("(disabled):fs", "node-builtin:node:path"). */
  stubbed: string[];
  /** Free references to Node-only globals (Buffer, __dirname, …), "name @ line", outside `typeof`. */
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
  // esbuild heads each module it inlines with a comment naming it: "// namespace:path" for modules not read from a file.
  const stubbed = [...text.matchAll(/^\s*\/\/ (\S+?):(\S+)\s*$/gm)].filter((m) => isNodeBuiltin(m[2]!)).map((m) => `${m[1]}:${m[2]}`);
  return { modules: [...modules].sort(), stubbed: [...new Set(stubbed)].sort(), nodeGlobals: freeNodeGlobals(file, text), indirect };
}

/** What an esbuild metafile says of its bundle: the modules left to load at run time, and inputs standing in for Node built-ins. */
export function metafileNeeds(metafile: string): Pick<BundleNeeds, 'modules' | 'stubbed'> {
  const meta = JSON.parse(readFileSync(metafile, 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, { imports: { path: string; external?: boolean }[] }> };
  const modules = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  // Inputs not read from a file are named "namespace:path".
  const stubbed = Object.keys(meta.inputs).filter((k) => /^[^/]+?:/.test(k) && isNodeBuiltin(k.slice(k.indexOf(':') + 1)));
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
function freeNodeGlobals(file: string, text: string): string[] {
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
      if (!isName && !guarded && !checker.getSymbolAtLocation(node)) found.push(`${node.text} @ line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
