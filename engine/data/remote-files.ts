/**
 * Dataset files read by the extension host on the worker's behalf (engine/protocol/files.ts):
 * in a browser worker, which has no file system, and for URI locations (virtual workspaces).
 * `workspace.fs` reads whole files only, so a file read is kept for a few seconds: a load's
 * passes over one file (the sniff, a .gz's stated size, the parse) cost one transfer.
 */
import type { FileReply, FileRequest } from '../protocol/files';
import { locationName, uriDirname, uriJoin, type DataFiles, type FileEntry, type FileInfo } from './files';
import { memorySource } from './load';

/** How long a file's bytes stay after their last use (ms). */
const KEEP_MS = 3000;

export class RemoteFiles implements DataFiles {
  private nextId = 1;
  private readonly waiting = new Map<number, (r: FileReply) => void>();
  private kept: { location: string; bytes: Promise<Uint8Array>; timer?: ReturnType<typeof setTimeout> } | undefined;

  constructor(private readonly ask: (req: FileRequest) => void) {}

  /** Hands a host's reply to the request waiting for it; false when it was not a file reply. */
  answer(reply: { type: string }): boolean {
    if (reply.type !== 'fileReply') return false;
    const r = reply as FileReply;
    this.waiting.get(r.id)?.(r);
    this.waiting.delete(r.id);
    return true;
  }

  async stat(location: string): Promise<FileInfo | undefined> {
    return (await this.request('stat', location)).info;
  }

  read(location: string): Promise<Uint8Array> {
    const k = this.kept;
    if (k?.location === location) {
      this.keep(k);
      return k.bytes;
    }
    const bytes = this.request('read', location).then((r) => r.bytes ?? new Uint8Array(0));
    const entry = { location, bytes };
    this.forget();
    this.kept = entry;
    this.keep(entry);
    // A failed read is not kept: the next try asks again.
    bytes.catch(() => this.kept === entry && this.forget());
    return bytes;
  }

  chunks(location: string): (from: number) => AsyncIterable<Uint8Array> {
    const read = (l: string) => this.read(l);
    return async function* (from: number) {
      yield* memorySource(await read(location))(from);
    };
  }

  async list(folder: string): Promise<FileEntry[]> {
    return (await this.request('list', folder)).entries ?? [];
  }

  join(folder: string, name: string): string {
    return uriJoin(folder, name);
  }

  dirname(location: string): string {
    return uriDirname(location);
  }

  basename(location: string): string {
    return locationName(location);
  }

  private request(op: FileRequest['op'], location: string): Promise<FileReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (r) => (r.error !== undefined ? reject(new Error(r.error)) : resolve(r)));
      this.ask({ type: 'fileRequest', id, op, location });
    });
  }

  private keep(entry: NonNullable<RemoteFiles['kept']>): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.kept === entry && this.forget(), KEEP_MS);
  }

  private forget(): void {
    if (this.kept?.timer) clearTimeout(this.kept.timer);
    this.kept = undefined;
  }
}
