import * as path from 'node:path';
import { parseConfig } from '../config-parse';
import { isSyntheticName } from '../data/synthetic';
import { UserError } from '../errors';
import { MODEL_PRESETS, ModelPreset, PRESET_HELP, applyPreset } from '../presets';
import { SummaryEvent } from '../protocol';
import { Trainer, prepareData } from '../trainer';
import { applyFlags, parseCommandArgs } from './cli-args';
import { loadDataset } from './load-dataset';

export const MODELS_HELP = `Usage: gradient-lab models <dataset> [options]

Trains each model family on the same split of one dataset and prints one table: accuracy
(or R²), training time and number of parameters.
${MODEL_PRESETS.map((p) => `  ${p.padEnd(20)} ${PRESET_HELP[p]}`).join('\n')}

  --degree D   the polynomial model's degree (default 2)
  --pca K      the PCA model's components (default 2)
  --epochs N, --lr X, --batch N, --optimizer NAME, --seed N   as for train
  --json       the rows as JSON`;

export interface ModelRow {
  preset: ModelPreset;
  parameters: number;
  seconds: number;
  summary: SummaryEvent;
}

/** Runs `gradient-lab models`: one row per model family (linear regression only for regression data). */
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
  const rows: ModelRow[] = [];
  for (const preset of presets) {
    const config = applyPreset(base, preset, {
      degree: base.features.polynomial?.degree ?? 2,
      components: base.features.pca?.components ?? 2,
    });
    const t0 = performance.now();
    const trainer = new Trainer(config, prepareData(config, data));
    let last;
    for (const e of trainer.run()) last = e;
    if (last?.type !== 'summary') continue;
    rows.push({ preset, parameters: last.parameterCount, seconds: (performance.now() - t0) / 1000, summary: last });
  }
  if (flags.json) {
    out.write(JSON.stringify(rows) + '\n');
    return 0;
  }
  const quality = data.task === 'classification' ? 'validation accuracy' : 'validation R²';
  out.write(`| model | ${quality} | training time | parameters |\n| --- | --- | --- | --- |\n`);
  for (const r of rows) {
    const q = data.task === 'classification' ? `${(100 * (r.summary.valAccuracy ?? NaN)).toFixed(1)}%` : (r.summary.valR2 ?? NaN).toFixed(4);
    out.write(`| ${r.preset} | ${q} | ${r.seconds.toFixed(2)} s | ${r.parameters} |\n`);
  }
  return 0;
}
