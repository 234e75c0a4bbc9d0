// The extension in a desktop VS Code downloaded by @vscode/test-electron, for machines that can
// reach the VS Code download site (this project's CI cannot; there the code-server harness in test/vscode/ is used).
//   npm run test:ext:electron
import { runTests } from '@vscode/test-electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
try {
  await runTests({
    version: process.env.GL_VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'test', 'electron', 'suite.cjs'),
    launchArgs: [join(root, 'samples'), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`VS Code tests failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
