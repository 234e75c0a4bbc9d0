/* Printing the benchmark table and writing test-artifacts/bench.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MemoryUse } from './measure';
import { TfBackend, WorkloadId } from './workloads';

/** `ours-2t`: our engine on 2 threads (training.threads: 2). */
export type EngineId = 'ours' | `ours-${number}t` | `tfjs-${TfBackend}`;

export interface Result {
  workload: WorkloadId;
  title: string;
  engine: EngineId;
  samplesPerSecond: number;
  repetitions: number[];
  stepsPerRepetition: number;
  memory: MemoryUse;
  /**
   * Process CPU time over wall time while this engine was measured (1 = a whole core; below 1
   * the machine was loaded and the process waited for a core, so compare ratios within a run).
   */
  cpuPerWall?: number;
  /** Our rows: the threads computing each step's gradient. */
  threads?: number;
  /** On `ours-Nt` rows: samples/s over ours on 1 thread. */
  speedUp?: number;
  /** On TF.js rows: our samples/s divided by theirs (above 1: we are faster). */
  speedRatio?: number;
  /** Our retained memory divided by theirs (below 1: we hold less). */
  memoryRatio?: number;
  target?: number;
  met?: boolean;
  /** Ours: samples/s with the end-of-epoch evaluation timed too. */
  configuredSamplesPerSecond?: number;
}

const mb = (b: number): string => (b / 2 ** 20).toFixed(1);

/** Fills in the ratios of each TF.js row against our row of the same workload. */
export function withRatios(results: Result[], targets: Record<WorkloadId, { backend: TfBackend; ratio: number }>): Result[] {
  return results.map((r) => {
    if (!r.engine.startsWith('tfjs-')) return r;
    const ours = results.find((o) => o.workload === r.workload && o.engine === 'ours');
    if (!ours) return r;
    const speedRatio = ours.samplesPerSecond / r.samplesPerSecond;
    const memoryRatio = ours.memory.retainedBytes / Math.max(1, r.memory.retainedBytes);
    const t = targets[r.workload];
    const targeted = `tfjs-${t.backend}` === r.engine;
    return { ...r, speedRatio, memoryRatio, ...(targeted ? { target: t.ratio, met: speedRatio >= t.ratio } : {}) };
  });
}

export function printTable(results: readonly Result[]): void {
  const rows = [['workload', 'engine', 'samples/s', 'as configured', 'eval share', 'vs 1 thread', 'ours/theirs', 'target', 'met?', 'retained MB', 'peak MB', 'mem ours/theirs', 'cpu/wall', 'per CPU-s']];
  for (const r of results) {
    const c = r.configuredSamplesPerSecond;
    rows.push([
      r.workload, r.engine, Math.round(r.samplesPerSecond).toLocaleString('en-US'),
      c === undefined ? '' : Math.round(c).toLocaleString('en-US'),
      c === undefined ? '' : `${(100 * Math.max(0, 1 - c / r.samplesPerSecond)).toFixed(1)}%`,
      r.speedUp === undefined ? '' : `${r.speedUp.toFixed(2)}×`,
      r.speedRatio === undefined ? '' : `${r.speedRatio.toFixed(2)}×`,
      r.target === undefined ? '' : `≥ ${r.target}×`,
      r.met === undefined ? '' : r.met ? 'yes' : 'NO',
      mb(r.memory.retainedBytes), mb(r.memory.peakBytes),
      r.memoryRatio === undefined ? '' : r.memoryRatio.toFixed(2),
      r.cpuPerWall === undefined ? '' : r.cpuPerWall.toFixed(2),
      // Samples per second of CPU time: steadier than samples/s when the machine is loaded.
      r.cpuPerWall === undefined ? '' : Math.round(r.samplesPerSecond / r.cpuPerWall).toLocaleString('en-US'),
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(line(rows[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
}

export function writeJson(path: string, payload: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(payload, null, 2) + '\n');
}
