/**
 * A run is never overwritten: when the worker starts over inside one session (Reset, a new
 * initialization, a re-drawn init), the events from its new `started` on belong to a new run
 * folder, and the run cut short is recorded as stopped with the metrics it reached. Pure.
 */
import type { SummaryEvent } from '../engine/protocol/training';
import type { RunSnapshot } from '../webview/protocol';

/** The JSON Lines of one batch cut before each `started` line: `[before, fromFirstStarted, fromSecond…]`. */
export function splitAtStarted(jsonl: string): string[] {
  const parts = [''];
  for (const line of jsonl.split('\n')) {
    if (!line) continue;
    if (line.startsWith('{"type":"started"')) parts.push('');
    parts[parts.length - 1] += `${line}\n`;
  }
  return parts;
}

/** The summary of a run ended by a restart: stopped, at its last step, with its last epoch's metrics. */
export function cutShortSummary(run: RunSnapshot, reason: string): SummaryEvent & { reason: string } {
  const epoch = run.epochs.at(-1);
  const step = run.steps.at(-1);
  return {
    type: 'summary', status: 'stopped',
    epochs: epoch?.epoch ?? 0, steps: step?.step ?? epoch?.step ?? 0,
    trainLoss: epoch?.trainLoss ?? step?.loss ?? Number.NaN,
    ...(epoch?.valLoss !== undefined ? { valLoss: epoch.valLoss } : {}),
    ...(epoch?.trainAccuracy !== undefined ? { trainAccuracy: epoch.trainAccuracy } : {}),
    ...(epoch?.valAccuracy !== undefined ? { valAccuracy: epoch.valAccuracy } : {}),
    ...(epoch?.trainR2 !== undefined ? { trainR2: epoch.trainR2 } : {}),
    ...(epoch?.valR2 !== undefined ? { valR2: epoch.valR2 } : {}),
    samplesPerSecond: epoch?.samplesPerSecond ?? 0, elapsedSeconds: epoch?.elapsedSeconds ?? 0,
    parameterCount: run.started?.model.parameterCount ?? 0, distinctNeurons: [],
    reason,
  };
}
