/*
 * How the engine starts pool threads without knowing the platform: an entry point that can
 * (the CLI, the Node training worker, the bench) installs a ThreadPlatform; where none is
 * installed, training runs on one thread and the run's note says why.
 */
import { PoolMemory } from './layout';
import { ShardInit } from './shard';

/** The running pool threads, as the coordinator controls them. */
export interface PoolThreads {
  /** Ends pool thread t at once, as a crash would (what the tests of a dying thread use). */
  terminate(thread: number): void;
  /** Ends every pool thread (the coordinator has set STOP first). */
  close(): void;
}

export interface ThreadPlatform {
  /** Cores the machine offers: the most threads `auto` uses. */
  readonly cores: number;
  /** Why no thread can start here after all (e.g. the pool thread's script is missing), if so. */
  readonly unavailable?: string;
  /**
   * Starts one pool thread per init, sharing `memory`. A thread that ends for any reason must be
   * recorded with markEnded (layout.ts) even while the coordinator is blocked waiting for it.
   */
  start(inits: readonly ShardInit[], memory: PoolMemory): PoolThreads;
}

let installed: ThreadPlatform | undefined;

export function installThreadPlatform(platform: ThreadPlatform): void {
  installed = platform;
}

/** The installed platform, or why there is none usable here. */
export function threadPlatform(): ThreadPlatform | string {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    return 'SharedArrayBuffer is not available here (a browser needs cross-origin isolation for it)';
  }
  if (!installed) return 'this environment cannot start worker threads';
  return installed.unavailable ?? installed;
}
