/**
 * A saved run as a training panel of its own (one per run): read-only curves and numbers, its
 * config and data decisions, and "Train Again with These Settings". The settings form it also
 * shows is the next run's, shared with every other view. Revived after a reload on its run.
 */
import * as vscode from 'vscode';
import { parseFromWebview, type ToWebview } from '../webview/protocol';
import { VIEW } from './command-ids';
import { datasetFromUri } from './dataset-source';
import { pastRunMessage } from './past-run';
import { readRun, resolvedDatasetPath, type RunRecord } from './run-store';
import { workspaceFolderPath } from './settings';
import { TrainingPanel, type Deps } from './training-panel';
import { renderPage, webviewOptions } from './webview-bridge';

/** The page title of a saved run's panel (the live one is "Gradient Lab: Training"). */
export const PAST_RUN_TITLE = 'Gradient Lab: Saved Run';

export class PastRunPanel {
  private static readonly open = new Map<string, PastRunPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  static show(dir: string, id: string, deps: Deps): void {
    const existing = PastRunPanel.open.get(dir);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW.panel, id, { viewColumn: vscode.ViewColumn.Active }, webviewOptions(deps.extensionUri));
    new PastRunPanel(panel, dir, id, deps);
  }

  static revive(panel: vscode.WebviewPanel, dir: string, id: string, deps: Deps): void {
    PastRunPanel.open.get(dir)?.panel.dispose();
    new PastRunPanel(panel, dir, id, deps);
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly dir: string, private readonly id: string, private readonly deps: Deps) {
    PastRunPanel.open.set(dir, this);
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'gradient-lab.svg');
    panel.webview.html = renderPage(panel.webview, deps.extensionUri, 'panel', 'webview', PAST_RUN_TITLE);
    const post = (m: ToWebview) => void panel.webview.postMessage(m);
    this.disposables.push(
      panel.webview.onDidReceiveMessage(async (raw: unknown) => {
        const m = parseFromWebview(raw);
        if (!m) {
          deps.log.warn(`ignored a malformed message from a saved run's panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
          return;
        }
        try {
          if (m.type === 'ready') post(await this.message());
          else if (m.type === 'trainAgain') await this.trainAgain();
          // The run buttons act on the live run and are not shown here; the settings are the next run's.
          else if (m.type !== 'control') deps.onIntent(m);
        } catch (e) {
          deps.log.error(`saved run ${this.id}: ${(e as Error).message}`);
          void vscode.window.showErrorMessage(`Gradient Lab: ${(e as Error).message}`);
        }
      }),
      // Another view changed the settings: this one shows them too.
      { dispose: deps.controller.onViewMessage((m) => m.type === 'controls' && post(m)) },
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private async message(): Promise<ToWebview> {
    const r = await readRun(this.dir, this.id);
    this.panel.title = `${r.name} (saved run)`;
    if (r.damage && !r.config && r.status === 'interrupted' && /config\.json is missing/.test(r.damage)) {
      r.damage = `the run's folder or its config.json is gone (${this.dir})`;
    }
    return pastRunMessage(r, this.deps.controller.controls);
  }

  /** A new run (its own folder) with this run's config; the data file is found relative to the workspace. */
  private async trainAgain(): Promise<void> {
    const r: RunRecord = await readRun(this.dir, this.id);
    if (!r.config) throw new Error(`the run ${this.id} cannot be trained again: ${r.damage ?? 'its config is unreadable'}`);
    const config = structuredClone(r.config);
    let bytes;
    if (config.dataset.file) {
      const choice = await datasetFromUri(vscode.Uri.file(resolvedDatasetPath(config.dataset.file, workspaceFolderPath())));
      config.dataset = { ...config.dataset, file: choice.config.file! };
      bytes = choice.bytes;
    }
    TrainingPanel.createOrShow(this.deps);
    await this.deps.controller.start(config, bytes);
    this.deps.log.info(`training again with the settings of ${this.id}`);
  }

  dispose(): void {
    if (PastRunPanel.open.get(this.dir) === this) PastRunPanel.open.delete(this.dir);
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
