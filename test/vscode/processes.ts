/**
 * Process groups the end-to-end test starts (code-server with its extension host, pty host and
 * watchers; Chromium with its renderers). Each is spawned detached, so it leads a group of its
 * own and one kill by group id ends every child it forked. They are killed:
 * - by `stop()` in the test's `after` hook (the normal way),
 * - on this process's exit, whatever the cause (exception, SIGINT, SIGTERM from a CI timeout),
 * - by a watchdog shell when this process dies without running exit handlers (SIGKILL) or the
 *   group outlives its deadline, so a hung run never leaves a server behind on a CI machine.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { constants } from 'node:os';

const live = new Set<number>();

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

process.on('exit', () => {
  for (const g of live) killGroup(g, 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => process.exit(128 + constants.signals[sig]));
}

export interface Group {
  child: ChildProcess;
  /** SIGTERM, up to `graceMs` for the leader to exit, then SIGKILL for the whole group. */
  stop(graceMs?: number): Promise<void>;
  readonly exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

/** Spawns `command` as the leader of a new process group, watched until `deadlineSeconds`. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions, deadlineSeconds: number): Group {
  const child = spawn(command, args, { ...options, detached: true });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`could not start ${command}`);
  live.add(pgid);
  let exited: Group['exited'];
  child.on('exit', (code, signal) => (exited = { code, signal }));
  // $1 = our pid, $2 = the group, $3 = deadline in seconds. Polls once a second.
  const watchdog = spawn('sh', ['-c', 'n=0; while kill -0 "$1" 2>/dev/null && [ "$n" -lt "$3" ]; do sleep 1; n=$((n+1)); done; kill -KILL -"$2" 2>/dev/null', 'watchdog', String(process.pid), String(pgid), String(deadlineSeconds)], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  let stopped: Promise<void> | undefined;
  return {
    child,
    get exited() {
      return exited;
    },
    stop(graceMs = 3000) {
      stopped ??= (async () => {
        killGroup(pgid, 'SIGTERM');
        const end = Date.now() + graceMs;
        while (!exited && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
        killGroup(pgid, 'SIGKILL'); // children that outlived the leader
        live.delete(pgid);
        if (watchdog.pid !== undefined) killGroup(watchdog.pid, 'SIGKILL');
      })();
      return stopped;
    },
  };
}
