// One build for every bundle (esbuild). `node scripts/build.mjs [--watch]`.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';

const watch = process.argv.includes('--watch');
// The ONNX message definitions and the PyTorch project's sources are carried as text (engine/export/).
const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'es2022', loader: { '.proto': 'text', '.py': 'text' } };

/** Each bundle of the design; entries that do not exist yet are skipped. */
const bundles = [
  { entryPoints: ['engine/node/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs' },
  // tfjs is bundled from its ES-module builds (one copy): its gradients are registered only by
  // dist/register_all_gradients.js, whose extensionless imports Node cannot load outside a bundle.
  { entryPoints: ['test/bench/main.ts'], outfile: 'dist/bench.js', platform: 'node', format: 'cjs', mainFields: ['module', 'main'], external: ['papaparse', 'd3-dsv', 'playwright-core'] },
  { entryPoints: ['test/bench/web/worker.ts'], outfile: 'dist/bench-web.js', platform: 'browser', format: 'iife' },
  { entryPoints: ['engine/node/worker.ts'], outfile: 'dist/worker.js', platform: 'node', format: 'cjs' },
  // The threads of a training pool (engine/parallel/): started by whichever bundle trains.
  { entryPoints: ['engine/node/pool-threads.ts'], outfile: 'dist/pool-thread.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['engine/node/wann-pool-worker.ts'], outfile: 'dist/wann-pool-worker.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  // Every webview page, training and labs alike (the page's data-view picks the view).
  { entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife' },
  // The browser's extension host (VS Code for the Web): the same extension and engine worker,
  // with no Node built-in (test/web/bundles.test.ts checks). The metafiles are what it reads.
  { entryPoints: ['extension/extension-web.ts'], outfile: 'dist/web/extension.js', platform: 'browser', format: 'cjs', external: ['vscode'], metafile: true },
  { entryPoints: ['engine/web/worker.ts'], outfile: 'dist/web/worker.js', platform: 'browser', format: 'iife', metafile: true },
].filter((b) => existsSync(b.entryPoints[0]));

for (const b of bundles) {
  const options = { ...common, ...b };
  if (watch) await (await esbuild.context(options)).watch();
  else {
    const result = await esbuild.build(options);
    if (result.metafile) await writeFile(b.outfile.replace(/\.js$/, '.meta.json'), JSON.stringify(result.metafile));
  }
}
if (!watch) console.log(`built ${bundles.map((b) => b.outfile).join(', ')}`);
