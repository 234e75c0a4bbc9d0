import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseConfig, parseConfigText } from '../config-parse';
import { isSyntheticName } from '../data/synthetic';
import { UserError } from '../errors';
import { Trainer, prepareData } from '../trainer';
import { applyFlags, parseCommandArgs } from './cli-args';
import { ExperimentConfig } from '../config';
import { TrainerEvent } from '../protocol/training';
import { MODEL_PRESETS, ModelPreset, applyPreset } from '../presets';
import { loadDataset } from './load-dataset';
import { decisionLines } from '../data/decisions';
import { epochLine, progressBar, startedLine, summaryLines } from './progress';
import { RunFolderWriter } from './run-folder';
import { describeModel } from '../bundle/bundle';
import { Dataset } from '../data/dataset';

export const TRAIN_HELP = `Usage: gradient-lab train <dataset> [options]

<dataset> is a built-in set (spiral, circle, xor, gauss, moons, circles, plane, multi-gauss)
or a data file. Options override the experiment file given with --config.

  --config <file>        an experiment file (*.glab.json)
  --model 8,8            hidden layer sizes ("" for none: a linear or logistic model)
  --activation tanh      linear, relu, leaky-relu, tanh, sigmoid, sin, gelu, softplus
  --init he              zeros, constant:C, uniform:A:B, normal:M:S, glorot-uniform, glorot-normal,
                         he-uniform, he-normal (he), lecun-uniform, lecun-normal, orthogonal:G
  --optimizer adam       sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw
  --lr 0.01              learning rate
  --batch 32             batch size
  --epochs 50            passes over the training set
  --threads auto         threads computing each step's gradient: auto (one for small networks,
                         more where a second thread pays), or 1, 2, …
  --loss auto            auto, mse, binary-cross-entropy, softmax-cross-entropy, hinge, mse-on-sigmoid
  --seed N               data seed (split, shuffle, noise, dropout)
  --init-seed N          initialization seed
  --samples N --noise X  size and noise of a built-in set
  --validation-split F   share of rows held out (default 0.2)
  --label, --task, --missing, --dates, --delimiter, --image-shape   how to read a data file
  --max-categories N     one-hot categories per column, and label classes (at least 200); default 50
  --max-megabytes N      largest dataset as 32-bit floats (and .gz output), in MB; default 512
  --max-field-megabytes N  longest single field of a delimited file, in MB; default 1
  --max-model-megabytes N  largest model (weights, optimizer state, a batch of activations), in MB; default 1024
  --preset NAME          a model family: linear-regression, logistic-regression,
                         polynomial-logistic, svm, kernel-svm, pca-logistic, mlp
  --degree D             polynomial terms up to degree D (1–6)
  --pca K                project the inputs onto K principal components
  --crosses x1^2,x1*x2   Playground-style crosses appended to the inputs
  --out <folder>         save the run there (a new or empty folder): config.json, metrics.jsonl,
                         summary.json, weights and model.json, as VS Code saves runs; predict and
                         export read it
  --json                 one JSON event per line, ending with {"type":"summary",...}
  --steps                with --json, also one event per optimizer step`;

/** Runs `gradient-lab train`: returns the exit code (0 finished or stopped, 3 diverged). */
export async function trainCommand(args: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const { flags, positionals } = parseCommandArgs(args, 'train');
  if (flags.help) {
    out.write(TRAIN_HELP + '\n');
    return 0;
  }
  if (positionals.length > 1) throw new UserError(`gradient-lab train takes one dataset, got ${positionals.length}: ${positionals.join(' ')}`);
  let raw: Record<string, unknown> = {};
  let baseDir = process.cwd();
  let source = 'the command line';
  if (typeof flags.config === 'string') {
    const file = path.resolve(flags.config);
    const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new UserError(`--config ${flags.config}: cannot read the experiment file (${e.code ?? e.message}); check the path.`);
    });
    raw = JSON.parse(JSON.stringify(parseConfigText(text, file))); // validated once as written
    baseDir = path.dirname(file);
    source = `${file} with the command-line options`;
  }
  const dataset = positionals[0];
  if (dataset !== undefined) {
    raw.dataset = isSyntheticName(dataset) ? { synthetic: dataset } : { file: path.resolve(dataset) };
  } else if (typeof flags.config !== 'string') {
    throw new UserError('gradient-lab train needs a dataset: a built-in set such as "spiral", or a data file. Run "gradient-lab train --help" for more.');
  }
  let config = parseConfig(applyFlags(raw, flags), source);
  if (typeof flags.preset === 'string') config = withPreset(config, flags.preset);
  // The saved config (--out) must find its data from anywhere: the file's absolute path.
  if (config.dataset.file) config = { ...config, dataset: { ...config.dataset, file: path.resolve(baseDir, config.dataset.file) } };
  const data = await loadDataset(config.dataset, config.seeds.data, baseDir);
  const prepared = prepareData(config, data);
  const trainer = new Trainer(config, prepared);
  const writer = typeof flags.out === 'string' ? RunFolderWriter.create(path.resolve(flags.out), config) : undefined;
  const code = await drive(trainer, Boolean(flags.json), Boolean(flags.steps), out, err, writer && ((e) => writer.event(e)));
  if (writer) {
    saveModel(writer, trainer, data, prepared.features.transforms);
    if (!flags.json) out.write(`run saved to ${writer.dir}\n`);
  }
  return code;
}

