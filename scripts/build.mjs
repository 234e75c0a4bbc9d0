// One build for every bundle (esbuild). `node scripts/build.mjs [--watch]`.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'es2022' };

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
].filter((b) => existsSync(b.entryPoints[0]));

for (const b of bundles) {
  const options = { ...common, ...b };
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
if (!watch) console.log(`built ${bundles.map((b) => b.outfile).join(', ')}`);
