/**
 * What a shipped JavaScript bundle needs from its host at run time, read from the bundle itself:
 * every module it loads (each require("…"), import … from "…" and import("…"), as esbuild parses
 * them, not a text search), every module esbuild replaced by an empty stub because a package's
 * `browser` field disabled it (the code still calls into it), and every free reference to a
 * global that only Node defines. For the test that the browser bundles run in a web worker.
 */
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import ts from 'typescript';

export interface BundleNeeds {
  /** Module specifiers the bundle loads at run time, sorted, once each. */
  modules: string[];
  /** Modules esbuild stubbed out as "(disabled):name". */
  disabled: string[];
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
  const disabled = [...new Set([...text.matchAll(/\(disabled\):([\w@./-]+)/g)].map((m) => m[1]!))].sort();
  return { modules: [...modules].sort(), disabled, nodeGlobals: freeNodeGlobals(file, text), indirect };
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
