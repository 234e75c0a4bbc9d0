// Writes the manifest fields the extension owns (contributes, activationEvents, capabilities,
// main) into package.json from extension/manifest.ts. Other fields are left as they are.
// Run under the npm lock, since others edit package.json too:
//   flock /tmp/gl-npm.lock npx tsx scripts/update-manifest.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activationEvents, capabilities, contributes } from '../extension/manifest';

const file = join(__dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
pkg.main = './dist/extension.js';
// VS Code for the Web (and code-server's web worker host) load this one: see README "In the browser".
pkg.browser = './dist/web/extension.js';
pkg.activationEvents = activationEvents;
pkg.capabilities = capabilities;
pkg.contributes = contributes();
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log('package.json: contributes, activationEvents, capabilities, main and browser updated');
