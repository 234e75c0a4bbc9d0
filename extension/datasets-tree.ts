/** The Datasets view: workspace files matching the glob setting, with their shape once inspected. */
import * as vscode from 'vscode';
import { basename } from './dataset-source';
import { datasetExclude, datasetGlob } from './settings';

export class DatasetsTree implements vscode.TreeDataProvider<vscode.Uri> {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** "rows × features · task" per inspected file, by URI. */
  private readonly shapes = new Map<string, string>();

  refresh(): void {
    this.changed.fire(undefined);
  }

  setShape(uri: vscode.Uri, shape: string): void {
    this.shapes.set(uri.toString(), shape);
    this.changed.fire(undefined);
  }

  async getChildren(element?: vscode.Uri): Promise<vscode.Uri[]> {
    if (element || !vscode.workspace.workspaceFolders?.length) return [];
    const files = await vscode.workspace.findFiles(datasetGlob(), datasetExclude(), 500);
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  getTreeItem(uri: vscode.Uri): vscode.TreeItem {
    const item = new vscode.TreeItem(basename(uri), vscode.TreeItemCollapsibleState.None);
    item.resourceUri = uri;
    item.contextValue = 'dataset';
    item.description = this.shapes.get(uri.toString()) ?? vscode.workspace.asRelativePath(uri, false).replace(/\/?[^/]*$/, '');
    item.tooltip = `${vscode.workspace.asRelativePath(uri)}${this.shapes.has(uri.toString()) ? `\n${this.shapes.get(uri.toString())}` : '\nInspect to see its rows, features and task.'}`;
    item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
    return item;
  }
}
