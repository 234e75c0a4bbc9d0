// The project's boundaries, checked by `npm test` (scripts/run-tests.mjs runs depcruise first).
// See ../README.md "Architecture" for why each boundary is there.
/** @type {import('dependency-cruiser').IDependencyCruiserConfig} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order matter and hide layering mistakes.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment: 'The engine runs in a worker, the CLI and a browser: no vscode, no extension or webview code.',
      from: { path: '^engine/' },
      to: { path: '^(extension|webview)/|^vscode$' },
    },
    {
      name: 'engine-core-has-no-node',
      severity: 'error',
      comment: 'Node built-ins only in the Node edge (engine/node/: CLI, worker_threads worker); the rest runs in a browser Web Worker too.',
      from: { path: '^engine/', pathNot: '^engine/node/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'webview-takes-only-protocol-and-catalogue',
      severity: 'error',
      comment: 'The webview reads engine wire types, the catalogue of names, and code shared on purpose; nothing else of the engine.',
      from: { path: '^webview/' },
      to: { path: '^engine/', pathNot: '^engine/(protocol/|catalogue\\.ts$)' },
    },
    {
      name: 'protocols-are-leaves',
      severity: 'error',
      comment: 'Wire types import only each other and the catalogue: both ends read them without pulling in an implementation.',
      from: { path: '^engine/protocol/' },
      to: { pathNot: '^engine/(protocol/|catalogue\\.ts$)' },
    },
    {
      name: 'catalogue-imports-nothing',
      severity: 'error',
      comment: 'The names and help texts the UI shows: the one engine file the webview takes values from.',
      from: { path: '^engine/catalogue\\.ts$' },
      to: {},
    },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'What both sides run (reducers, the thinning rule, message checks, declared-shared maths) reads only wire types (the engine\'s and the webview\'s message types) and the catalogue: no Node, no vscode, no DOM.',
      from: { path: '^shared/' },
      to: { pathNot: '^(shared/|engine/(protocol/|catalogue\\.ts$)|webview/(protocol\\.ts|views/[^/]+/protocol\\.ts)$)' },
    },
    {
      name: 'webview-knows-no-extension',
      severity: 'error',
      from: { path: '^webview/' },
      to: { path: '^extension/|^vscode$' },
    },
    {
      name: 'extension-takes-only-webview-protocol',
      severity: 'error',
      comment: 'The extension reads the webview\'s message types; reducers both sides run live in shared/.',
      from: { path: '^extension/' },
      to: { path: '^webview/', pathNot: '^webview/(protocol\\.ts|views/[^/]+/protocol\\.ts)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.deps|test-artifacts|media)/|^engine/nn/kernels/wasm/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
