import * as path from 'node:path';
import { parseConfig } from '../config-parse';
import { describe, formatSummary } from '../data/describe';
import { isSyntheticName } from '../data/synthetic';
import { UserError } from '../errors';
import { applyFlags, parseCommandArgs } from './cli-args';
import { loadDataset } from './load-dataset';

export const INSPECT_HELP = `Usage: gradient-lab inspect <dataset> [options]

Reads a data file (or generates a built-in set) and prints what Gradient Lab makes of it:
rows, columns with their types, missing values, ranges or categories, the label and its
balance, and every decision taken (dropped columns, dropped rows, imputed values).

  --label <column>       the label column (name or 1-based number)
  --task classification|regression
  --missing drop|mean|mode
  --dates ignore|number  date columns: left out (default) or days since 1970
  --delimiter <c>        , ; | or tab
  --image-shape HxW[xC]  the shape of pixel rows (e.g. 28x28, 32x32x3)
  --max-categories N     one-hot categories per column, and label classes (at least 200); default 50
  --max-megabytes N      largest dataset as 32-bit floats (and .gz output), in MB; default 512
  --max-field-megabytes N  longest single field of a delimited file, in MB; default 1
  --json                 the summary as JSON`;

/** Runs `gradient-lab inspect`: prints the dataset's summary. */
export async function inspectCommand(args: string[], out: NodeJS.WriteStream): Promise<number> {
  const { flags, positionals } = parseCommandArgs(args, 'inspect');
  if (flags.help) {
    out.write(INSPECT_HELP + '\n');
    return 0;
  }
  const target = positionals[0];
  if (positionals.length !== 1 || target === undefined) {
    throw new UserError('gradient-lab inspect takes one dataset: a data file, or a built-in set such as "iris.csv" or "spiral". Run "gradient-lab inspect --help".');
  }
  const raw = applyFlags({ dataset: isSyntheticName(target) ? { synthetic: target } : { file: path.resolve(target) } }, flags);
  const config = parseConfig(raw, 'the command line');
  const data = await loadDataset(config.dataset, config.seeds.data, process.cwd());
  const summary = describe(data);
  out.write((flags.json ? JSON.stringify(summary) : formatSummary(summary)) + '\n');
  return 0;
}
