/** The API VS Code gives a webview's script: messages to the extension and a persisted state. */
export interface VsCodeApi {
  postMessage(m: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The page's VS Code API (it may be acquired only once per page). */
export const vscodeApi: VsCodeApi = acquireVsCodeApi();
