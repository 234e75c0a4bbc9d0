/* CPU time over wall time while something is timed: how much of a core it really had (Node side of the bench). */
import { readFileSync, readdirSync } from 'node:fs';

/** Starts timing CPU and wall clock; the returned function gives this process's CPU time / wall time since. */
export function startClock(): () => number {
  const cpu0 = process.cpuUsage(), t0 = performance.now();
  return () => {
    const c = process.cpuUsage(cpu0);
    return (c.user + c.system) / 1000 / Math.max(1e-9, performance.now() - t0);
  };
}

/**
 * The same for the processes this one started (and theirs): the browser the web bench drives, whose
 * worker we cannot ask for its CPU time. Linux only (reads /proc); the function returns undefined
 * elsewhere. Includes the browser's own idle processes, so it reads slightly above the worker's share.
 */
export function startChildrenClock(): () => number | undefined {
  const cpu0 = descendantsCpuSeconds(), t0 = performance.now();
  return () => {
    const cpu = descendantsCpuSeconds();
    return cpu === undefined || cpu0 === undefined ? undefined : (cpu - cpu0) / Math.max(1e-9, (performance.now() - t0) / 1000);
  };
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS = 100;

function descendantsCpuSeconds(): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return undefined;
  }
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const pid of entries) {
    try {
      // After the command, which may hold spaces and brackets, in parentheses: state ppid … utime(14) stime(15).
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(pid), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  const ours = new Set([process.pid]);
  let ticks = 0, grew = true;
  while (grew) {
    grew = false;
    for (const [pid, s] of stats) {
      if (!ours.has(pid) && ours.has(s.parent)) {
        ours.add(pid);
        ticks += s.ticks;
        grew = true;
      }
    }
  }
  return ticks / TICKS;
}
