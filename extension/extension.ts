/** The extension's entry in a Node extension host (desktop, remote): the `main` of package.json. */
import * as vscode from 'vscode';
import { activateWith } from './activate';
import { nodeWorker } from './worker-node';
import { nodeFiles } from '../engine/node/node-files';
import { nodeRunFiles } from './run-files-node';

export { deactivate } from './activate';

export function activate(context: vscode.ExtensionContext): void {
  activateWith(context, {
    name: 'Node extension host',
    spawnWorker: nodeWorker(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath),
    localFiles: nodeRunFiles,
    localData: nodeFiles,
  });
}
