import * as path from 'node:path';
import { parseConfig } from '../config-parse';
import { isSyntheticName } from '../data/synthetic';
import { splitDataset } from '../data/split';
import { FeatureSizeError, UserError } from '../errors';
import { baselineFlag, baselineOf } from '../inputs/baseline';
import { Prng } from '../prng';
import { MODEL_PRESETS, ModelPreset, PRESET_HELP, applyPreset } from '../presets';
import { SummaryEvent } from '../protocol/training';
import { Trainer, prepareData } from '../trainer';
import { applyFlags, parseCommandArgs } from './cli-args';
import { loadDataset } from './load-dataset';

export const MODELS_HELP = `Usage: gradient-lab models <dataset> [options]

Trains each model family on the same split of one dataset and prints one table: accuracy
(or R²), training time and number of parameters, below a baseline row (the majority class, or
the mean for regression); a family at or below the baseline is flagged ⚠, and a family whose
inputs would be too large (a polynomial of 784 pixels) is skipped with its term count while the
others run. Then one line per family on what its inputs went through.
${MODEL_PRESETS.map((p) => `  ${p.padEnd(20)} ${PRESET_HELP[p]}`).join('\n')}

  --degree D   the polynomial model's degree (default 2)
  --pca K      the PCA model's components (default 2)
  --epochs N, --lr X, --batch N, --optimizer NAME, --seed N   as for train
  --json       the rows as JSON`;

export interface ModelRow {
  preset: ModelPreset;
  parameters: number;
  seconds: number;
  /** Absent when the family was skipped. */
  summary?: SummaryEvent;
  /** Why the family was skipped (e.g. too many polynomial terms), and the term count when that is the reason. */
  skipped?: string;
  terms?: number;
  /** What the inputs went through ("random Fourier features: 1000, γ = …"). */
  stages: string[];
  /** Set when the family scores at or below the baseline. */
  belowBaseline?: string;
}

/** Runs `gradient-lab models`: a baseline row, then one row per model family (linear regression only for regression data). */
export async function modelsCommand(args: string[], out: NodeJS.WriteStream): Promise<number> {
  const { flags, positionals } = parseCommandArgs(args, 'models');
  if (flags.help) {
    out.write(MODELS_HELP + '\n');
    return 0;
  }
  const target = positionals[0];
  if (target === undefined || positionals.length !== 1) throw new UserError('gradient-lab models takes one dataset. Run "gradient-lab models --help".');
  const raw = applyFlags({ dataset: isSyntheticName(target) ? { synthetic: target } : { file: path.resolve(target) } }, flags);
  const base = parseConfig(raw, 'the command line');
  const data = await loadDataset(base.dataset, base.seeds.data, process.cwd());
  const presets = MODEL_PRESETS.filter((p) => (data.task === 'regression' ? p === 'linear-regression' || p === 'mlp' : p !== 'linear-regression'));
  // The families share prepareData's split (same seed); the baseline is scored on it too.
  const baseline = baselineOf(splitDataset(data, base.training.validationSplit, new Prng(base.seeds.data)), data.classNames);
  const rows: ModelRow[] = [];
  for (const preset of presets) {
    const config = applyPreset(base, preset, {
      degree: base.features.polynomial?.degree ?? 2,
      components: base.features.pca?.components ?? 2,
      images: !!data.imageShape,
    });
    const t0 = performance.now();
    let prepared;
    try {
      prepared = prepareData(config, data);
    } catch (e) {
      // One family that does not fit (a polynomial of 784 pixels) is skipped; the others run.
      if (!(e instanceof FeatureSizeError)) throw e;
      rows.push({ preset, parameters: 0, seconds: (performance.now() - t0) / 1000, stages: [], skipped: e.message, terms: e.terms });
      continue;
    }
    const trainer = new Trainer(config, prepared);
    let last;
    for (const e of trainer.run()) last = e;
    if (last?.type !== 'summary') continue;
    const flag = baselineFlag(baseline, last);
    rows.push({ preset, parameters: last.parameterCount, seconds: (performance.now() - t0) / 1000, summary: last, stages: [...prepared.features.stages], ...(flag ? { belowBaseline: flag } : {}) });
  }
  if (flags.json) {
    out.write(JSON.stringify({ baseline, rows }) + '\n');
    return 0;
  }
  const classification = data.task === 'classification';
  const quality = classification ? 'validation accuracy' : 'validation R²';
  const score = (s: { valAccuracy?: number; valR2?: number }) => (classification ? `${(100 * (s.valAccuracy ?? NaN)).toFixed(1)}%` : (s.valR2 ?? NaN).toFixed(4));
  out.write(`| model | ${quality} | training time | parameters |\n| --- | --- | --- | --- |\n`);
  out.write(`| ${classification ? 'majority class (baseline)' : 'mean (baseline)'} | ${score(baseline)} | – | 0 |\n`);
  for (const r of rows) {
    if (r.skipped !== undefined) out.write(`| ${r.preset} | skipped: ${r.terms?.toLocaleString('en-US') ?? '?'} terms | – | – |\n`);
    else out.write(`| ${r.preset} | ${score(r.summary!)}${r.belowBaseline ? ' ⚠' : ''} | ${r.seconds.toFixed(2)} s | ${r.parameters} |\n`);
  }
  out.write(`\nBaseline: ${baseline.description}.\n`);
  for (const r of rows) {
    if (r.skipped !== undefined) out.write(`${r.preset} skipped: ${r.skipped}\n`);
    else out.write(`${r.belowBaseline ? '⚠ ' : ''}${r.preset}: ${[r.belowBaseline, ...r.stages].filter(Boolean).join('; ') || 'the raw features'}\n`);
  }
  return 0;
}
