/**
 * Which files a location is in, and its URI: the Node host names a local (`file:`) file by its OS
 * path and reads it with node:fs, handed in at activation; everywhere else (the browser host,
 * virtual and remote workspaces) a file is named by its URI string and read through
 * `vscode.workspace.fs`. This file never imports node:fs itself, so the browser bundle can take it.
 */
import * as vscode from 'vscode';
import { isUriLocation, type RunFiles } from './run-files';
import { WorkspaceRunFiles } from './run-files-workspace';

let local: RunFiles | undefined;
let workspace: WorkspaceRunFiles | undefined;

/** The Node entry's call at activation: local `file:` folders go through these (node:fs) files. The browser entry makes none. */
export function useLocalRunFiles(files: RunFiles | undefined): void {
  local = files;
}

/** How the extension names `uri`: its OS path where local files are handed in and it is a `file:` URI; else its URI string. */
export function locationOf(uri: vscode.Uri): string {
  return local && uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

/** The URI of a location (an OS path or a URI string). */
export function uriOf(location: string): vscode.Uri {
  return isUriLocation(location) ? vscode.Uri.parse(location, true) : vscode.Uri.file(location);
}

/** The files a location is read and written through. */
export function runFilesAt(location: string): RunFiles {
  if (isUriLocation(location)) return (workspace ??= new WorkspaceRunFiles());
  // An OS path without local files: a location stored by the desktop host, opened in the browser.
  if (!local) throw new Error(`${location}: a local path, but this VS Code (in the browser) reads files only through the workspace; open the folder as a workspace folder.`);
  return local;
}