/** Writes the run's final weights and its model bundle (after the summary, as the extension does). */
function saveModel(writer: RunFolderWriter, trainer: Trainer, data: Dataset, transforms: Parameters<typeof describeModel>[3]): void {
  const params = trainer.model.params.map((p) => ({ name: p.name, shape: p.shape, values: p.value }));
  writer.weights(params, describeModel(trainer.config.name, trainer.model, data, transforms, trainer.head.loss));
}

/** The config with a model preset applied on top, keeping any degree or PCA size the flags set. */
export function withPreset(config: ExperimentConfig, name: string): ExperimentConfig {
  if (!(MODEL_PRESETS as readonly string[]).includes(name)) {
    throw new UserError(`--preset: there is no preset "${name}"; choose one of ${MODEL_PRESETS.join(', ')}.`);
  }
  const preset = applyPreset(config, name as ModelPreset, {
    ...(config.features.polynomial ? { degree: config.features.polynomial.degree } : {}),
    ...(config.features.pca ? { components: config.features.pca.components } : {}),
    ...(config.model.hidden.length ? { hidden: config.model.hidden.map((h) => h.units) } : {}),
  });
  return { ...preset, features: { ...preset.features, ...(config.features.crosses ? { crosses: config.features.crosses } : {}) } };
}

/**
 * Iterates the trainer, printing as it goes. Every ~50 ms it yields to the event loop so that
 * Ctrl+C can stop the run cleanly (with a summary); a second Ctrl+C exits at once.
 */
async function drive(
  trainer: Trainer, json: boolean, steps: boolean, out: NodeJS.WriteStream, err: NodeJS.WriteStream,
  record?: (e: TrainerEvent) => void,
): Promise<number> {
  const epochs = trainer.config.training.epochs;
  const tty = !json && Boolean(err.isTTY);
  const printEvery = Math.max(1, Math.ceil(epochs / 50));
  let stepInEpoch = 0, lastBar = 0, stopping = false;
  const onSigint = (): void => {
    if (stopping) process.exit(130); // a second Ctrl+C quits at once
    stopping = true;
    trainer.stop();
  };
  process.on('SIGINT', onSigint);
  try {
    let lastYield = performance.now();
    for (const e of trainer.run()) {
      record?.(e);
      if (json && (e.type !== 'step' || steps)) out.write(JSON.stringify(e) + '\n');
      if (e.type === 'step') {
        stepInEpoch++;
        const now = performance.now();
        if (tty && now - lastBar > 100) {
          err.write(progressBar(e.epoch, epochs, stepInEpoch, trainer.stepsPerEpoch, e.loss));
          lastBar = now;
        }
        if (now - lastYield > 50) {
          await new Promise((r) => setImmediate(r));
          lastYield = performance.now();
        }
        continue;
      }
      if (tty) err.write('\r\x1b[K');
      if (json) {
        if (e.type === 'diverged') err.write(`gradient-lab: the run diverged at step ${e.step}: ${e.reason}. To fix it, ${e.suggestion}.\n`);
        if (e.type === 'diverged') return 3;
        continue;
      }
      switch (e.type) {
        case 'started': out.write([...decisionLines(e.dataset), startedLine(e), ...(e.threads ? [e.threads.note] : [])].join('\n') + '\n'); break;
        case 'epoch':
          stepInEpoch = 0;
          if (e.epoch % printEvery === 0 || e.epoch === epochs) out.write(epochLine(e, epochs) + '\n');
          break;
        case 'diverged':
          err.write(`gradient-lab: the run diverged at step ${e.step} (epoch ${e.epoch}): ${e.reason}. To fix it, ${e.suggestion}.\n`);
          break;
        case 'summary':
          out.write(summaryLines(e) + '\n');
          return e.status === 'diverged' ? 3 : 0;
      }
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
