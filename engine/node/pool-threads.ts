/*
 * The Node adapter of the gradient pool, and the entry of dist/pool-thread.js. The coordinator
 * blocks in Atomics.wait during a step, so it could not see a pool thread die: a supervisor
 * thread therefore owns the pool threads and records any exit in the shared memory at once,
 * which wakes the coordinator with the reason.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { EXITED, PoolMemory, markEnded } from '../parallel/layout';
import { ThreadPlatform } from '../parallel/platform';
import { ShardInit, serveShard } from '../parallel/shard';

type ThreadData =
  | { gradientPoolRole: 'supervisor'; script: string; inits: readonly ShardInit[]; memory: PoolMemory }
  | { gradientPoolRole: 'shard'; init: ShardInit; memory: PoolMemory };

/** This file when run from source (tests, through tsx); the bundle next to the running one otherwise. */
function threadScript(): string {
  return __filename.endsWith('.ts') ? __filename : join(__dirname, 'pool-thread.js');
}

/** Starts `script` as a thread; from source, tsx is loaded in it first (threads do not inherit its hooks). */
function startThread(script: string, data: ThreadData): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, { workerData: data });
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(script)});`, { eval: true, workerData: data });
}

export const nodeThreads: ThreadPlatform = {
  cores: availableParallelism(),
  get unavailable() {
    return existsSync(threadScript()) ? undefined : `the pool thread's script ${threadScript()} is missing (run "npm run build")`;
  },
  start(inits, memory) {
    const script = threadScript();
    const supervisor = startThread(script, { gradientPoolRole: 'supervisor', script, inits, memory });
    supervisor.unref();
    const endAll = (reason: string) => { for (const i of inits) markEnded(memory, i.thread, EXITED, reason); };
    supervisor.on('error', (e) => endAll(`the pool's supervisor thread failed: ${e.message}`));
    supervisor.on('exit', (code) => endAll(`the pool's supervisor thread stopped (exit code ${code})`));
    return {
      terminate: (thread) => supervisor.postMessage({ terminate: thread }),
      close: () => void supervisor.terminate(),
    };
  },
};

function supervise(d: Extract<ThreadData, { gradientPoolRole: 'supervisor' }>): void {
  const threads = d.inits.map((init) => {
    const t = init.thread;
    const w = startThread(d.script, { gradientPoolRole: 'shard', init, memory: d.memory });
    w.on('error', (e) => markEnded(d.memory, t, EXITED, `pool thread ${t} failed: ${e.message}`));
    w.on('exit', (code) => markEnded(d.memory, t, EXITED, `pool thread ${t} stopped (exit code ${code})`));
    return w;
  });
  parentPort!.on('message', (m: { terminate?: number }) => {
    if (typeof m.terminate === 'number') void threads[m.terminate - 1]?.terminate();
  });
}

const data = workerData as Partial<ThreadData> | undefined;
if (data?.gradientPoolRole === 'supervisor') supervise(data as Extract<ThreadData, { gradientPoolRole: 'supervisor' }>);
else if (data?.gradientPoolRole === 'shard') serveShard(data.init!, data.memory!);
