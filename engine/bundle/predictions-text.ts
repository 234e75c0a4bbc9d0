/**
 * Predictions as text: the CSV `gradient-lab predict` writes and the extension's Predict
 * commands write, and the score line both print. Pure.
 */
import type { ModelBundle } from './bundle';
import type { Predictions, scorePredictions } from './predict';

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
