/**
 * What a lab view (symmetry, landscape, features, models, weight-agnostic networks…) gets from
 * its page: a way to send intents to the extension, the messages it receives, and a small
 * state store that survives the panel being hidden or the window reloading.
 */
export interface LabHost {
  /** The `data-view` of the page: which lab view this is. */
  readonly kind: string;
  /** Sends a message to the extension (which validates it before use). */
  post(message: unknown): void;
  /** Calls `listener` with every message from the extension (validate before use, too). */
  onMessage(listener: (message: unknown) => void): void;
  getState<T>(): T | undefined;
  setState<T>(state: T): void;
}

/** Mounts a lab view into `app` (the page's <main>). */
export type MountLabView = (app: HTMLElement, host: LabHost) => void;
