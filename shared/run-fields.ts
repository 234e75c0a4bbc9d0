/**
 * What a run is, in words: its config as flat `field: value` lines, the fields that tell runs
 * apart, and the short line the Runs tree shows. Pure (no DOM, no `vscode`): the Runs tree's
 * tooltip, the comparison panel's config diff and the past-run panel all read it from here.
 */
import type { ExperimentConfig } from '../engine/protocol/experiment';
import type { StartedEvent } from '../engine/protocol/training';

/** A config as `[path, value]` pairs (`optimizer.learningRate`, `0.01`), arrays of scalars kept on one line. */
export function flattenConfig(config: unknown, prefix = ''): [string, string][] {
  if (config === null || typeof config !== 'object') return [[prefix || '(value)', JSON.stringify(config) ?? 'undefined']];
  if (Array.isArray(config)) {
    if (config.every((v) => v === null || typeof v !== 'object')) return [[prefix, config.map((v) => String(v)).join(', ') || '(none)']];
    return config.flatMap((v, i) => flattenConfig(v, `${prefix}[${i}]`));
  }
  const entries = Object.entries(config as Record<string, unknown>);
  if (!entries.length) return prefix ? [[prefix, '(none)']] : [];
  return entries.flatMap(([k, v]) => (v !== null && typeof v === 'object' ? flattenConfig(v, prefix ? `${prefix}.${k}` : k) : [[prefix ? `${prefix}.${k}` : k, typeof v === 'string' ? v : String(v)] as [string, string]]));
}

/** The flat fields whose values differ between runs (a field some runs lack differs too), in first-seen order. */
export function differingFields(configs: [string, string][][]): string[] {
  const maps = configs.map((c) => new Map(c));
  const keys: string[] = [];
  for (const c of configs) for (const [k] of c) if (!keys.includes(k)) keys.push(k);
  return keys.filter((k) => new Set(maps.map((m) => m.get(k) ?? '(not set)')).size > 1);
}

/** Hidden layers and activation, "8,8 tanh" ("linear" without hidden layers). */
export function shapeText(config: ExperimentConfig): string {
  const hidden = config.model.hidden.map((h) => h.units).join(',');
  return hidden ? `${hidden} ${config.model.activation}` : 'linear';
}

/** The settings that shape a run, in one line: "8,8 tanh · adam 0.01 · glorot-uniform · 50 epochs · batch 32". */
export function shapeAndOptimizer(config: ExperimentConfig): string {
  return `${distinguishingText(config)} · ${config.training.epochs} epochs · batch ${config.training.batchSize}`;
}

/** The run's final quality in one item: "val acc 81.8%", "val R² 0.93", "loss 0.123". */
export function finalMetricText(s: { trainLoss?: number; valLoss?: number; valAccuracy?: number; valR2?: number } | undefined): string | undefined {
  if (!s) return undefined;
  if (typeof s.valAccuracy === 'number') return `val acc ${(s.valAccuracy * 100).toFixed(1)}%`;
  if (typeof s.valR2 === 'number') return `val R² ${Number(s.valR2.toPrecision(3))}`;
  if (typeof s.trainLoss === 'number' && Number.isFinite(s.trainLoss)) return `loss ${Number(s.trainLoss.toPrecision(4))}`;
  return undefined;
}

/** What tells runs of one dataset apart: "val acc 81.8% · 8,8 tanh · adam 0.01 · he-normal". */
export function distinguishingText(config: ExperimentConfig, summary?: Parameters<typeof finalMetricText>[0]): string {
  const metric = finalMetricText(summary);
  return [...(metric ? [metric] : []), shapeText(config), `${config.optimizer.kind} ${config.optimizer.learningRate}`, config.init.weights.kind].join(' · ');
}

/** Up to 8 names, then "…". */
const someNames = (names: readonly string[]): string => `${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`;

/**
 * The data decisions a run's `started` event records, one line each. Runs saved before the
 * decisions object carried names have numbers in `classes` and `features`: both shapes read.
 */
export function dataLines(started: StartedEvent | undefined): string[] {
  if (!started) return [];
  const d = started.dataset as StartedEvent['dataset'] & { classes: readonly string[] | number; features: readonly string[] | number };
  const classNames = Array.isArray(d.classes) ? d.classes : d.classNames ?? [];
  const classCount = d.classCount ?? (typeof d.classes === 'number' ? d.classes : classNames.length);
  const features = Array.isArray(d.features) ? `${d.inputs ?? d.features.length} (${someNames(d.features)})` : `${d.features}`;
  return [
    `source: ${d.source}`,
    `task: ${d.task}${d.task === 'regression' ? '' : `, ${classCount} classes${classNames.length ? ` (${someNames(classNames)})` : ''}`}`,
    `features: ${features}`,
    `rows: ${d.trainRows} for training, ${d.validationRows} for validation`,
    `loss: ${started.loss}`,
    `model: ${started.model.parameterCount} parameters`,
  ];
}
