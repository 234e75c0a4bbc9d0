/** The extension's entry in a Node extension host (desktop, remote): the `main` of package.json. */
import * as vscode from 'vscode';
import { activateWith } from './activate';
import { nodeWorker } from './worker-node';
import { readRowsForModel } from '../engine/node/read-rows';
import { nodeRunFiles } from './run-files-node';

export { deactivate } from './activate';

export function activate(context: vscode.ExtensionContext): void {
  activateWith(context, {
    name: 'Node extension host',
    spawnWorker: nodeWorker(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath),
    localFiles: nodeRunFiles,
    localRows: readRowsForModel,
  });
}
