/**
 * Every panel (training, saved runs, symmetry, landscapes, features, model comparison,
 * weight-agnostic networks): one class, each kind described by a `LabViewSpec` that validates
 * what its webview sends and wires it to its sources. One CSP and bundle for all; revived by one
 * serializer per kind after a reload, when the view asks its spec for the state again.
 */
import * as vscode from 'vscode';
import type { FromWebview } from '../webview/protocol';
import type { RunController } from './run-controller';
import { renderPage, webviewOptions } from './webview-bridge';
import { WorkerHost } from './worker-host';

/** What a panel's spec can use. */
export interface LabDeps {
  extensionUri: vscode.Uri;
  controller: RunController;
  log: vscode.LogOutputChannel;
  /** What the training view asks for, after validation (extension/commands.ts). */
  onIntent: (m: FromWebview) => void;
  /** A worker of its own, for work that is not the current run (a race, a search, twin runs). */
  newWorker(): WorkerHost;
}

/** One open lab panel, as its spec sees it. */
export interface LabPanelApi {
  readonly deps: LabDeps;
  readonly panel: vscode.WebviewPanel;
  /** What the panel was opened with (e.g. a dataset URI); after a reload, what the spec's `restore` made of the saved state. */
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

/** A kind of panel. `In` is the validated message type its webview sends. */
export interface LabViewSpec<In = unknown> {
  /** The page's data-view and the viewType suffix: gradientLab.lab.<kind>. */
  readonly kind: string;
  /** Shown as "Gradient Lab: <title>"; a function of the panel's args where they change it (a saved run). */
  readonly title: string | ((args: unknown) => string);
  /** The viewType when it is not gradientLab.lab.<kind> (the training panel's predates the labs). */
  readonly viewType?: string;
  /** Whether it opens beside the active editor without taking focus (the live training panel), not in it. */
  beside?(args: unknown): boolean;
  /**
   * Panels of a kind open one per key (a saved run per run folder); one per kind without it. A
   * kind with keys shows the open panel again rather than a new one.
   */
  key?(args: unknown): string | undefined;
  /** After a window reload: the `args` to revive with, from the state the page saved (validate it). */
  restore?(state: unknown, deps: LabDeps): unknown;
  /** Validates a message from the webview; undefined drops it (and it is logged). */
  parse(raw: unknown): In | undefined;
  /**
   * Called when the panel opens or is revived: wires the panel to its sources and returns the
   * panel's own state, so nothing per panel lives outside it.
   */
  attach(api: LabPanelApi): LabAttachment<In>;
  /** Commands this kind contributes (ids declared in extension/manifest.ts), e.g. the one that opens it. */
  // A command's arguments are whatever VS Code passes (a URI from the Explorer, nothing from the palette).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly commands?: Record<string, (deps: LabDeps, ...args: any[]) => unknown>;
}

/** Registers the commands of every panel kind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kinds of panels with different messages
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

const viewTypeOf = <In>(spec: LabViewSpec<In>) => spec.viewType ?? labViewType(spec.kind);
const titleOf = <In>(spec: LabViewSpec<In>, args: unknown) => `Gradient Lab: ${typeof spec.title === 'string' ? spec.title : spec.title(args)}`;
/** Where a panel is kept among the open ones: its kind, and its key if the kind has keys. */
const slot = (kind: string, key = '') => `${kind}\u0000${key}`;
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
  private readonly slot: string;

  /**
   * Shows the panel of `spec`'s kind (creating it), handing it `args`. A kind with keys reveals
   * the open panel of the same key; a kind without replaces its panel (new args, new panel).
   */
  static show<In>(spec: LabViewSpec<In>, deps: LabDeps, args?: unknown): LabPanel {
    const existing = open.get(slot(spec.kind, spec.key?.(args)));
    const beside = spec.beside?.(args) ?? false;
    if (existing && spec.key) {
      existing.panel.reveal(undefined, beside);
      return existing;
    }
    existing?.dispose();
    const where = beside ? { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true } : { viewColumn: vscode.ViewColumn.Active };
    const panel = vscode.window.createWebviewPanel(viewTypeOf(spec), titleOf(spec, args), where, webviewOptions(deps.extensionUri));
    return new LabPanel(spec as LabViewSpec, panel, deps, args);
  }

  static revive<In>(spec: LabViewSpec<In>, panel: vscode.WebviewPanel, deps: LabDeps, args: unknown): LabPanel {
    open.get(slot(spec.kind, spec.key?.(args)))?.dispose();
    return new LabPanel(spec as LabViewSpec, panel, deps, args);
  }

  /** The open panel of a kind (and key), if any. */
  static of(kind: string, key?: string): LabPanel | undefined {
    return open.get(slot(kind, key));
  }

  private constructor(spec: LabViewSpec, readonly panel: vscode.WebviewPanel, readonly deps: LabDeps, readonly args: unknown) {
    this.slot = slot(spec.kind, spec.key?.(args));
    open.set(this.slot, this);
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'gradient-lab.svg');
    panel.webview.html = renderPage(panel.webview, deps.extensionUri, spec.kind, titleOf(spec, args));
    this.disposables.push(
      panel.webview.onDidReceiveMessage(async (raw: unknown) => {
        // Acks of what `postLatest` sent are this class's; a spec with a feed of its own (the training view) gets its acks.
        if (this.seq > 0 && isAck(raw)) return this.acknowledged(raw.seq);
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
          void vscode.window.showErrorMessage(`${titleOf(spec, args)}: ${(e as Error).message}`);
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
    this.post({ type: 'update', seq: this.seq, messages });
  }

  dispose(): void {
    if (open.get(this.slot) === this) open.delete(this.slot);
    while (this.disposables.length) this.disposables.pop()?.dispose();
    this.attached?.dispose?.();
    this.panel.dispose();
  }
}

/** The page's acknowledgement of an `update` (webview/main.ts). */
function isAck(raw: unknown): raw is { type: 'ack'; seq: number } {
  const m = raw as { type?: unknown; seq?: unknown } | null;
  return typeof m === 'object' && m !== null && m.type === 'ack' && Number.isSafeInteger(m.seq);
}

function isReady(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'ready';
}

/** Restores every kind's panels after a window reload, each with what its spec makes of the page's saved state. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kinds of panels with different messages
export function registerLabSerializers(specs: readonly LabViewSpec<any>[], deps: LabDeps): vscode.Disposable[] {
  return specs.map((spec) =>
    vscode.window.registerWebviewPanelSerializer(viewTypeOf(spec), {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        LabPanel.revive(spec, panel, deps, spec.restore?.(state, deps));
      },
    }),
  );
}
