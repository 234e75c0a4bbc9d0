import { EpochEvent, StartedEvent, SummaryEvent } from '../protocol/training';

/** Formats a metric for a terminal line: 4 significant digits, or "–" when absent. */
export function fmt(v: number | undefined, percent = false): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  return percent ? `${(v * 100).toFixed(1)}%` : v.toPrecision(4);
}

/** One line describing a run before it starts. */
export function startedLine(e: StartedEvent): string {
  const d = e.dataset, c = e.config;
  const layers = [d.inputs, ...c.model.hidden.map((h) => h.units), e.model.layers.at(-1)!.units].join('-');
  return `Training ${layers} ${c.model.activation} on ${d.source} (${d.trainRows} train / ${d.validationRows} validation rows, ${d.task}` +
    `${d.classCount ? `, ${d.classCount} classes` : ''}) with ${c.optimizer.kind} lr ${c.optimizer.learningRate}, loss ${e.loss}, ` +
    `${c.training.epochs} epochs of ${e.stepsPerEpoch} steps.`;
}

/** The per-epoch line: loss and accuracy or R² for train and validation. */
export function epochLine(e: EpochEvent, epochs: number): string {
  const width = String(epochs).length;
  const quality = e.trainAccuracy !== undefined
    ? `acc ${fmt(e.trainAccuracy, true)} / ${fmt(e.valAccuracy, true)}`
    : `R² ${fmt(e.trainR2)} / ${fmt(e.valR2)}`;
  return `epoch ${String(e.epoch).padStart(width)}/${epochs}  loss ${fmt(e.trainLoss)} / ${fmt(e.valLoss)}  ${quality}  (train / validation)`;
}

/** A one-line progress bar for the current epoch, rewritten in place with "\r". */
export function progressBar(epoch: number, epochs: number, stepInEpoch: number, stepsPerEpoch: number, loss: number): string {
  const width = 24;
  const done = Math.round((stepInEpoch / Math.max(1, stepsPerEpoch)) * width);
  return `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] epoch ${epoch}/${epochs}  batch loss ${fmt(loss)}`;
}

/** The closing lines of a run. */
export function summaryLines(s: SummaryEvent): string {
  const quality = s.trainAccuracy !== undefined
    ? `accuracy ${fmt(s.trainAccuracy, true)} train, ${fmt(s.valAccuracy, true)} validation`
    : `R² ${fmt(s.trainR2)} train, ${fmt(s.valR2)} validation`;
  return `${s.status === 'finished' ? 'Finished' : s.status === 'stopped' ? 'Stopped' : 'Diverged'} after ${s.epochs} epochs, ${s.steps} steps: ` +
    `loss ${fmt(s.trainLoss)} train, ${fmt(s.valLoss)} validation; ${quality}.\n` +
    `${s.parameterCount} parameters, ${Math.round(s.samplesPerSecond).toLocaleString('en-US')} samples/s, ${s.elapsedSeconds.toFixed(1)} s.` +
    (s.distinctNeurons.length ? `\nDistinct neurons per hidden layer: ${s.distinctNeurons.join(', ')}` +
      (s.distinctNeurons.every((n) => n === 1) ? ' — every layer is symmetric: its neurons all learned the same thing.' : '.') : '');
}
