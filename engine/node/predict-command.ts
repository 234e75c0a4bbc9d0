import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ModelBundle } from '../bundle/bundle';
import { Predictions, modelFromBundle, predictEncoded, scorePredictions } from '../bundle/predict';
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

/** A float32 as the shortest decimal that reads back to the same float32 (9 significant digits at most). */
function num(v: number): string {
  return String(Number(v.toPrecision(9)));
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The predictions as CSV text, one line per input row. */
export function predictionsCsv(bundle: ModelBundle, p: Predictions): string {
  const classes = bundle.output.classes ?? [];
  const head = ['row', 'predicted', ...(bundle.task === 'classification' ? classes.map((c) => `probability:${c}`) : [])].map(csvField).join(',');
  const lines = [head];
  for (let r = 0; r < p.rows; r++) {
    const cells = [String(r + 1)];
    if (bundle.task === 'classification') {
      cells.push(csvField(classes[p.predicted[r]!]!));
      for (let c = 0; c < p.width; c++) cells.push(num(p.outputs[r * p.width + c]!));
    } else cells.push(num(p.predicted[r]!));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** The score line: "accuracy 96.7% on 150 labelled rows" or "R² 0.912 on 80 rows". */
export function scoreLine(score: ReturnType<typeof scorePredictions>): string {
  return score.metric === 'accuracy'
    ? `accuracy ${(100 * score.value).toFixed(1)}% on ${score.rows.toLocaleString('en-US')} labelled rows`
    : `R² ${score.value.toFixed(4)} on ${score.rows.toLocaleString('en-US')} labelled rows`;
}

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
