/**
 * Parse-speed benchmark: our byte-level CSV reader against papaparse and d3-dsv's csvParseRows
 * on the same generated numeric CSV (default 1,000,000 rows × 12 columns ≈ 100 MB), in the same
 * process. Every contender ends with float32 values. Ours starts from the file's bytes and does
 * its whole load (sniff, parse, type, encode); the libraries start from the text already decoded
 * to a string (not timed), d3-dsv in its fastest use (a row callback converting each row and
 * keeping none), so each is timed at its best. Reported as rows/s and as ratios to ours.
 */
import { csvParseRows } from 'd3-dsv';
import Papa from 'papaparse';
import { parseDataset } from '../../engine/data/load';

export interface ParseBenchResult {
  readonly rows: number;
  readonly columns: number;
  readonly megabytes: number;
  /** Rows per second. */
  readonly ours: number;
  readonly d3: number;
  readonly papaparse: number;
  /** ours / d3 and ours / papaparse. */
  readonly vsD3: number;
  readonly vsPapaparse: number;
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

function best(times: number[]): number {
  return Math.min(...times);
}

async function time(fn: () => unknown | Promise<unknown>, repeats: number): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return best(t) / 1000;
}

export async function runParseBench(rows = 1_000_000, cols = 12, repeats = 2): Promise<ParseBenchResult> {
  const bytes = makeNumericCsv(rows, cols);
  const out = new Float32Array(rows * cols);
  const ours = await time(async () => {
    const ds = await parseDataset(bytes, 'bench.csv', {});
    if (ds.rows !== rows) throw new Error(`ours parsed ${ds.rows} rows`);
  }, repeats);
  // The libraries parse strings: they get the text decoded beforehand, outside the timing, and
  // d3-dsv its fastest use, a row callback that converts each row as it is parsed and keeps none.
  const text = new TextDecoder().decode(bytes);
  const d3 = await time(() => {
    let k = 0, parsed = 0;
    // Returning null keeps no row object.
    csvParseRows(text, (row, i): null => {
      if (i === 0) return null;
      for (let j = 0; j < row.length; j++) out[k++] = +row[j]!;
      parsed++;
      return null;
    });
    if (parsed !== rows) throw new Error(`d3 parsed ${parsed} rows`);
  }, repeats);
  const papa = await time(() => {
    const res = Papa.parse<number[]>(text, { dynamicTyping: true, skipEmptyLines: true });
    let k = 0;
    for (let r = 1; r < res.data.length; r++) for (const v of res.data[r]!) out[k++] = v;
    if (res.data.length - 1 !== rows) throw new Error(`papaparse parsed ${res.data.length - 1} rows`);
  }, repeats);
  const result: ParseBenchResult = {
    rows,
    columns: cols,
    megabytes: bytes.length / 1e6,
    ours: rows / ours,
    d3: rows / d3,
    papaparse: rows / papa,
    vsD3: d3 / ours,
    vsPapaparse: papa / ours,
  };
  const f = (v: number) => `${(v / 1e6).toFixed(2)} M rows/s`;
  console.log(`CSV parse, ${rows} rows × ${cols} columns (${result.megabytes.toFixed(0)} MB), best of ${repeats}; ours from bytes (whole load: sniff, parse, type, encode), d3-dsv and papaparse from a string already in memory (d3 with a row callback):`);
  console.log(`  gradient-lab   ${f(result.ours)}  (${ours.toFixed(2)} s)`);
  console.log(`  d3-dsv         ${f(result.d3)}  (${d3.toFixed(2)} s)   ours is ${result.vsD3.toFixed(2)}× d3-dsv`);
  console.log(`  papaparse      ${f(result.papaparse)}  (${papa.toFixed(2)} s)   ours is ${result.vsPapaparse.toFixed(2)}× papaparse`);
  return result;
}

// Run directly: npx tsx test/bench/parse.bench.ts [rows]
if (process.argv[1] && /parse\.bench\.[tj]s$/.test(process.argv[1])) {
  void runParseBench(process.argv[2] ? +process.argv[2] : undefined);
}
