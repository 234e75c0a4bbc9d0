/**
 * The extension's entry in the browser's extension host (VS Code for the Web, code-server's
 * web worker host): the `browser` of package.json. The engine runs in a nested Web Worker and
 * every file goes through `workspace.fs`; see README "In the browser".
 */
import * as vscode from 'vscode';
import { activateWith } from './activate';
import { webWorker } from './worker-web';

export { deactivate } from './activate';

export function activate(context: vscode.ExtensionContext): void {
  activateWith(context, {
    name: 'browser (web worker) extension host',
    spawnWorker: webWorker(vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'worker.js')),
  });
}
