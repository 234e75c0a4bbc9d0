/**
 * A run's row in words (label, description, tooltip), without `vscode` so tests read exactly
 * what the Runs tree shows. The tooltip is plain text: config values are never read as Markdown.
 */
import { dataLines, distinguishingText, flattenConfig } from '../shared/run-fields';
import type { RunRecord } from './run-store';
import { locationName } from '../engine/data/files';

/**
 * The row's description: "val acc 81.8% · 8,8 tanh · adam 0.01 · glorot-uniform" (a run that
 * did not finish starts with its status), or "damaged: config.json is not valid JSON".
 */
export function describeRun(r: RunRecord): string {
  if (r.damage && !r.config) return `damaged: ${r.damage}`;
  const text = r.config ? distinguishingText(r.config, r.summary && 'epochs' in r.summary ? r.summary : undefined) : '';
  const lead = r.damage ? 'damaged' : r.status === 'finished' ? '' : r.status;
  return [lead, text].filter(Boolean).join(' · ');
}

/** The row's label: the run's name, with its dataset when the name does not already say it. */
export function runLabel(r: RunRecord): string {
  const data = locationName(r.dataset);
  return data && data.replace(/\.[^.]*$/, '') !== r.name ? `${r.name} — ${data}` : r.name;
}

/** The tooltip, plain text (nothing in it is read as Markdown): status, folder, problem, config, data. */
export function runTooltip(r: RunRecord, message?: string, started?: Parameters<typeof dataLines>[0]): string {
  const lines = [`${r.name} (${r.status})`, r.dir || 'not saved (no workspace folder)'];
  if (r.damage) lines.push('', `Damaged: ${r.damage}`);
  if (message) lines.push('', message);
  if (r.config) lines.push('', 'Config:', ...flattenConfig(r.config).map(([k, v]) => `  ${k}: ${v}`));
  const data = dataLines(started);
  if (data.length) lines.push('', 'Data:', ...data.map((l) => `  ${l}`));
  return lines.join('\n');
}

