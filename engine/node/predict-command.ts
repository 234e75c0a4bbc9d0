import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ModelBundle } from '../bundle/bundle';
import { Predictions, modelFromBundle, predictEncoded, scorePredictions } from '../bundle/predict';
import { predictionsCsv, scoreLine } from '../bundle/predictions-text';
import { UserError } from '../errors';
import { parseOwnArgs } from './cli-args';
import { readRowsForModel } from './read-rows';
import { readSavedModel } from './run-folder';

export const PREDICT_HELP = `Usage: gradient-lab predict <run-folder> <data-file> [--out predictions.csv] [--json]

Predicts every row of a new data file with a saved run's model (a folder written by
"gradient-lab train --out" or by VS Code under .gradient-lab/runs). The file is read with the
training file's decisions: the same columns, categories, missing-value fills and scaling. The
label column may be missing; when it is there, the accuracy (classification) or R² is printed.
Missing columns, missing values, unknown categories and unknown classes are each counted.

  --out <file>   write the predictions there (default: standard output)
  --json         JSON instead of CSV: {"rows", "predictions": [{"row", "predicted",
                 "probabilities"}], "messages", "accuracy" or "r2"}

CSV columns: row (1 = the first data row), predicted (a class name or a value), and for
classification one probability column per class, "probability:<class>".`;

/** Runs `gradient-lab predict`. */
export async function predictCommand(args: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const { values, positionals } = parseOwnArgs(args, 'predict', { out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    out.write(PREDICT_HELP + '\n');
    return 0;
  }
  if (positionals.length !== 2) throw new UserError(`gradient-lab predict takes a run folder and a data file, got ${positionals.length} argument(s). Run "gradient-lab predict --help".`);
  const saved = readSavedModel(path.resolve(positionals[0]!));
  const bundle = saved.bundle;
  const delimiter = saved.config?.dataset?.delimiter;
  const rows = await readRowsForModel(path.resolve(positionals[1]!), bundle, delimiter ? { delimiter } : {});
  const model = modelFromBundle(bundle, saved.weights);
  const p = predictEncoded(bundle, model, rows.x, rows.rows);
  const score = rows.labels ? scorePredictions(bundle, p, rows.labels) : undefined;
  const text = values.json ? predictionsJson(bundle, p, rows.messages, score) : predictionsCsv(bundle, p);
  const report = values.out ? out : err;
  for (const m of rows.messages) report.write(`note: ${m}\n`);
  if (values.out) {
    await writeFile(path.resolve(values.out), text).catch((e: NodeJS.ErrnoException) => {
      throw new UserError(`--out ${values.out}: cannot write the predictions (${e.code ?? e.message}); check the path.`);
    });
    out.write(`${rows.rows.toLocaleString('en-US')} predictions written to ${values.out}\n`);
  } else out.write(text);
  if (score) report.write(`${scoreLine(score)}\n`);
  return 0;
}

function predictionsJson(bundle: ModelBundle, p: Predictions, messages: string[], score: ReturnType<typeof scorePredictions> | undefined): string {
  const classes = bundle.output.classes ?? [];
  const predictions = Array.from({ length: p.rows }, (_, r) => bundle.task === 'classification'
    ? { row: r + 1, predicted: classes[p.predicted[r]!], probabilities: Object.fromEntries(classes.map((c, k) => [c, p.outputs[r * p.width + k]])) }
    : { row: r + 1, predicted: p.predicted[r] });
  return JSON.stringify({ rows: p.rows, predictions, messages, ...(score ? { [score.metric]: score.value, scoredRows: score.rows } : {}) }) + '\n';
}
