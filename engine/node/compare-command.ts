import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfigText } from '../config-parse';
import { UserError } from '../errors';
import { SummaryEvent } from '../protocol/training';
import { Trainer, prepareData } from '../trainer';
import { loadDataset } from './load-dataset';

export const COMPARE_HELP = `Usage: gradient-lab compare <exp.glab.json> <exp.glab.json> ... [--seeds N] [--json]

Trains each experiment with N seeds (data and init seeds 1…N; default 3) and prints a table of
the final loss and accuracy (or R²), as mean ± standard deviation over the seeds.
Example (the deeplearning.ai "Initialization" comparison):
  gradient-lab compare samples/circles-zeros.glab.json samples/circles-large.glab.json samples/circles-he.glab.json`;

interface Row {
  name: string;
  runs: SummaryEvent[];
}

/** "mean ± sd" over the seeds: losses to 4 decimals, shares as percentages. */
function meanSd(values: (number | undefined)[], percent = false): string {
  const v = values.filter((x): x is number => x !== undefined && Number.isFinite(x));
  if (!v.length) return '–';
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  const show = (x: number): string => (percent ? `${(100 * x).toFixed(1)}%` : x.toFixed(4));
  return v.length > 1 ? `${show(mean)} ± ${percent ? (100 * sd).toFixed(1) : sd.toFixed(4)}` : show(mean);
}

/** A Markdown table, one row per experiment. */
export function comparisonTable(rows: Row[]): string {
  const classification = rows.some((r) => r.runs[0]?.trainAccuracy !== undefined);
  const head = classification
    ? ['experiment', 'train loss', 'validation loss', 'train accuracy', 'validation accuracy']
    : ['experiment', 'train loss', 'validation loss', 'train R²', 'validation R²'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const r of rows) {
    const cells = [r.name, meanSd(r.runs.map((s) => s.trainLoss)), meanSd(r.runs.map((s) => s.valLoss))];
    if (classification) cells.push(meanSd(r.runs.map((s) => s.trainAccuracy), true), meanSd(r.runs.map((s) => s.valAccuracy), true));
    else cells.push(meanSd(r.runs.map((s) => s.trainR2)), meanSd(r.runs.map((s) => s.valR2)));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Runs `gradient-lab compare`. */
export async function compareCommand(args: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { seeds: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (e) {
    throw new UserError(`${(e as Error).message}. Run "gradient-lab compare --help".`);
  }
  if (parsed.values.help) {
    out.write(COMPARE_HELP + '\n');
    return 0;
  }
  const seeds = Number(parsed.values.seeds ?? 3);
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > 100) throw new UserError(`--seeds: "${parsed.values.seeds}" is not a whole number from 1 to 100.`);
  if (parsed.positionals.length < 1) throw new UserError('gradient-lab compare needs experiment files (*.glab.json). Run "gradient-lab compare --help".');
  const rows: Row[] = [];
  for (const file of parsed.positionals) {
    const full = path.resolve(file);
    const text = await readFile(full, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new UserError(`${file}: cannot read the experiment file (${e.code ?? e.message}); check the path.`);
    });
    const base = parseConfigText(text, full);
    const row: Row = { name: base.name, runs: [] };
    for (let seed = 1; seed <= seeds; seed++) {
      const config = { ...base, seeds: { data: seed, init: seed } };
      const data = await loadDataset(config.dataset, seed, path.dirname(full));
      let last;
      for (const e of new Trainer(config, prepareData(config, data)).run()) last = e;
      if (last?.type === 'summary') row.runs.push(last);
      if (err.isTTY && !parsed.values.json) err.write(`\r\x1b[K${base.name}: seed ${seed}/${seeds} done`);
    }
    rows.push(row);
  }
  if (err.isTTY && !parsed.values.json) err.write('\r\x1b[K');
  out.write(parsed.values.json ? JSON.stringify(rows) + '\n' : comparisonTable(rows) + '\n');
  return 0;
}
