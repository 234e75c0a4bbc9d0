/**
 * The lab panels (symmetry, landscapes, features, model comparison, weight-agnostic networks):
 * one WebviewPanel per kind, each described by a `LabViewSpec` that validates what its webview
 * sends and wires it to its sources. Same CSP and resource rules as the training panel; revived
 * by a serializer after a reload, when the view asks its spec for the state again.
 */
import * as vscode from 'vscode';
import type { RunController } from './run-controller';
import { renderPage, webviewOptions } from './webview-bridge';
import { WorkerHost } from './worker-host';

/** What a lab panel's spec can use. */
export interface LabDeps {
  extensionUri: vscode.Uri;
  controller: RunController;
  log: vscode.LogOutputChannel;
  /** A worker of its own, for work that is not the current run (a race, a search, twin runs). */
  newWorker(): WorkerHost;
}

/** One open lab panel, as its spec sees it. */
export interface LabPanelApi {
  readonly deps: LabDeps;
  readonly panel: vscode.WebviewPanel;
  /** What the panel was opened with (e.g. a dataset URI), undefined after a reload. */
  readonly args: unknown;
  post(message: unknown): void;
  /**
   * Posts state that only its newest value matters for (a run's picture), under `key`: the view
   * gets one update at a time and the next only after it acknowledged (drew) the last; values
   * posted meanwhile replace each other per key, so a busy view never falls behind.
   */
  postLatest(key: string, message: unknown): void;
  /** Disposed with the panel. */
  readonly disposables: vscode.Disposable[];
}

/** One open panel's state as its spec made it: what it does with the view's messages, and its clean-up. */
export interface LabAttachment<In> {
  onMessage(message: In): void | Promise<void>;
  /** Called when the panel closes (after `disposables`). */
  dispose?(): void;
}

/** A kind of lab panel. `In` is the validated message type its webview sends. */
export interface LabViewSpec<In = unknown> {
  /** The page's data-view and the viewType suffix: gradientLab.lab.<kind>. */
  readonly kind: string;
  readonly title: string;
  /** Validates a message from the webview; undefined drops it (and it is logged). */
  parse(raw: unknown): In | undefined;
  /**
   * Called when the panel opens or is revived: wires the panel to its sources and returns the
   * panel's own state, so nothing per panel lives outside it.
   */
  attach(api: LabPanelApi): LabAttachment<In>;
  /** Commands this kind contributes (ids declared in extension/manifest.ts), e.g. the one that opens it. */
  readonly commands?: Record<string, (deps: LabDeps, ...args: any[]) => unknown>;
}

/** Registers the commands of every lab kind. */
export function registerLabCommands(specs: readonly LabViewSpec<any>[], deps: LabDeps): vscode.Disposable[] {
  return specs.flatMap((spec) =>
    Object.entries(spec.commands ?? {}).map(([id, run]) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await run(deps, ...args);
        } catch (e) {
          deps.log.error(`${id}: ${(e as Error).message}`);
          void vscode.window.showErrorMessage(`Gradient Lab: ${(e as Error).message}`);
          return undefined;
        }
      }),
    ),
  );
}

/** The viewType of a lab kind, as the manifest's activation events name it. */
export function labViewType(kind: string): string {
  return `gradientLab.lab.${kind}`;
}

const open = new Map<string, LabPanel>();

/** A view that has not acknowledged an update for this long is sent the next anyway (it may have reloaded). */
const LAB_ACK_TIMEOUT_MS = 10_000;

export class LabPanel implements LabPanelApi {
  readonly disposables: vscode.Disposable[] = [];
  private readonly latest = new Map<string, unknown>();
  private seq = 0;
  private waitingFor: number | undefined;
  private sentAt = 0;
  private readonly attached: LabAttachment<unknown>;

  /** Shows the panel of `spec`'s kind (creating it), handing it `args`. */
  static show<In>(spec: LabViewSpec<In>, deps: LabDeps, args?: unknown): LabPanel {
    open.get(spec.kind)?.dispose();
    const panel = vscode.window.createWebviewPanel(labViewType(spec.kind), `Gradient Lab: ${spec.title}`, { viewColumn: vscode.ViewColumn.Active }, webviewOptions(deps.extensionUri));
    return new LabPanel(spec as LabViewSpec, panel, deps, args);
  }

  static revive<In>(spec: LabViewSpec<In>, panel: vscode.WebviewPanel, deps: LabDeps): LabPanel {
    open.get(spec.kind)?.dispose();
    return new LabPanel(spec as LabViewSpec, panel, deps, undefined);
  }

  /** The open panel of a kind, if any. */
  static of(kind: string): LabPanel | undefined {
    return open.get(kind);
  }

  private constructor(private readonly spec: LabViewSpec, readonly panel: vscode.WebviewPanel, readonly deps: LabDeps, readonly args: unknown) {
    open.set(spec.kind, this);
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'gradient-lab.svg');
    panel.webview.html = renderPage(panel.webview, deps.extensionUri, spec.kind, 'lab', `Gradient Lab: ${spec.title}`);
    this.disposables.push(
      panel.webview.onDidReceiveMessage(async (raw: unknown) => {
        if (isLabAck(raw)) return this.acknowledged(raw.seq);
        if (isReady(raw)) this.waitingFor = undefined;
        const m = spec.parse(raw);
        if (m === undefined) {
          deps.log.warn(`ignored a malformed message from the ${spec.kind} view: ${JSON.stringify(raw)?.slice(0, 200)}`);
          return;
        }
        try {
          await this.attached.onMessage(m);
        } catch (e) {
          deps.log.error(`${spec.kind} view: ${(e as Error).message}`);
          void vscode.window.showErrorMessage(`Gradient Lab (${spec.title}): ${(e as Error).message}`);
        }
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    this.attached = spec.attach(this);
  }

  post(message: unknown): void {
    void this.panel.webview.postMessage(message);
  }

  postLatest(key: string, message: unknown): void {
    this.latest.delete(key);
    this.latest.set(key, message);
    this.pump();
  }

  private acknowledged(seq: number): void {
    if (seq !== this.waitingFor) return;
    this.waitingFor = undefined;
    this.pump();
  }

  private pump(): void {
    if (!this.latest.size) return;
    if (this.waitingFor !== undefined && Date.now() - this.sentAt < LAB_ACK_TIMEOUT_MS) return;
    const messages = [...this.latest.values()];
    this.latest.clear();
    this.waitingFor = ++this.seq;
    this.sentAt = Date.now();
    this.post({ type: 'lab-update', seq: this.seq, messages });
  }

  dispose(): void {
    if (open.get(this.spec.kind) === this) open.delete(this.spec.kind);
    while (this.disposables.length) this.disposables.pop()?.dispose();
    this.attached?.dispose?.();
    this.panel.dispose();
  }
}

/** The lab page's acknowledgement of a `lab-update` (webview/lab.ts). */
function isLabAck(raw: unknown): raw is { type: 'lab-ack'; seq: number } {
  const m = raw as { type?: unknown; seq?: unknown } | null;
  return typeof m === 'object' && m !== null && m.type === 'lab-ack' && Number.isSafeInteger(m.seq);
}

function isReady(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'ready';
}

/** Restores every lab kind's panels after a window reload. */
export function registerLabSerializers(specs: readonly LabViewSpec<any>[], deps: LabDeps): vscode.Disposable[] {
  return specs.map((spec) =>
    vscode.window.registerWebviewPanelSerializer(labViewType(spec.kind), {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        LabPanel.revive(spec, panel, deps);
      },
    }),
  );
}
