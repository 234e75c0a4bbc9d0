/**
 * The training panel (a WebviewPanel): one at a time, revived by the serializer after a reload,
 * and redrawn from a replay rather than kept alive while hidden (no retainContextWhenHidden).
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FromWebview } from '../webview/protocol';
import { VIEW } from './command-ids';
import type { RunController } from './run-controller';
import { isRunId } from '../webview/views/runs/protocol';
import { runsFolder } from './settings';
import { bridge, renderPage, webviewOptions } from './webview-bridge';

export class TrainingPanel {
  private static current: TrainingPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static createOrShow(ctx: Deps): TrainingPanel {
    if (TrainingPanel.current) {
      TrainingPanel.current.panel.reveal(undefined, true);
      return TrainingPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(VIEW.panel, 'Gradient Lab: Training', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(ctx.extensionUri));
    return (TrainingPanel.current = new TrainingPanel(panel, ctx));
  }

  static revive(panel: vscode.WebviewPanel, ctx: Deps): void {
    TrainingPanel.current?.dispose();
    TrainingPanel.current = new TrainingPanel(panel, ctx);
  }

  static get isOpen(): boolean {
    return TrainingPanel.current !== undefined;
  }

  private constructor(readonly panel: vscode.WebviewPanel, ctx: Deps) {
    panel.webview.options = webviewOptions(ctx.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'gradient-lab.svg');
    panel.webview.html = renderPage(panel.webview, ctx.extensionUri, 'panel');
    this.disposables.push(
      bridge(panel.webview, () => panel.visible, (l) => panel.onDidChangeViewState(l), ctx.controller, ctx.onIntent, ctx.log),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  dispose(): void {
    if (TrainingPanel.current === this) TrainingPanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

export interface Deps {
  extensionUri: vscode.Uri;
  controller: RunController;
  onIntent: (m: FromWebview) => void;
  log: vscode.LogOutputChannel;
}

/** A run id as a webview's saved state holds it: a plain folder name, nothing that could walk out of the runs folder. */
export function runIdOfState(state: unknown): string | undefined {
  const id = typeof state === 'object' && state !== null ? (state as { runId?: unknown }).runId : undefined;
  return isRunId(id) ? id : undefined;
}

/**
 * Restores each panel after a window reload on the run it showed: the live run's panel if that
 * run is still current, else a saved run's panel (the worker's runs end with the window). Its
 * script then asks for a replay.
 */
export function registerPanelSerializer(deps: Deps, showSaved: (panel: vscode.WebviewPanel, dir: string, id: string) => void): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(VIEW.panel, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      const id = runIdOfState(state);
      const folder = runsFolder();
      if (id && folder && id !== deps.controller.current?.runId && !id.startsWith('unsaved-')) showSaved(panel, join(folder, id), id);
      else TrainingPanel.revive(panel, deps);
    },
  });
}
