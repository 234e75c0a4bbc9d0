/**
 * Appends for a file system that can only write whole files (`vscode.workspace.fs`): the file's
 * bytes are kept in memory and the whole file is rewritten at most once per interval that grows
 * with its size — 1 s, or the time to write it at 2 MB/s — so a 100,000-epoch run costs writing
 * linear in its duration, not one rewrite per batch (quadratic). A crash loses the bytes added
 * since the last rewrite (at most one interval's); what is on disk is always a whole earlier
 * version when `write` replaces files atomically. No `vscode` here: tests drive it on real files.
 */

export interface DeferredAppendOptions {
  /** The file's current bytes, or undefined when there is none yet. */
  read: () => Promise<Uint8Array | undefined>;
  /** Replaces the file whole with `bytes` (a view that is not changed afterwards). */
  write: (bytes: Uint8Array) => Promise<void>;
  /** Shortest time between two rewrites (ms). */
  minIntervalMs?: number;
  /** The rate the interval allows for (bytes per ms): a bigger file waits longer between rewrites. */
  bytesPerMs?: number;
}

export class DeferredAppend {
  private bytes = new Uint8Array(64 * 1024);
  private length = 0;
  private written = 0;
  private lastWrite = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private error: unknown;
  private readonly minInterval: number;
  private readonly rate: number;
  /** Rewrites done so far (for tests and the log). */
  writes = 0;

  private constructor(private readonly options: DeferredAppendOptions) {
    this.minInterval = options.minIntervalMs ?? 1000;
    this.rate = options.bytesPerMs ?? 2 * 1024;
  }

  /** Starts from what the file holds already, so appends continue it. */
  static async open(options: DeferredAppendOptions): Promise<DeferredAppend> {
    const a = new DeferredAppend(options);
    const existing = await options.read();
    if (existing) {
      a.put(existing);
      a.written = a.length;
    }
    return a;
  }

  /** Adds bytes at the end; they reach the file with the next rewrite. */
  add(data: Uint8Array): void {
    this.put(data);
    this.schedule();
  }

  /** Every byte added is in the file once this resolves; rejects with the first failed rewrite. */
  async settle(): Promise<void> {
    await this.write();
    if (this.error) throw this.error;
  }

  private put(data: Uint8Array): void {
    if (this.length + data.length > this.bytes.length) {
      // Doubling keeps the copies linear in the file's size; the old buffer stays as a rewrite in flight saw it.
      const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.length + data.length));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  private schedule(): void {
    if (this.timer || this.length === this.written || this.error) return;
    const interval = Math.max(this.minInterval, this.length / this.rate);
    this.timer = setTimeout(() => void this.write(), Math.max(0, this.lastWrite + interval - Date.now()));
  }

  /** Rewrites the file once the previous rewrite is done; the first error is kept for `settle`. */
  private write(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(async () => {
      if (this.length === this.written || this.error) return;
      // Bytes below `length` never change once added, so this view stays what it is while written.
      const end = this.length;
      this.lastWrite = Date.now();
      try {
        await this.options.write(this.bytes.subarray(0, end));
        this.written = end;
        this.writes++;
      } catch (e) {
        this.error = e;
        return;
      }
      this.schedule();
    });
    return this.writing;
  }
}
