/**
 * The logs of VS Code for the Web: the workbench and its web-worker extension host write them in
 * the browser (IndexedDB database "vscode-web-db", store "vscode-logs-store", one record per
 * file, keyed by its path), not on the server's disk. Read as they were last flushed.
 */
import type { Page } from 'playwright-core';

export interface LogFile {
  /** The log's path in the browser's log store, e.g. "/20261130T101738/exthost/webWorker/gradient-lab.gradient-lab/Gradient Lab.log". */
  path: string;
  text: string;
}

/** Every log file of the page's workbench ([] where the browser keeps none). */
export async function browserLogs(page: Page): Promise<LogFile[]> {
  // A string, as the tests are compiled without DOM types.
  return page.evaluate<LogFile[]>(`(async () => {
    const db = await new Promise((resolve) => {
      const open = indexedDB.open('vscode-web-db');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => resolve(undefined);
    });
    if (!db || !db.objectStoreNames.contains('vscode-logs-store')) return [];
    const store = db.transaction('vscode-logs-store').objectStore('vscode-logs-store');
    const all = (q) => new Promise((resolve) => { q.onsuccess = () => resolve(q.result); q.onerror = () => resolve([]); });
    const [keys, values] = await Promise.all([all(store.getAllKeys()), all(store.getAll())]);
    const text = (v) => typeof v === 'string' ? v : new TextDecoder().decode(v);
    return keys.map((k, i) => ({ path: String(k), text: text(values[i]) }));
  })()`);
}

/** The Gradient Lab extension's own log ('' until it wrote one). */
export const gradientLabLog = (logs: LogFile[]): LogFile | undefined => logs.find((l) => l.path.endsWith('/gradient-lab.gradient-lab/Gradient Lab.log'));
