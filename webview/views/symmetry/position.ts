import type { SymRun } from './protocol';

/**
 * Where the run is: the step of the latest measurement and the epochs completed, counted as the
 * training panel counts them (the epoch events', then the summary's), so "300 of 300" at the end.
 */
export function statusPosition(run: SymRun): string {
  if (!run.latest && run.epochsDone === undefined) return '';
  const step = run.latest ? ` · step ${run.latest.step}` : '';
  const done = run.epochsDone !== undefined ? `${run.latest ? ',' : ' ·'} ${run.epochsDone}${run.epochs ? ` of ${run.epochs}` : ''} epochs done` : '';
  return step + done;
}
