/**
 * Parse-speed benchmark: our byte-level CSV reader against papaparse and d3-dsv's csvParseRows
 * on the same generated numeric CSV (default 1,000,000 rows × 12 columns ≈ 100 MB), in the same
 * process, and against a bare byte-to-float loop (./bare-parser.ts) that does nothing else: the
 * reference a full reader can approach. Every contender ends with float32 values. Ours starts
 * from the file's bytes and does its whole load (sniff, parse, type, encode); the libraries start
 * from the text already decoded to a string (not timed), d3-dsv in its fastest use (a row
 * callback converting each row and keeping none), so each is timed at its best. Contenders are
 * interleaved over the repeats (best of each kept), so a burst of load on a shared machine does
 * not fall on one of them only. Reported as rows/s, ratios, and CPU time (process CPU over wall).
 */
import { csvParseRows } from 'd3-dsv';
import Papa from 'papaparse';
import { parseDataset } from '../../engine/data/load';
import { bareParse } from './bare-parser';

export interface ParseBenchResult {
  readonly rows: number;
  readonly columns: number;
  readonly megabytes: number;
  /** Rows per second. */
  readonly ours: number;
  readonly d3: number;
  readonly papaparse: number;
  /** The bare byte-to-float loop: the reference. */
  readonly bare: number;
  /** ours / d3, ours / papaparse, ours / bare. */
  readonly vsD3: number;
  readonly vsPapaparse: number;
  readonly vsBare: number;
  /** Process CPU time over wall time during the whole benchmark (below 1: the machine was loaded). */
  readonly cpuPerWall: number;
}

/** A numeric CSV with a header, `cols - 1` features and a 0/1 label, deterministic. */
export function makeNumericCsv(rows: number, cols: number): Uint8Array {
  const parts: string[] = [];
  parts.push(Array.from({ length: cols - 1 }, (_, j) => `f${j}`).join(',') + ',label\n');
  let s = 12345;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let j = 0; j < cols - 1; j++) {
      s = (s * 1103515245 + 12345) >>> 0;
      line += ((s / 4294967296) * 200 - 100).toFixed(4) + ',';
    }
    line += (s & 1) + '\n';
    lines.push(line);
    if (lines.length === 10000) {
      parts.push(lines.join(''));
      lines.length = 0;
    }
  }
  parts.push(lines.join(''));
  return new TextEncoder().encode(parts.join(''));
}

/** Times each contender once per repeat, interleaved; keeps each one's best (least disturbed) time in seconds. */
async function timeInterleaved(contenders: Record<string, () => unknown>, repeats: number): Promise<Record<string, number>> {
  const best: Record<string, number> = {};
  for (let i = 0; i < repeats; i++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const t0 = performance.now();
      await fn();
      const s = (performance.now() - t0) / 1000;
      best[name] = Math.min(best[name] ?? Infinity, s);
    }
  }
  return best;
}

export async function runParseBench(rows = 1_000_000, cols = 12, repeats = 3): Promise<ParseBenchResult> {
  const bytes = makeNumericCsv(rows, cols);
  const out = new Float32Array(rows * cols);
  // The libraries parse strings: they get the text decoded beforehand, outside the timing.
  const text = new TextDecoder().decode(bytes);
  const cpu0 = process.cpuUsage(), wall0 = performance.now();
  const t = await timeInterleaved({
    ours: async () => {
      const ds = await parseDataset(bytes, 'bench.csv', {});
      if (ds.rows !== rows) throw new Error(`ours parsed ${ds.rows} rows`);
    },
    bare: () => bareParse(bytes, rows, cols),
    // d3-dsv's fastest use: a row callback that converts each row as it is parsed and keeps none.
    d3: () => {
      let k = 0, parsed = 0;
      csvParseRows(text, (row, i): null => {
        if (i === 0) return null;
        for (let j = 0; j < row.length; j++) out[k++] = +row[j]!;
        parsed++;
        return null;
      });
      if (parsed !== rows) throw new Error(`d3 parsed ${parsed} rows`);
    },
    papaparse: () => {
      const res = Papa.parse<number[]>(text, { dynamicTyping: true, skipEmptyLines: true });
      let k = 0;
      for (let r = 1; r < res.data.length; r++) for (const v of res.data[r]!) out[k++] = v;
      if (res.data.length - 1 !== rows) throw new Error(`papaparse parsed ${res.data.length - 1} rows`);
    },
  }, repeats);
  const c = process.cpuUsage(cpu0);
  const cpuPerWall = (c.user + c.system) / 1000 / (performance.now() - wall0);
  const result: ParseBenchResult = {
    rows,
    columns: cols,
    megabytes: bytes.length / 1e6,
    ours: rows / t.ours!,
    d3: rows / t.d3!,
    papaparse: rows / t.papaparse!,
    bare: rows / t.bare!,
    vsD3: t.d3! / t.ours!,
    vsPapaparse: t.papaparse! / t.ours!,
    vsBare: t.bare! / t.ours!,
    cpuPerWall,
  };
  const f = (v: number) => `${(v / 1e6).toFixed(2)} M rows/s`;
  const mbs = (s: number) => `${(result.megabytes / s).toFixed(0)} MB/s`;
  console.log(`CSV parse, ${rows} rows × ${cols} columns (${result.megabytes.toFixed(0)} MB), best of ${repeats} interleaved; ours from bytes (whole load: sniff, parse, type, encode), d3-dsv and papaparse from a string already in memory (d3 with a row callback), bare = a byte-to-float loop that checks nothing:`);
  console.log(`  gradient-lab   ${f(result.ours)}  ${mbs(t.ours!)}  (${t.ours!.toFixed(2)} s)   ${(100 * result.vsBare).toFixed(0)}% of bare (target ≥ 60%)`);
  console.log(`  bare loop      ${f(result.bare)}  ${mbs(t.bare!)}  (${t.bare!.toFixed(2)} s)`);
  console.log(`  d3-dsv         ${f(result.d3)}  ${mbs(t.d3!)}  (${t.d3!.toFixed(2)} s)   ours is ${result.vsD3.toFixed(2)}× d3-dsv (target ≥ 5×)`);
  console.log(`  papaparse      ${f(result.papaparse)}  ${mbs(t.papaparse!)}  (${t.papaparse!.toFixed(2)} s)   ours is ${result.vsPapaparse.toFixed(2)}× papaparse`);
  console.log(`  cpu/wall ${cpuPerWall.toFixed(2)} over the CSV benchmark`);
  return result;
}

// Run directly: npx tsx test/bench/parse.bench.ts [rows]
if (process.argv[1] && /parse\.bench\.[tj]s$/.test(process.argv[1])) {
  void runParseBench(process.argv[2] ? +process.argv[2] : undefined);
}
