#!/usr/bin/env node
// The CLI entry: runs the bundle that `npm run build` writes (dist/cli.js).
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; });
