/**
 * What every view (training, symmetry, landscape, features, models, weight-agnostic networks…)
 * gets from its page (webview/main.ts): a way to send intents to the extension, the messages it receives, and a small
 * state store that survives the panel being hidden or the window reloading.
 */
export interface LabHost {
  /** The `data-view` of the page: which view this is. */
  readonly kind: string;
  /** Sends a message to the extension (which validates it before use). */
  post(message: unknown): void;
  /**
   * Calls `listener` with every message from the extension (validate before use, too); the
   * messages of one `update` come one by one, then `afterUpdate` (draw them: the page
   * acknowledges the update after the next paint).
   */
  onMessage(listener: (message: unknown) => void, afterUpdate?: () => void): void;
  getState<T>(): T | undefined;
  setState<T>(state: T): void;
}

/** Mounts a lab view into `app` (the page's <main>). */
export type MountLabView = (app: HTMLElement, host: LabHost) => void;
